package dev.perfgate.perftests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.perfgate.Measure;
import dev.perfgate.Sla;
import dev.perfgate.marketplace.PackageId;

/**
 * The first real measurement of the suite: parsing and validating a package id, which every registry, cache and
 * search call of the marketplace does. The seed's plan starts at the cache; this is the cheapest step below it.
 */
class PackageIdPerfTests {

    @Test
    @Measure(warmup = "300ms", duration = "1s")
    @Sla(p50 = "20us", p99 = "1ms", throughput = "10000/s")
    void parsePackageId() {
        PackageId id = PackageId.parse("acme/web-framework");
        assertThat(id.name()).isEqualTo("web-framework");
    }
}
