package dev.perfgate.result;

import java.time.Instant;

import dev.perfgate.Severity;
import dev.perfgate.config.Mode;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.verdict.Judgement;
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
        Environment environment) {

    /** The worst objective verdict. */
    public Verdict verdict() {
        return judgement.verdict();
    }

    /** Whether this result fails its test: a FAIL, in {@code enforce} mode, of a {@code Severity.FAIL} SLA. */
    public boolean failsTest() {
        return verdict() == Verdict.FAIL && mode == Mode.ENFORCE && settings.severity() == Severity.FAIL;
    }
}
