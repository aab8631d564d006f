package dev.perfgate.baseline;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import dev.perfgate.measure.Measurement;
import dev.perfgate.result.ResultWriter;

/**
 * One test's measurement as recorded in a baseline.
 *
 * @param testId          JUnit's unique id of the test (with the invocation, for parameterized tests)
 * @param testName        the test as people read it: {@code CacheTests.cacheHit()}
 * @param samples         recorded invocations
 * @param p50Nanos        median latency
 * @param p99Nanos        99th percentile latency
 * @param blockMedians    median latency of each measurement block, the units of the bootstrap
 * @param histogram       the latency histogram, HdrHistogram compressed V2 in base64
 * @param calibrationNanos the calibration workload's time when this was measured
 * @param fingerprint     the environment
 * @param gitCommit       the commit that was measured, or null outside a git work tree
 */
public record BaselineEntry(String testId, String testName, long samples, long p50Nanos, long p99Nanos,
        long[] blockMedians, String histogram, long calibrationNanos, Fingerprint fingerprint,
        @Nullable String gitCommit) {

    public BaselineEntry {
        if (samples < 0 || calibrationNanos <= 0) {
            throw new IllegalArgumentException("invalid baseline entry for " + testId + ": " + samples
                    + " samples, calibration " + calibrationNanos + " ns");
        }
        blockMedians = blockMedians.clone();
    }

    /** The entry recording {@code measurement} of a test. */
    public static BaselineEntry of(String testId, String testName, Measurement measurement, long calibrationNanos,
            Fingerprint fingerprint, @Nullable String gitCommit) {
        return new BaselineEntry(testId, testName, measurement.samples(), measurement.percentileNanos(50),
                measurement.percentileNanos(99), measurement.blocks().nonEmptyMediansNanos(),
                ResultWriter.encode(measurement.latencyNanos()), calibrationNanos, fingerprint, gitCommit);
    }

    @Override
    public long[] blockMedians() {
        return blockMedians.clone();
    }

    /** The decoded latency histogram. */
    public Histogram decodedHistogram() {
        return ResultWriter.decode(histogram);
    }
}
