package dev.perfgate.marketplace.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.MarketplaceException;
import dev.perfgate.marketplace.MarketplaceSettings;
import dev.perfgate.marketplace.TestPackages;
import dev.perfgate.marketplace.cache.CacheSettings;

/** Spans and metrics through a real SDK with in-memory exporters, and the caches they report on. */
class TelemetryAndCacheTests {

    @TempDir
    Path dir;
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk;
    AtomicLong nanos = new AtomicLong();
    Marketplace market;

    @BeforeEach
    void open() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        market = Marketplace.open(dir.resolve("home"), sdk,
                MarketplaceSettings.defaults().withCacheTicker(nanos::get));
        market.publish(TestPackages.archive("acme/util", "1.0.0"));
        market.publish(TestPackages.archive("acme/web", "1.0.0", "acme/util", "^1"));
        spans.reset();
    }

    @AfterEach
    void close() {
        market.close();
        sdk.close();
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    private long counter(String name, String cache) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> cache.equals(p.getAttributes().get(MarketplaceTelemetry.CACHE_NAME)))
                .mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void searchSpanCarriesQueryResultCountAndCacheHit() {
        market.search("web");
        assertThat(span(MarketplaceTelemetry.SEARCH).getAttributes().asMap()).containsEntry(MarketplaceTelemetry.QUERY, "web")
                .containsEntry(MarketplaceTelemetry.RESULT_COUNT, 1L)
                .containsEntry(MarketplaceTelemetry.CACHE_HIT, false);

        market.search("web");
        assertThat(span(MarketplaceTelemetry.SEARCH).getAttributes().get(MarketplaceTelemetry.CACHE_HIT)).isTrue();
        assertThat(counter(MarketplaceTelemetry.CACHE_HITS, "search")).isEqualTo(1);
        assertThat(counter(MarketplaceTelemetry.CACHE_MISSES, "search")).isEqualTo(1);
        MetricData histogram = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(MarketplaceTelemetry.SEARCH_DURATION)).findFirst().orElseThrow();
        assertThat(histogram.getUnit()).isEqualTo("s");
        assertThat(histogram.getHistogramData().getPoints()).extracting(p -> p.getCount()).containsExactlyInAnyOrder(1L, 1L);
    }

    @Test
    void metadataCacheHitsMissesExpiresAndIsInvalidatedOnPublishAndYank() {
        market.get("acme/web"); // a miss: read from the registry, traced
        market.get("acme/web"); // a hit: counted, not traced
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals(MarketplaceTelemetry.GET))
                .singleElement().satisfies(get -> assertThat(get.getAttributes().asMap())
                        .containsEntry(MarketplaceTelemetry.PACKAGE_ID, "acme/web")
                        .containsEntry(MarketplaceTelemetry.PACKAGE_VERSION, "1.0.0")
                        .containsEntry(MarketplaceTelemetry.CACHE_HIT, false));
        assertThat(market.metadataCacheStats().hitCount()).isEqualTo(1);

        nanos.addAndGet(CacheSettings.DEFAULT_METADATA_EXPIRY.plusSeconds(1).toNanos());
        market.get("acme/web");
        assertThat(span(MarketplaceTelemetry.GET).getAttributes().get(MarketplaceTelemetry.CACHE_HIT)).isFalse();

        market.publish(TestPackages.archive("acme/web", "1.1.0"));
        assertThat(market.get("acme/web").orElseThrow().version()).hasToString("1.1.0");
        market.yank("acme/web", "1.1.0");
        assertThat(market.get("acme/web").orElseThrow().version()).hasToString("1.0.0");
        assertThat(counter(MarketplaceTelemetry.CACHE_MISSES, "metadata")).isEqualTo(market.metadataCacheStats().missCount());
        assertThat(counter(MarketplaceTelemetry.CACHE_HITS, "metadata")).isEqualTo(market.metadataCacheStats().hitCount());
    }

    @Test
    void searchCacheExpiresAfterTenMinutesAndIsInvalidatedOnPublish() {
        market.search("web");
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        market.search("web");
        assertThat(span(MarketplaceTelemetry.SEARCH).getAttributes().get(MarketplaceTelemetry.CACHE_HIT)).isTrue();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        market.search("web");
        assertThat(span(MarketplaceTelemetry.SEARCH).getAttributes().get(MarketplaceTelemetry.CACHE_HIT)).isFalse();

        market.publish(TestPackages.archive("acme/web-extra", "1.0.0"));
        assertThat(market.search("web").hits()).hasSize(2);
    }

    @Test
    void installSpanHasResolveAndVerifyChildrenAndMetrics() {
        market.install("acme/web@^1", dir.resolve("deps"));

        SpanData install = span(MarketplaceTelemetry.INSTALL);
        SpanData resolve = span(MarketplaceTelemetry.RESOLVE);
        SpanData verify = span(MarketplaceTelemetry.VERIFY);
        assertThat(install.getAttributes().asMap()).containsEntry(MarketplaceTelemetry.PACKAGE_ID, "acme/web")
                .containsEntry(MarketplaceTelemetry.PACKAGE_VERSION, "1.0.0")
                .containsEntry(MarketplaceTelemetry.REQUIREMENT, "acme/web@^1")
                .containsEntry(MarketplaceTelemetry.PACKAGE_COUNT, 2L);
        assertThat(resolve.getParentSpanId()).isEqualTo(install.getSpanId());
        assertThat(verify.getParentSpanId()).isEqualTo(install.getSpanId());
        assertThat(verify.getAttributes().get(MarketplaceTelemetry.PACKAGE_COUNT)).isEqualTo(2L);
        assertThat(resolve.getAttributes().get(MarketplaceTelemetry.REQUIREMENT)).isEqualTo("^1");
        long installs = metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(MarketplaceTelemetry.INSTALLS))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> p.getAttributes().equals(Attributes.of(MarketplaceTelemetry.OUTCOME, "success")))
                .mapToLong(LongPointData::getValue).sum();
        assertThat(installs).isEqualTo(1);
    }

    @Test
    void aFailedOperationEndsItsSpanWithErrorStatus() {
        assertThatThrownBy(() -> market.install("acme/nope", dir.resolve("deps")))
                .isInstanceOf(MarketplaceException.class);

        SpanData install = span(MarketplaceTelemetry.INSTALL);
        assertThat(install.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(install.getStatus().getDescription()).isEqualTo("unknown package acme/nope");
        assertThat(install.getEvents()).extracting(e -> e.getName()).contains("exception");
    }

    @Test
    void publishSpanNamesThePackage() {
        market.publish(TestPackages.archive("acme/new", "3.0.0"));

        assertThat(span(MarketplaceTelemetry.PUBLISH).getAttributes().asMap())
                .containsEntry(MarketplaceTelemetry.PACKAGE_ID, "acme/new")
                .containsEntry(MarketplaceTelemetry.PACKAGE_VERSION, "3.0.0");
        assertThat(List.of(sdk.getSdkTracerProvider())).isNotEmpty();
    }
}
