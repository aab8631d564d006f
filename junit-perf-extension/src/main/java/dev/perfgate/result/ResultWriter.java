package dev.perfgate.result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.perfgate.config.OverheadSettings;
import dev.perfgate.stats.ComplexityCeiling;
import dev.perfgate.stats.ComplexityFit;
import dev.perfgate.measure.Measurement;
import dev.perfgate.measure.PairedMeasurement;
import dev.perfgate.otel.OverheadTelemetry.Counts;
import dev.perfgate.verdict.OverheadEstimate;
import dev.perfgate.verdict.OverheadGrade;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.verdict.ObjectiveResult;

/**
 * Writes a {@link TestResult} as JSON ({@code docs/result-format.md}): to a temporary file in the target folder,
 * then moved over the old result in one step, so that a reader sees the old result or the new one, never half of
 * either.
 */
public final class ResultWriter {

    /** The {@code format} field of every result file. */
    public static final String FORMAT = "perfgate-result";

    /** The version of the result format; a reader refuses versions it does not know. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};
    private static final String[] PERCENTILE_KEYS = {"p50", "p90", "p95", "p99", "p999"};

    private ResultWriter() {
    }

    /**
     * Writes {@code result} to {@code <directory>/<fileName>.json}, creating the folder when needed.
     *
     * @return the file written
     */
    public static Path write(TestResult result, Path directory) {
        Path target = directory.resolve(result.fileName() + ".json");
        try {
            AtomicFiles.writeJson(target, toJson(result));
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not write the perfgate result of " + result.testName() + " to "
                    + directory.toAbsolutePath(), e);
        }
    }

    /** The JSON tree of {@code result}, in the documented key order. */
    public static ObjectNode toJson(TestResult result) {
        Measurement measurement = result.measurement();
        MeasurementPlan plan = result.settings().plan();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("testId", result.testId());
        root.put("displayName", result.displayName());
        root.put("testName", result.testName());
        root.put("className", result.className());
        root.put("methodName", result.methodName());
        root.put("timestamp", result.timestamp().toString());
        root.put("verdict", result.verdict().name());
        root.put("failsTest", result.failsTest());
        root.put("mode", result.mode().name().toLowerCase(Locale.ROOT));
        root.put("severity", result.settings().severity().name());
        root.put("measurements", result.judgement().measurements());

        ObjectNode configuration = root.putObject("configuration");
        configuration.put("warmupNs", plan.warmupNanos());
        configuration.put("durationNs", plan.durationNanos());
        configuration.put("iterations", plan.iterations());
        configuration.put("threads", plan.threads());
        if (plan.rate() != null) {
            configuration.put("rate", result.settings().rateText());
            configuration.put("ratePerSecond", plan.rate().perSecond());
        }
        else {
            configuration.putNull("rate");
        }
        configuration.put("maxDurationNs", plan.maxDurationNanos());
        configuration.put("requiredSamples", plan.requiredSamples());
        configuration.put("alpha", result.configuration().alpha());
        configuration.put("scale", result.configuration().scale());
        configuration.put("confirmRetries", result.configuration().confirmRetries());

        root.put("samples", measurement.samples());
        root.put("errors", measurement.errors());
        ArrayNode errors = root.putArray("firstErrors");
        measurement.firstErrors().forEach(error -> errors.add(error.toString()));
        root.put("measuredDurationNs", measurement.elapsedNanos());
        root.put("throughputPerSecond", measurement.throughputPerSecond());
        root.put("warmupInvocations", measurement.warmupInvocations());
        root.put("scheduledStarts", measurement.scheduledStarts());
        root.put("lateStarts", measurement.lateStarts());
        root.put("missedStarts", measurement.missedStarts());
        if (measurement.allocatedBytes() >= 0) {
            root.put("allocatedBytes", measurement.allocatedBytes());
            putNumberOrNull(root, "allocatedBytesPerOperation", measurement.allocatedBytesPerOperation());
        }
        else {
            root.putNull("allocatedBytes");
            root.putNull("allocatedBytesPerOperation");
        }
        ObjectNode gc = root.putObject("gc");
        gc.put("collections", measurement.gcCollections());
        gc.put("pauseNs", measurement.gcPauseNanos());
        ObjectNode blocks = root.putObject("blocks");
        blocks.put("blockNs", measurement.blocks().blockNanos());
        blocks.put("count", measurement.blocks().size());

        ObjectNode latency = root.putObject("latencyNs");
        Histogram histogram = measurement.latencyNanos();
        boolean any = measurement.samples() > 0;
        putOrNull(latency, "min", any, measurement.minNanos());
        for (int i = 0; i < PERCENTILES.length; i++) {
            putOrNull(latency, PERCENTILE_KEYS[i], any, measurement.percentileNanos(PERCENTILES[i]));
        }
        putOrNull(latency, "max", any, measurement.maxNanos());
        if (any) {
            latency.put("mean", measurement.meanNanos());
        }
        else {
            latency.putNull("mean");
        }

        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveResult objective : result.judgement().results()) {
            ObjectNode node = objectives.addObject();
            node.put("name", objective.name());
            node.put("limit", objective.limit());
            if (Double.isNaN(objective.value())) {
                node.putNull("actual");
            }
            else {
                node.put("actual", objective.value());
            }
            node.put("unit", objective.unit());
            node.put("verdict", objective.verdict().name());
            node.put("expectedText", objective.expected());
            node.put("actualText", objective.actual());
            node.put("evidence", objective.evidence());
        }

        if (result.overhead() != null) {
            putOverhead(root.putObject("otelOverhead"), result.overhead());
        }

        Environment environment = result.environment();
        ObjectNode env = root.putObject("environment");
        env.put("jvmVendor", environment.jvmVendor());
        env.put("jvmVersion", environment.jvmVersion());
        env.put("jvmName", environment.jvmName());
        env.put("osName", environment.osName());
        env.put("osVersion", environment.osVersion());
        env.put("osArch", environment.osArch());
        env.put("cpuModel", environment.cpuModel());
        env.put("cores", environment.cores());

        ObjectNode encoded = root.putObject("histogram");
        encoded.put("encoding", "HdrHistogram V2 compressed, base64");
        encoded.put("unit", "ns");
        encoded.put("data", encode(histogram));
        return root;
    }

    /** The format of a scaling verdict's file. */
    public static final String SCALING_FORMAT = "perfgate-scaling";

    /**
     * Writes a {@code @ScalingTest}'s verdict to {@code <directory>/<fileName>.json} (docs/result-format.md,
     * {@code perfgate-scaling}).
     *
     * @param measured the measurement of each size the fit used
     */
    public static Path writeScaling(Path directory, String fileName, String testId, String testName, String className,
            String methodName, Map<Long, Measurement> measured, ComplexityFit fit, ComplexityCeiling ceiling,
            boolean failsTest, Instant timestamp) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", SCALING_FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("testId", testId);
        root.put("testName", testName);
        root.put("className", className);
        root.put("methodName", methodName);
        root.put("timestamp", timestamp.toString());
        root.put("verdict", ceiling.verdict().name());
        root.put("failsTest", failsTest);
        root.put("expect", ceiling.expected().name());
        root.put("expectNotation", ceiling.expected().notation());
        root.put("best", fit.best().complexity().name());
        root.put("bestNotation", fit.best().complexity().notation());
        root.put("evidence", ceiling.evidence());
        ArrayNode sizes = root.putArray("sizes");
        for (long size : fit.sizes()) {
            Measurement measurement = measured.get(size);
            ObjectNode node = sizes.addObject();
            node.put("size", size);
            node.put("samples", measurement.samples());
            node.put("p50Ns", measurement.percentileNanos(50));
            node.put("p99Ns", measurement.percentileNanos(99));
        }
        ArrayNode fits = root.putArray("fits");
        for (ComplexityFit.ClassFit each : fit.fits()) {
            ObjectNode node = fits.addObject();
            node.put("complexity", each.complexity().name());
            node.put("notation", each.complexity().notation());
            node.put("coefficientNs", each.coefficient());
            node.put("residualSumOfSquares", each.residualSumOfSquares());
            node.put("typicalFactor", each.typicalFactor());
            node.put("curve", each.curve());
        }
        Path target = directory.resolve(fileName + ".json");
        try {
            AtomicFiles.writeJson(target, root);
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not write the perfgate scaling verdict of " + testName + " to "
                    + directory.toAbsolutePath(), e);
        }
    }

    /** The {@code otelOverhead} object: see docs/result-format.md. */
    private static void putOverhead(ObjectNode node, OverheadResult overhead) {
        OverheadSettings settings = overhead.settings();
        node.put("maxPercent", settings.objective().maxFraction() * 100);
        node.put("warnPercent", settings.objective().warnFraction() * 100);
        node.put("statistic", settings.statistic().name());
        node.put("exporter", settings.exporter().name());
        node.put("samplingRatio", settings.samplingRatio());
        node.put("severity", settings.severity().name());
        node.put("verdict", overhead.result().verdict().name());
        OverheadEstimate estimate = overhead.estimate();
        if (estimate != null) {
            node.put("estimatePercent", estimate.estimate() * 100);
            node.put("lowerPercent", estimate.lower() * 100);
            node.put("upperPercent", estimate.upper() * 100);
            node.put("confidence", estimate.confidence());
            node.put("grade", OverheadGrade.of(estimate.estimate()).label());
        }
        else {
            node.putNull("estimatePercent");
            node.putNull("lowerPercent");
            node.putNull("upperPercent");
            node.putNull("confidence");
            node.putNull("grade");
        }
        PairedMeasurement pairs = overhead.measurement();
        node.put("pairs", pairs.pairs());
        node.put("invocationsPerBatch", pairs.invocationsPerBatch());
        node.put("rounds", overhead.rounds());
        node.put("measurements", overhead.measurements());
        node.put("seed", overhead.seed());
        putArm(node.putObject("off"), pairs.off());
        putArm(node.putObject("on"), pairs.on());
        Counts telemetry = overhead.telemetry();
        ObjectNode produced = node.putObject("telemetry");
        produced.put("spans", telemetry.spansEnded());
        produced.put("spansExported", telemetry.spansExported());
        produced.put("metricPoints", telemetry.metricPoints());
        produced.put("failedExports", telemetry.failedExports());
        produced.put("otlpRequests", telemetry.otlpRequests());
        produced.put("otlpBytes", telemetry.otlpBytes());
        produced.put("flushComplete", telemetry.complete());
        putNumberOrNull(produced, "spansPerOperation", overhead.spansPerOperation());
        putNumberOrNull(produced, "metricPointsPerOperation", overhead.metricPointsPerOperation());
    }

    private static void putArm(ObjectNode node, Measurement arm) {
        boolean any = arm.samples() > 0;
        node.put("samples", arm.samples());
        node.put("errors", arm.errors());
        putOrNull(node, "p50Ns", any, arm.percentileNanos(50));
        putOrNull(node, "p99Ns", any, arm.percentileNanos(99));
        putNumberOrNull(node, "meanNs", arm.meanNanos());
        node.put("measuredDurationNs", arm.elapsedNanos());
    }

    private static void putNumberOrNull(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        }
        else {
            node.put(key, value);
        }
    }

    /** The histogram as HdrHistogram's compressed V2 encoding in base64, as its log format stores it. */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** Reads back a histogram written by {@link #encode(Histogram)}. */
    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        }
        catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an HdrHistogram compressed encoding: " + e.getMessage(), e);
        }
    }

    private static void putOrNull(ObjectNode node, String key, boolean present, long value) {
        if (present) {
            node.put(key, value);
        }
        else {
            node.putNull(key);
        }
    }
}
