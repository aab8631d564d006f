package dev.perfgate.verdict;

import dev.perfgate.measure.Measurement;
import dev.perfgate.stats.BatchMeans;
import dev.perfgate.stats.BinomialTail;

import org.HdrHistogram.Histogram;

/**
 * One performance objective and how it is judged. Limits are already scaled by {@code perfgate.sla.scale}.
 */
public interface Objective {

    /**
     * Tail samples a percentile needs: with {@code 10 / (1 - q)} samples, an objective that just holds has ten
     * samples beyond its limit, enough for the binomial test to tell a small excess from noise.
     */
    int TAIL_SAMPLES = 10;

    /** The name, as in the annotation. */
    String name();

    /** Invocations needed before this objective can be judged (the harness extends a measurement to get them). */
    long requiredSamples();

    /** Complete measurement blocks needed before this objective can be judged. */
    default int requiredBlocks() {
        return 0;
    }

    /** Judges this objective on {@code measurement} at significance level {@code alpha}. */
    ObjectiveResult judge(Measurement measurement, double alpha);

    /** A latency percentile: {@code p<level> <= limit}, e.g. p99 at most 1 ms. */
    record Percentile(String name, double quantile, long limitNanos) implements Objective {

        public Percentile {
            if (!(quantile > 0 && quantile < 1) || limitNanos < 0) {
                throw new IllegalArgumentException("invalid percentile " + quantile + " <= " + limitNanos + " ns");
            }
        }

        @Override
        public long requiredSamples() {
            return (long) Math.ceil(TAIL_SAMPLES / (1 - quantile) - 1e-9);
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = "<= " + Units.duration(limitNanos);
            Histogram histogram = measurement.latencyNanos();
            long samples = histogram.getTotalCount();
            if (samples == 0) {
                return new ObjectiveResult(name, expected, "n/a", limitNanos, Double.NaN, "ns", Verdict.WARN,
                        "no invocation returned normally, nothing to judge");
            }
            long valueNanos = measurement.percentileNanos(quantile * 100);
            // HdrHistogram counts by bucket: samples within 0.1 % above the limit share its bucket and count as
            // within it. That is the histogram's stated precision (3 significant digits).
            long beyond = samples - histogram.getCountBetweenValues(0, limitNanos);
            double allowed = 1 - quantile;
            double pValue = BinomialTail.pValueExceeds(samples, beyond, allowed);
            String evidence = Units.percent((double) beyond / samples) + " of " + Units.count(samples)
                    + " samples above " + Units.duration(limitNanos) + "; at most " + Units.percent(allowed)
                    + " allowed";
            Verdict verdict;
            if (pValue < alpha) {
                verdict = Verdict.FAIL;
                // Invocations delayed by one stall fail together, so the binomial test's independence does not
                // hold for them: a stall fails the test only if the confirming measurement fails on its own.
            }
            else if ((double) beyond / samples > allowed) {
                verdict = Verdict.WARN;
                evidence += "; above the limit but not significant at " + Units.percent(1 - alpha) + " confidence";
            }
            else if (samples < requiredSamples()) {
                verdict = Verdict.WARN;
                evidence = "insufficient samples: " + Units.count(samples) + " of " + Units.count(requiredSamples())
                        + " needed to judge " + name + "; " + evidence;
            }
            else {
                verdict = Verdict.PASS;
            }
            return new ObjectiveResult(name, expected, Units.duration(valueNanos), limitNanos, valueNanos, "ns",
                    verdict, evidence);
        }
    }

    /** No invocation may take longer than the limit. */
    record Max(long limitNanos) implements Objective {

        @Override
        public String name() {
            return "max";
        }

        @Override
        public long requiredSamples() {
            return 1;
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = "<= " + Units.duration(limitNanos);
            long samples = measurement.samples();
            if (samples == 0) {
                return new ObjectiveResult(name(), expected, "n/a", limitNanos, Double.NaN, "ns", Verdict.WARN,
                        "no invocation returned normally, nothing to judge");
            }
            long max = measurement.maxNanos();
            boolean fail = max > limitNanos;
            String evidence = fail
                    ? "slowest of " + Units.count(samples) + " samples took " + Units.duration(max)
                    : "";
            return new ObjectiveResult(name(), expected, Units.duration(max), limitNanos, max, "ns",
                    fail ? Verdict.FAIL : Verdict.PASS, evidence);
        }
    }

    /** The mean latency, judged with a batch-means interval. */
    record Mean(long limitNanos) implements Objective {

        @Override
        public String name() {
            return "mean";
        }

        @Override
        public long requiredSamples() {
            return 2;
        }

        @Override
        public int requiredBlocks() {
            return BatchMeans.MIN_BLOCKS;
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = "<= " + Units.duration(limitNanos);
            double mean = measurement.meanNanos();
            double[] blockMeans = measurement.blocks().meansNanos();
            if (Double.isNaN(mean) || blockMeans.length < BatchMeans.MIN_BLOCKS) {
                return new ObjectiveResult(name(), expected, Units.duration(mean), limitNanos, mean, "ns",
                        Verdict.WARN, "insufficient measurement blocks: " + blockMeans.length + " of "
                                + BatchMeans.MIN_BLOCKS + " needed for an interval");
            }
            double lower = BatchMeans.lowerBound(blockMeans, alpha);
            String evidence = Units.percent(1 - alpha) + " lower bound " + Units.duration(Math.max(0, lower))
                    + " over " + blockMeans.length + " blocks";
            Verdict verdict = lower > limitNanos ? Verdict.FAIL
                    : mean > limitNanos ? Verdict.WARN : Verdict.PASS;
            return new ObjectiveResult(name(), expected, Units.duration(mean), limitNanos, mean, "ns", verdict,
                    verdict == Verdict.PASS ? "" : evidence);
        }
    }

    /** The rate of successful invocations, judged with a batch-means interval. */
    record Throughput(double minPerSecond) implements Objective {

        @Override
        public String name() {
            return "throughput";
        }

        @Override
        public long requiredSamples() {
            return 2;
        }

        @Override
        public int requiredBlocks() {
            return BatchMeans.MIN_BLOCKS;
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = ">= " + Units.rate(minPerSecond);
            double rate = measurement.throughputPerSecond();
            double[] blockRates = measurement.blocks().throughputsPerSecond();
            if (blockRates.length < BatchMeans.MIN_BLOCKS) {
                return new ObjectiveResult(name(), expected, Units.rate(rate), minPerSecond, rate, "1/s",
                        Verdict.WARN, "insufficient measurement blocks: " + blockRates.length + " of "
                                + BatchMeans.MIN_BLOCKS + " needed for an interval");
            }
            double upper = BatchMeans.upperBound(blockRates, alpha);
            String evidence = Units.percent(1 - alpha) + " upper bound " + Units.rate(Math.max(0, upper))
                    + " over " + blockRates.length + " blocks";
            Verdict verdict = upper < minPerSecond ? Verdict.FAIL
                    : rate < minPerSecond ? Verdict.WARN : Verdict.PASS;
            return new ObjectiveResult(name(), expected, Units.rate(rate), minPerSecond, rate, "1/s", verdict,
                    verdict == Verdict.PASS ? "" : evidence);
        }
    }

    /**
     * Bytes allocated per invocation at most {@code limitBytes}: {@code perOperation} of {@code @MemoryBudget}.
     * Allocation is counted, not sampled, so the figure is exact to the thread-local buffers it is counted in and
     * needs no interval: above the limit is a FAIL.
     */
    record AllocationPerOperation(long limitBytes) implements Objective {

        public AllocationPerOperation {
            if (limitBytes < 0) {
                throw new IllegalArgumentException("invalid allocation limit " + limitBytes + " B");
            }
        }

        @Override
        public String name() {
            return "allocation";
        }

        @Override
        public long requiredSamples() {
            return 1;
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = "<= " + Units.bytesPerOperation(limitBytes);
            double perOperation = measurement.allocatedBytesPerOperation();
            if (Double.isNaN(perOperation)) {
                return new ObjectiveResult(name(), expected, "n/a", limitBytes, Double.NaN, "B", Verdict.WARN,
                        measurement.allocatedBytes() < 0 ? "this JVM cannot count allocated bytes per thread"
                                : "nothing was invoked");
            }
            Verdict verdict = perOperation > limitBytes ? Verdict.FAIL : Verdict.PASS;
            String evidence = verdict == Verdict.FAIL ? Units.bytes(measurement.allocatedBytes()) + " over "
                    + Units.count(measurement.invocations()) + " invocations" : "";
            return new ObjectiveResult(name(), expected, Units.bytesPerOperation(perOperation), limitBytes,
                    perOperation, "B", verdict, evidence);
        }
    }

    /** The fraction of invocations that threw an exception. */
    record ErrorRate(double maxFraction) implements Objective {

        public ErrorRate {
            if (!(maxFraction >= 0 && maxFraction <= 1)) {
                throw new IllegalArgumentException("error rate must be in [0, 1], was " + maxFraction);
            }
        }

        @Override
        public String name() {
            return "errorRate";
        }

        @Override
        public long requiredSamples() {
            return maxFraction == 0 ? 1 : (long) Math.ceil(TAIL_SAMPLES / maxFraction - 1e-9);
        }

        @Override
        public ObjectiveResult judge(Measurement measurement, double alpha) {
            String expected = "<= " + Units.percent(maxFraction);
            long invocations = measurement.invocations();
            long errors = measurement.errors();
            if (invocations == 0) {
                return new ObjectiveResult(name(), expected, "n/a", maxFraction, Double.NaN, "fraction",
                        Verdict.WARN, "no invocation measured");
            }
            double fraction = (double) errors / invocations;
            String evidence = Units.count(errors) + " of " + Units.count(invocations) + " invocations threw";
            if (!measurement.firstErrors().isEmpty()) {
                evidence += " (first: " + measurement.firstErrors().get(0) + ")";
            }
            double pValue = BinomialTail.pValueExceeds(invocations, errors, maxFraction);
            Verdict verdict;
            if (pValue < alpha) {
                verdict = Verdict.FAIL;
            }
            else if (fraction > maxFraction) {
                verdict = Verdict.WARN;
                evidence += "; above the limit but not significant at " + Units.percent(1 - alpha) + " confidence";
            }
            else if (invocations < requiredSamples()) {
                verdict = Verdict.WARN;
                evidence = "insufficient samples: " + Units.count(invocations) + " of "
                        + Units.count(requiredSamples()) + " needed to judge errorRate; " + evidence;
            }
            else {
                verdict = Verdict.PASS;
            }
            return new ObjectiveResult(name(), expected, Units.percent(fraction), maxFraction, fraction, "fraction",
                    verdict, verdict == Verdict.PASS && errors == 0 ? "" : evidence);
        }
    }
}
