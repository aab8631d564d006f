package dev.perfgate.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.OtelOverhead.Statistic;
import dev.perfgate.Severity;
import dev.perfgate.config.Mode;
import dev.perfgate.config.OverheadSettings;
import dev.perfgate.config.PerfgateConfiguration;
import dev.perfgate.config.TestSettings;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.measure.PairedMeasurement;
import dev.perfgate.otel.OverheadTelemetry.Counts;
import dev.perfgate.verdict.Judgement;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.ObjectiveResult;
import dev.perfgate.verdict.OverheadEstimate;
import dev.perfgate.verdict.OverheadGrade;
import dev.perfgate.verdict.OverheadObjective;
import dev.perfgate.verdict.Verdict;

class OverheadResultWriterTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Environment ENVIRONMENT =
            new Environment("Eclipse Adoptium", "17.0.11+9", "OpenJDK 64-Bit Server VM", "Linux", "6.1.0", "amd64",
                    "Example CPU @ 3.00GHz", 8);
    private static final PerfgateConfiguration CONFIGURATION = new PerfgateConfiguration(Mode.ENFORCE, 1.0, 0.001, 1,
            500_000_000L, 2_000_000_000L, 1, 30_000_000_000L, Path.of("target/perfgate/results"));
    private static final MeasurementPlan PLAN =
            new MeasurementPlan(500_000_000L, 2_000_000_000L, 0, 1, null, 30_000_000_000L, 1, 0);
    private static final long SEED = 1234L;

    /** {@code max = 10}, everything else by default. */
    private static final OverheadSettings SETTINGS = settings(Severity.FAIL);
    /** +6.1 % in [+5.2 %, +7 %]: a PASS of {@code max = 10}. */
    private static final OverheadEstimate PASSING = new OverheadEstimate(0.061, 0.052, 0.070, 0.999, 300);
    /** +13 % in [+11 %, +15 %]: a FAIL of {@code max = 10}. */
    private static final OverheadEstimate FAILING = new OverheadEstimate(0.13, 0.11, 0.15, 0.999, 300);
    /** One span per invocation, 12 metric points in all. */
    private static final Counts ONE_SPAN_EACH = new Counts(3_000, 3_000, 12, 0, 0, 0, true);

    @TempDir
    Path directory;

    private static OverheadSettings settings(Severity severity) {
        return new OverheadSettings(new OverheadObjective(0.10, 0.08), Statistic.MEDIAN, Exporter.IN_MEMORY, 1.0,
                severity);
    }

    /** 98 % of the samples at {@code p50Nanos}, 2 % at {@code p99Nanos}. */
    private static Measurement arm(long p50Nanos, long p99Nanos, long samples) {
        long slow = samples / 50;
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(p50Nanos, samples - slow);
        histogram.recordValueWithCount(p99Nanos, slow);
        long sum = (samples - slow) * p50Nanos + slow * p99Nanos;
        return new Measurement(histogram, 0, List.of(), sum, sum, p50Nanos, p99Nanos,
                new Measurement.Blocks(sum, new long[0], new long[0]), 1, 0, 0, 2_000);
    }

    /** 300 pairs of 10 invocations: off p50 100 ns, p99 150 ns; on p50 106 ns, p99 160 ns. */
    private static PairedMeasurement pairs() {
        return pairs(300, 10);
    }

    private static PairedMeasurement pairs(int pairs, int invocationsPerBatch) {
        double[] off = new double[pairs];
        double[] on = new double[pairs];
        boolean[] onFirst = new boolean[pairs];
        Arrays.fill(off, 100);
        Arrays.fill(on, 106);
        for (int i = 0; i < pairs; i += 2) {
            onFirst[i] = true;
        }
        long samples = (long) pairs * invocationsPerBatch;
        return new PairedMeasurement(Statistic.MEDIAN, invocationsPerBatch, off, on, onFirst, arm(100, 150, samples),
                arm(106, 160, samples));
    }

    private static OverheadResult overhead(OverheadSettings settings, @Nullable OverheadEstimate estimate,
            ObjectiveResult result) {
        return new OverheadResult(settings, estimate, pairs(), 1, 1, ONE_SPAN_EACH, result, SEED);
    }

    private static OverheadResult passed() {
        return overhead(SETTINGS, PASSING, SETTINGS.objective().judge(PASSING));
    }

    /**
     * A test under {@code @OtelOverhead} (and {@code @Sla} with {@code slaSeverity}), judged as the extension judges
     * it: the SLA objectives on the "on" arm, then the overhead's result.
     */
    private static TestResult result(Mode mode, Severity slaSeverity, List<ObjectiveResult> sla,
            @Nullable OverheadResult overhead) {
        TestSettings settings = new TestSettings(List.of(new Objective.ErrorRate(0)), slaSeverity, PLAN, null);
        List<ObjectiveResult> results = new ArrayList<>(sla);
        results.add(new ObjectiveResult("errorRate", "<= 0 %", "0 %", 0, 0, "fraction", Verdict.PASS, ""));
        Judgement judgement = new Judgement(results, 1);
        if (overhead != null) {
            judgement = judgement.and(overhead.result());
        }
        return new TestResult("[engine:junit-jupiter]/[class:com.example.SearchTests]/[method:search()]", "search()",
                "SearchTests.search()", "com.example.SearchTests.search", "com.example.SearchTests", "search", mode,
                settings, CONFIGURATION, pairs().on(), judgement, Instant.parse("2024-05-01T12:00:00Z"), ENVIRONMENT,
                overhead);
    }

    private static TestResult result(@Nullable OverheadResult overhead) {
        return result(Mode.ENFORCE, Severity.FAIL, List.of(), overhead);
    }

    private static ObjectiveResult slaFailure() {
        return new ObjectiveResult("p99", "<= 150 ns", "160 ns", 150, 160, "ns", Verdict.FAIL,
                "2 % of 3,000 samples above 150 ns; at most 1 % allowed");
    }

    private JsonNode write(TestResult result) throws IOException {
        return JSON.readTree(ResultWriter.write(result, directory).toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void writesTheOverheadSectionInItsOrder() throws IOException {
        JsonNode overhead = write(result(passed())).get("otelOverhead");

        assertThat(keys(overhead)).containsExactly("maxPercent", "warnPercent", "statistic", "exporter",
                "samplingRatio", "severity", "verdict", "estimatePercent", "lowerPercent", "upperPercent", "confidence",
                "grade", "pairs", "invocationsPerBatch", "rounds", "measurements", "seed", "off", "on", "telemetry");
        assertThat(keys(overhead.get("off"))).containsExactly("samples", "errors", "p50Ns", "p99Ns", "meanNs",
                "measuredDurationNs");
        assertThat(keys(overhead.get("telemetry"))).containsExactly("spans", "spansExported", "metricPoints",
                "failedExports", "otlpRequests", "otlpBytes", "flushComplete", "spansPerOperation",
                "metricPointsPerOperation");
    }

    @Test
    void recordsTheLimitsTheEstimateAndItsGrade() throws IOException {
        JsonNode overhead = write(result(passed())).get("otelOverhead");

        assertThat(overhead.get("maxPercent").asDouble()).isCloseTo(10.0, within(1e-9));
        assertThat(overhead.get("warnPercent").asDouble()).isCloseTo(8.0, within(1e-9));
        assertThat(overhead.get("statistic").asText()).isEqualTo("MEDIAN");
        assertThat(overhead.get("exporter").asText()).isEqualTo("IN_MEMORY");
        assertThat(overhead.get("samplingRatio").asDouble()).isEqualTo(1.0);
        assertThat(overhead.get("severity").asText()).isEqualTo("FAIL");
        assertThat(overhead.get("verdict").asText()).isEqualTo("PASS");
        assertThat(overhead.get("estimatePercent").asDouble()).isCloseTo(6.1, within(1e-9));
        assertThat(overhead.get("lowerPercent").asDouble()).isCloseTo(5.2, within(1e-9));
        assertThat(overhead.get("upperPercent").asDouble()).isCloseTo(7.0, within(1e-9));
        assertThat(overhead.get("confidence").asDouble()).isEqualTo(0.999);
        assertThat(overhead.get("grade").asText()).isEqualTo("good");
    }

    @Test
    void recordsThePairsAndBothArms() throws IOException {
        JsonNode overhead = write(result(passed())).get("otelOverhead");

        assertThat(overhead.get("pairs").asInt()).isEqualTo(300);
        assertThat(overhead.get("invocationsPerBatch").asInt()).isEqualTo(10);
        assertThat(overhead.get("rounds").asInt()).isEqualTo(1);
        assertThat(overhead.get("measurements").asInt()).isEqualTo(1);
        assertThat(overhead.get("seed").asLong()).isEqualTo(SEED);
        JsonNode off = overhead.get("off");
        assertThat(off.get("samples").asLong()).isEqualTo(3_000);
        assertThat(off.get("errors").asLong()).isZero();
        assertThat(off.get("p50Ns").asLong()).isEqualTo(100);
        assertThat(off.get("p99Ns").asLong()).isEqualTo(150);
        assertThat(off.get("meanNs").asDouble()).isEqualTo(101.0); // 98 % at 100 ns, 2 % at 150 ns
        assertThat(off.get("measuredDurationNs").asLong()).isEqualTo(303_000);
        JsonNode on = overhead.get("on");
        assertThat(on.get("samples").asLong()).isEqualTo(3_000);
        assertThat(on.get("p50Ns").asLong()).isEqualTo(106);
        assertThat(on.get("p99Ns").asLong()).isEqualTo(160);
    }

    @Test
    void recordsWhatTheOnArmProduced() throws IOException {
        JsonNode telemetry = write(result(passed())).get("otelOverhead").get("telemetry");

        assertThat(telemetry.get("spans").asLong()).isEqualTo(3_000);
        assertThat(telemetry.get("spansExported").asLong()).isEqualTo(3_000);
        assertThat(telemetry.get("metricPoints").asLong()).isEqualTo(12);
        assertThat(telemetry.get("failedExports").asLong()).isZero();
        assertThat(telemetry.get("otlpRequests").asLong()).isZero();
        assertThat(telemetry.get("otlpBytes").asLong()).isZero();
        assertThat(telemetry.get("flushComplete").asBoolean()).isTrue();
        assertThat(telemetry.get("spansPerOperation").asDouble()).isEqualTo(1.0);
        assertThat(telemetry.get("metricPointsPerOperation").asDouble()).isEqualTo(0.004);
    }

    @Test
    void theOverheadIsOneOfTheObjectives() throws IOException {
        JsonNode json = write(result(passed()));

        JsonNode objective = json.get("objectives").get(1);
        assertThat(objective.get("name").asText()).isEqualTo("otelOverhead");
        assertThat(objective.get("limit").asDouble()).isCloseTo(10.0, within(1e-9));
        assertThat(objective.get("actual").asDouble()).isCloseTo(6.1, within(1e-9));
        assertThat(objective.get("unit").asText()).isEqualTo("%");
        assertThat(objective.get("verdict").asText()).isEqualTo("PASS");
        assertThat(objective.get("expectedText").asText()).isEqualTo("<= 10 %");
        assertThat(objective.get("actualText").asText()).isEqualTo("+6.1 %");
        assertThat(objective.get("evidence").asText())
                .isEqualTo("99.9 % interval +5.2 % to +7 %; median of 300 paired ratios; grade good");
    }

    @Test
    void withoutAnEstimateItsFieldsAreNull() throws IOException {
        ObjectiveResult unjudged = SETTINGS.objective().unjudged("too few pairs to judge");

        JsonNode overhead = write(result(overhead(SETTINGS, null, unjudged))).get("otelOverhead");

        assertThat(overhead.get("verdict").asText()).isEqualTo("WARN");
        for (String key : new String[] {"estimatePercent", "lowerPercent", "upperPercent", "confidence", "grade"}) {
            assertThat(overhead.get(key).isNull()).as(key).isTrue();
        }
        assertThat(overhead.get("pairs").asInt()).isEqualTo(300);
    }

    @Test
    void anArmWithoutSamplesHasNullLatencies() throws IOException {
        Histogram empty = new Histogram(3);
        Measurement failedThroughout = new Measurement(empty, 3_000, List.of(new IllegalStateException("down")),
                303_000, 0, 0, 0, new Measurement.Blocks(303_000, new long[0], new long[0]), 1, 0, 0, 2_000);
        PairedMeasurement measurement = new PairedMeasurement(Statistic.MEDIAN, 10, new double[] {100},
                new double[] {Double.NaN}, new boolean[] {true}, pairs().off(), failedThroughout);
        ObjectiveResult unjudged = SETTINGS.objective().unjudged("too few pairs to judge");
        OverheadResult overhead = new OverheadResult(SETTINGS, null, measurement, 3, 1, ONE_SPAN_EACH, unjudged, SEED);

        JsonNode on = write(result(overhead)).get("otelOverhead").get("on");

        assertThat(on.get("samples").asLong()).isZero();
        assertThat(on.get("errors").asLong()).isEqualTo(3_000);
        assertThat(on.get("p50Ns").isNull()).isTrue();
        assertThat(on.get("p99Ns").isNull()).isTrue();
        assertThat(on.get("meanNs").isNull()).isTrue();
        // spans per invocation count the failed invocations too
        assertThat(overhead.spansPerOperation()).isEqualTo(1.0);
    }

    @Test
    void testsWithoutOverheadHaveNoOverheadSection() throws IOException {
        assertThat(write(result(null)).has("otelOverhead")).isFalse();
    }

    @Test
    void describesTheMeasurementForPeople() {
        assertThat(passed().describe()).isEqualTo("off p50 100 ns, p99 150 ns; on p50 106 ns, p99 160 ns; 300 pairs "
                + "of 10 invocations, batch MEDIAN; exporter IN_MEMORY, sampling 100 %; per invocation 1 span, "
                + "0.004 metric points");
    }

    @Test
    void describesDroppedSpansFailedExportsAndTheOtlpReceiver() {
        OverheadSettings otlp = new OverheadSettings(new OverheadObjective(0.10, 0.08), Statistic.P99, Exporter.OTLP,
                0.25, Severity.FAIL);
        Counts lossy = new Counts(450, 400, 3, 2, 40, 123_456, true);
        OverheadResult overhead = new OverheadResult(otlp, PASSING, pairs(300, 1), 1, 1, lossy,
                otlp.objective().judge(PASSING), SEED);

        assertThat(overhead.spansPerOperation()).isEqualTo(1.5);
        assertThat(overhead.metricPointsPerOperation()).isEqualTo(0.01);
        assertThat(overhead.describe()).isEqualTo("off p50 100 ns, p99 150 ns; on p50 106 ns, p99 160 ns; 300 pairs "
                + "of 1 invocation, batch P99; exporter OTLP, sampling 25 %; per invocation 1.5 spans, 0.01 metric "
                + "points (50 spans dropped by a full export queue) (2 exports failed); OTLP receiver read 40 "
                + "requests, 123,456 bytes");
    }

    @Test
    void spansThatAreNeverExportedAreNotDroppedWithoutAnExporter() {
        OverheadSettings none = new OverheadSettings(new OverheadObjective(0.10, 0.08), Statistic.MEDIAN,
                Exporter.NONE, 1.0, Severity.FAIL);
        OverheadResult overhead = new OverheadResult(none, PASSING, pairs(), 1, 1,
                new Counts(3_000, 0, 0, 0, 0, 0, true), none.objective().judge(PASSING), SEED);

        assertThat(overhead.describe()).endsWith("; exporter NONE, sampling 100 %; per invocation 1 span, 0 metric "
                + "points");
    }

    @Test
    void theGradeIsTheEstimates() {
        assertThat(passed().grade()).isEqualTo(OverheadGrade.GOOD);
        assertThat(overhead(SETTINGS, null, SETTINGS.objective().unjudged("too few pairs")).grade()).isNull();
    }

    @Test
    void anOverheadFailureOfSeverityWarnDoesNotFailTheTest() throws IOException {
        OverheadSettings warnOnly = settings(Severity.WARN);
        TestResult result = result(overhead(warnOnly, FAILING, warnOnly.objective().judge(FAILING)));

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.failsTest()).isFalse();
        JsonNode json = write(result);
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("failsTest").asBoolean()).isFalse();
        assertThat(json.get("otelOverhead").get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("otelOverhead").get("severity").asText()).isEqualTo("WARN");
    }

    @Test
    void anSlaFailureStillFailsTheTestWhenTheOverheadIsOnlyWarned() {
        OverheadSettings warnOnly = settings(Severity.WARN);
        TestResult result = result(Mode.ENFORCE, Severity.FAIL, List.of(slaFailure()),
                overhead(warnOnly, FAILING, warnOnly.objective().judge(FAILING)));

        assertThat(result.failsTest()).isTrue();
    }

    @Test
    void anOverheadFailureOfSeverityFailFailsTheTestInEnforceModeOnly() {
        OverheadResult failed = overhead(SETTINGS, FAILING, SETTINGS.objective().judge(FAILING));

        assertThat(result(Mode.ENFORCE, Severity.WARN, List.of(), failed).failsTest()).isTrue();
        assertThat(result(Mode.REPORT, Severity.FAIL, List.of(), failed).failsTest()).isFalse();
    }

    @Test
    void anSlaFailureOfSeverityWarnDoesNotFailTheTestWhenTheOverheadPasses() {
        assertThat(result(Mode.ENFORCE, Severity.WARN, List.of(slaFailure()), passed()).failsTest()).isFalse();
        assertThat(result(Mode.ENFORCE, Severity.FAIL, List.of(slaFailure()), passed()).failsTest()).isTrue();
    }
}
