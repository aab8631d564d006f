package dev.perfgate.result;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.perfgate.Severity;
import dev.perfgate.config.Mode;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.OverheadObjective;
import dev.perfgate.verdict.Verdict;

/**
 * Everything known about one measured test: what was asked, what was measured, how it was judged.
 *
 * @param testId        JUnit's unique id of the test (with the invocation, for parameterized tests)
 * @param displayName   JUnit's display name
 * @param testName      the name used in messages: {@code CacheTests.cacheHit()}
 * @param fileName      the result file's name without extension, unique per test and readable
 * @param className     the test class's binary name
 * @param methodName    the test method's name
 * @param mode          the effective {@code perfgate.mode}
 * @param settings      objectives and plan
 * @param configuration the run's configuration
 * @param measurement   the last measurement
 * @param judgement     the verdicts, over all measurements
 * @param timestamp     when the test finished measuring
 * @param environment   where it ran
 * @param overhead      the {@code @OtelOverhead} measurement, {@code null} for tests without one
 */
public record TestResult(
        String testId,
        String displayName,
        String testName,
        String fileName,
        String className,
        String methodName,
        Mode mode,
        TestSettings settings,
        PerfgateConfiguration configuration,
        Measurement measurement,
        Judgement judgement,
        Instant timestamp,
        Environment environment,
        @Nullable OverheadResult overhead) {

    /** The result of a test without an {@code @OtelOverhead} measurement. */
    public TestResult(String testId, String displayName, String testName, String fileName, String className,
            String methodName, Mode mode, TestSettings settings, PerfgateConfiguration configuration,
            Measurement measurement, Judgement judgement, Instant timestamp, Environment environment) {
        this(testId, displayName, testName, fileName, className, methodName, mode, settings, configuration,
                measurement, judgement, timestamp, environment, null);
    }

    /** The worst objective verdict. */
    public Verdict verdict() {
        return judgement.verdict();
    }

    /**
     * Whether this result fails its test: in {@code enforce} mode, a FAIL of a {@code Severity.FAIL} SLA objective
     * or of a {@code Severity.FAIL} overhead limit.
     */
    public boolean failsTest() {
        if (mode != Mode.ENFORCE) {
            return false;
        }
        boolean overheadFails = overhead != null && overhead.result().verdict() == Verdict.FAIL
                && overhead.settings().severity() == Severity.FAIL;
        boolean slaFails = judgement.results().stream().anyMatch(result -> result.verdict() == Verdict.FAIL
                && !result.name().equals(OverheadObjective.NAME)) && settings.severity() == Severity.FAIL;
        return overheadFails || slaFails;
    }
}
