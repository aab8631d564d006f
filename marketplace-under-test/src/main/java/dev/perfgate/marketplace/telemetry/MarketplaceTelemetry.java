package dev.perfgate.marketplace.telemetry;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * The marketplace's spans and instruments, obtained from the {@code OpenTelemetry} it was opened with (never the
 * global one, so a test can hand it an SDK with an in-memory exporter, and production the agent's).
 *
 * <p>Spans: {@value #PUBLISH}, {@value #GET} (a metadata cache miss; hits are counted, not traced), {@value #SEARCH}, {@value #RESOLVE}, {@value #VERIFY},
 * {@value #INSTALL}. Metrics: {@value #SEARCH_DURATION} and {@value #INSTALL_DURATION} (histograms, seconds),
 * {@value #CACHE_HITS} and {@value #CACHE_MISSES} (by {@code marketplace.cache.name}), {@value #INSTALLS} (by
 * {@code marketplace.install.outcome}).
 */
public final class MarketplaceTelemetry {

    public static final String INSTRUMENTATION_SCOPE = "dev.perfgate.marketplace";

    public static final String PUBLISH = "marketplace.publish";
    public static final String GET = "marketplace.get";
    public static final String SEARCH = "marketplace.search";
    public static final String RESOLVE = "marketplace.resolve";
    public static final String VERIFY = "marketplace.verify";
    public static final String INSTALL = "marketplace.install";

    public static final String SEARCH_DURATION = "marketplace.search.duration";
    public static final String INSTALL_DURATION = "marketplace.install.duration";
    public static final String CACHE_HITS = "marketplace.cache.hits";
    public static final String CACHE_MISSES = "marketplace.cache.misses";
    public static final String INSTALLS = "marketplace.installs";

    public static final AttributeKey<String> PACKAGE_ID = AttributeKey.stringKey("marketplace.package.id");
    public static final AttributeKey<String> PACKAGE_VERSION = AttributeKey.stringKey("marketplace.package.version");
    public static final AttributeKey<String> REQUIREMENT = AttributeKey.stringKey("marketplace.requirement");
    public static final AttributeKey<String> QUERY = AttributeKey.stringKey("marketplace.search.query");
    public static final AttributeKey<Long> RESULT_COUNT = AttributeKey.longKey("marketplace.search.result_count");
    public static final AttributeKey<Long> TOTAL_HITS = AttributeKey.longKey("marketplace.search.total_hits");
    public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("marketplace.cache.hit");
    public static final AttributeKey<String> CACHE_NAME = AttributeKey.stringKey("marketplace.cache.name");
    public static final AttributeKey<Long> PACKAGE_COUNT = AttributeKey.longKey("marketplace.package_count");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("marketplace.install.outcome");

    /** Bucket boundaries in seconds from 50 µs to 10 s: a cached search takes microseconds, an install seconds. */
    private static final List<Double> LATENCY_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final Tracer tracer;
    private final DoubleHistogram searchDuration;
    private final DoubleHistogram installDuration;
    private final Meter meter;
    private final LongCounter installs;

    private MarketplaceTelemetry(OpenTelemetry openTelemetry) {
        tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        meter = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
        searchDuration = meter.histogramBuilder(SEARCH_DURATION).setUnit("s")
                .setDescription("Duration of marketplace searches, cache hits included")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS).build();
        installDuration = meter.histogramBuilder(INSTALL_DURATION).setUnit("s")
                .setDescription("Duration of installs: resolve, verify, extract, lockfile")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS).build();
        installs = meter.counterBuilder(INSTALLS).setUnit("{install}")
                .setDescription("Install operations, by outcome").build();
    }

    public static MarketplaceTelemetry create(OpenTelemetry openTelemetry) {
        return new MarketplaceTelemetry(openTelemetry);
    }

    /**
     * Runs {@code body} in a span made current for its duration: an exception sets the span's status to ERROR and
     * is recorded on it before it is rethrown.
     */
    public <T> T inSpan(String name, Attributes attributes, Function<Span, T> body) {
        Span span = tracer.spanBuilder(name).setAllAttributes(attributes).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return body.apply(span);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    public void recordSearch(long nanos, boolean cacheHit) {
        searchDuration.record(nanos / 1e9, Attributes.of(CACHE_HIT, cacheHit));
    }

    public void recordInstall(long nanos, String outcome) {
        installDuration.record(nanos / 1e9, Attributes.of(OUTCOME, outcome));
        installs.add(1, Attributes.of(OUTCOME, outcome));
    }

    /**
     * Reports a cache's hits and misses as counters read when metrics are collected ({@value #CACHE_HITS},
     * {@value #CACHE_MISSES}, by {@code marketplace.cache.name}), so that a lookup costs no telemetry at all.
     *
     * @return closes both registrations
     */
    public AutoCloseable observeCache(String cache, LongSupplier hits, LongSupplier misses) {
        Attributes attributes = Attributes.of(CACHE_NAME, cache);
        ObservableLongCounter hitCounter = meter.counterBuilder(CACHE_HITS).setUnit("{lookup}")
                .setDescription("Cache lookups answered from the cache")
                .buildWithCallback(measurement -> measurement.record(hits.getAsLong(), attributes));
        ObservableLongCounter missCounter = meter.counterBuilder(CACHE_MISSES).setUnit("{lookup}")
                .setDescription("Cache lookups that had to load the value")
                .buildWithCallback(measurement -> measurement.record(misses.getAsLong(), attributes));
        return () -> {
            hitCounter.close();
            missCounter.close();
        };
    }
}
