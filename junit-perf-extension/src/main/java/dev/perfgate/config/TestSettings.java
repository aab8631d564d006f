package dev.perfgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.jspecify.annotations.Nullable;

import dev.perfgate.Measure;
import dev.perfgate.Severity;
import dev.perfgate.Sla;
import dev.perfgate.measure.MeasurementPlan;
import dev.perfgate.verdict.Objective;
import dev.perfgate.verdict.Units;

/**
 * Everything perfgate needs to measure and judge one test, resolved from its annotations and the run's
 * configuration. This is the one place where precedence is decided: method annotation, then class annotation
 * (the caller finds the nearer one), then configuration parameter, then built-in default.
 *
 * @param objectives what is asserted, limits already scaled by {@code perfgate.sla.scale}
 * @param severity   what a violation does to the build
 * @param plan       how to measure
 * @param rateText   the open model rate as the user wrote it, or {@code null} for the closed model
 */
public record TestSettings(List<Objective> objectives, Severity severity, MeasurementPlan plan,
        @Nullable String rateText) {

    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p95", "p99", "p999"};
    private static final double[] QUANTILES = {0.50, 0.90, 0.95, 0.99, 0.999};

    public TestSettings {
        objectives = List.copyOf(objectives);
    }

    /**
     * Resolves the settings of one test with at most one {@code @Measure}.
     *
     * @see #resolve(Sla, String, List, PerfgateConfiguration)
     */
    public static TestSettings resolve(@Nullable Sla sla, String slaSource, @Nullable Measure measure,
            String measureSource, PerfgateConfiguration configuration) {
        return resolve(sla, slaSource, measure == null ? List.of() : List.of(new Found<>(measure, measureSource)),
                configuration);
    }

    /**
     * Resolves the settings of one test.
     *
     * @param sla           the nearest {@code @Sla}, or {@code null}: it applies as a whole
     * @param slaSource     where it was found, for error messages: {@code CacheTests.cacheHit()} or
     *                      {@code CacheTests}
     * @param measures      the {@code @Measure} annotations that apply, nearest first (method, class, enclosing
     *                      classes): each attribute comes from the nearest annotation that sets it
     * @param configuration the run's configuration, for what no annotation sets
     * @throws ExtensionConfigurationException naming the annotation, attribute, value and a valid example
     */
    public static TestSettings resolve(@Nullable Sla sla, String slaSource, List<Found<Measure>> measures,
            PerfgateConfiguration configuration) {
        List<Objective> objectives = new ArrayList<>();
        Severity severity = Severity.FAIL;
        if (sla != null) {
            objectives = objectives(sla, slaSource, configuration.scale());
            severity = sla.severity();
        }
        else {
            // Without an SLA nothing about speed is asserted, but a test that throws still fails, as any test would.
            objectives.add(new Objective.ErrorRate(0));
        }

        long warmup = configuration.warmupNanos();
        long duration = configuration.durationNanos();
        long iterations = 0;
        int threads = configuration.threads();
        Rate rate = null;
        String rateText = null;
        for (int i = measures.size() - 1; i >= 0; i--) { // farthest first, so that nearer ones override
            Measure measure = measures.get(i).annotation();
            String source = measures.get(i).source();
            if (!measure.warmup().isEmpty()) {
                warmup = duration(measure.warmup(), "@Measure(warmup=\"" + measure.warmup() + "\")", source);
            }
            if (!measure.duration().isEmpty()) {
                duration = duration(measure.duration(), "@Measure(duration=\"" + measure.duration() + "\")", source);
                if (duration == 0) {
                    throw error("@Measure(duration=\"" + measure.duration() + "\")", source,
                            "a measurement must last longer than 0 (expected e.g. \"2s\")");
                }
            }
            if (measure.iterations() < 0) {
                throw error("@Measure(iterations=" + measure.iterations() + ")", source,
                        "invalid iteration count " + measure.iterations()
                                + " (expected 0 for a time-bound measurement, or a positive count, e.g. 10000)");
            }
            if (measure.iterations() > 0) {
                iterations = measure.iterations();
            }
            if (measure.threads() != Measure.DEFAULT_THREADS) {
                if (measure.threads() < 1) {
                    throw error("@Measure(threads=" + measure.threads() + ")", source,
                            "invalid thread count " + measure.threads() + " (expected at least 1, e.g. 4)");
                }
                threads = measure.threads();
            }
            if (!measure.rate().isEmpty()) {
                rateText = measure.rate().trim();
                rate = Rate.parse(measure.rate()).orElseThrow(() -> error(
                        "@Measure(rate=\"" + measure.rate() + "\")", source,
                        "invalid rate '" + measure.rate() + "' (expected e.g. " + Rate.EXAMPLES + ")"));
            }
        }
        if (rate != null) {
            for (Objective objective : objectives) {
                if (objective instanceof Objective.Throughput
                        && ((Objective.Throughput) objective).minPerSecond() > rate.perSecond()) {
                    throw error("@Sla(throughput=\"" + sla.throughput() + "\")", slaSource,
                            "a minimum throughput of " + Units.rate(((Objective.Throughput) objective).minPerSecond())
                                    + " can never be reached when invocations start at " + Units.rate(rate.perSecond())
                                    + " (@Measure(rate=\"" + rateText + "\")); expected a throughput at most the rate,"
                                    + " e.g. throughput=\"" + rateText + "\"");
                }
            }
        }

        long requiredSamples = objectives.stream().mapToLong(Objective::requiredSamples).max().orElse(0);
        int requiredBlocks = objectives.stream().mapToInt(Objective::requiredBlocks).max().orElse(0);
        MeasurementPlan plan = new MeasurementPlan(warmup, duration, iterations, threads, rate,
                Math.max(configuration.maxDurationNanos(), duration), requiredSamples, requiredBlocks);
        return new TestSettings(objectives, severity, plan, rateText);
    }

    /**
     * An annotation and where it was found, for error messages.
     *
     * @param annotation the annotation
     * @param source     {@code CacheTests.cacheHit()} for a method, {@code CacheTests} for a class
     */
    public record Found<A>(A annotation, String source) {
    }

    /**
     * These settings with {@code more} objectives judged too (e.g. a baseline comparison), and a plan that
     * measures long enough for all of them and for at least {@code minimumBlocks} blocks, recording block medians
     * (this is the baseline path).
     */
    public TestSettings with(List<Objective> more, int minimumBlocks) {
        return widened(more, minimumBlocks, true);
    }

    /** These settings with {@code more} objectives judged too, on the same plan widened to what they need. */
    public TestSettings withObjectives(List<Objective> more) {
        return more.isEmpty() ? this : widened(more, 0, plan.blockMedians());
    }

    private TestSettings widened(List<Objective> more, int minimumBlocks, boolean blockMedians) {
        List<Objective> all = new ArrayList<>(objectives);
        all.addAll(more);
        long requiredSamples = all.stream().mapToLong(Objective::requiredSamples).max().orElse(0);
        int requiredBlocks = Math.max(minimumBlocks, all.stream().mapToInt(Objective::requiredBlocks).max().orElse(0));
        MeasurementPlan widened = new MeasurementPlan(plan.warmupNanos(), plan.durationNanos(), plan.iterations(),
                plan.threads(), plan.rate(), plan.maxDurationNanos(), requiredSamples, requiredBlocks, blockMedians);
        return new TestSettings(all, severity, widened, rateText);
    }

    private static List<Objective> objectives(Sla sla, String source, double scale) {
        String[] texts = {sla.p50(), sla.p90(), sla.p95(), sla.p99(), sla.p999()};
        List<Objective> objectives = new ArrayList<>();
        String previousName = null;
        long previousLimit = -1;
        String previousText = null;
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].isEmpty()) {
                continue;
            }
            long limit = scaled(duration(texts[i], "@Sla(" + PERCENTILE_NAMES[i] + "=\"" + texts[i] + "\")", source),
                    scale);
            checkOrder(previousName, previousText, previousLimit, PERCENTILE_NAMES[i], texts[i], limit, source);
            objectives.add(new Objective.Percentile(PERCENTILE_NAMES[i], QUANTILES[i], limit));
            previousName = PERCENTILE_NAMES[i];
            previousText = texts[i];
            previousLimit = limit;
        }
        if (!sla.max().isEmpty()) {
            long limit = scaled(duration(sla.max(), "@Sla(max=\"" + sla.max() + "\")", source), scale);
            checkOrder(previousName, previousText, previousLimit, "max", sla.max(), limit, source);
            objectives.add(new Objective.Max(limit));
        }
        if (!sla.mean().isEmpty()) {
            long limit = scaled(duration(sla.mean(), "@Sla(mean=\"" + sla.mean() + "\")", source), scale);
            objectives.add(new Objective.Mean(limit));
        }
        if (!sla.throughput().isEmpty()) {
            Rate rate = Rate.parse(sla.throughput()).orElseThrow(() -> error(
                    "@Sla(throughput=\"" + sla.throughput() + "\")", source,
                    "invalid rate '" + sla.throughput() + "' (expected e.g. " + Rate.EXAMPLES + ")"));
            objectives.add(new Objective.Throughput(rate.perSecond() / scale));
        }
        double errorRate = sla.errorRate();
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw error("@Sla(errorRate=" + errorRate + ")", source,
                    "invalid error rate " + errorRate + " (expected a fraction from 0 to 1, e.g. 0.001)");
        }
        objectives.add(new Objective.ErrorRate(errorRate));
        return objectives;
    }

    private static void checkOrder(@Nullable String previousName, @Nullable String previousText, long previousLimit,
            String name, String text, long limit, String source) {
        if (previousName != null && limit < previousLimit) {
            throw error("@Sla(" + previousName + "=\"" + previousText + "\", " + name + "=\"" + text + "\")", source,
                    previousName + " limit " + Units.duration(previousLimit) + " is above " + name + " limit "
                            + Units.duration(limit) + ", so " + name + " could never hold while " + previousName
                            + " does (expected limits that grow with the percentile, e.g. p50=\"200us\", p99=\"1ms\")");
        }
    }

    private static long duration(String text, String attribute, String source) {
        Optional<Long> nanos = Durations.parseNanos(text);
        return nanos.orElseThrow(() -> error(attribute, source,
                "invalid duration '" + text + "' (expected e.g. " + Durations.EXAMPLES + ")"));
    }

    private static long scaled(long nanos, double scale) {
        return (long) Math.min(Long.MAX_VALUE, Math.round(nanos * scale));
    }

    private static ExtensionConfigurationException error(String attribute, String source, String problem) {
        return new ExtensionConfigurationException(attribute + " on " + source + ": " + problem);
    }
}
