package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerfgateConfigurationTests {

    private static PerfgateConfiguration from(Map<String, String> parameters) {
        return PerfgateConfiguration.from(key -> Optional.ofNullable(parameters.get(key)));
    }

    private static void assertInvalid(String key, String value, String message) {
        assertThatThrownBy(() -> from(Map.of(key, value)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void withoutParametersEveryValueIsTheBuiltInDefault() {
        PerfgateConfiguration configuration = from(Map.of());

        assertThat(configuration.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(configuration.scale()).isEqualTo(1.0);
        assertThat(configuration.alpha()).isEqualTo(0.001);
        assertThat(configuration.confirmRetries()).isEqualTo(1);
        assertThat(configuration.warmupNanos()).isEqualTo(500_000_000L);
        assertThat(configuration.durationNanos()).isEqualTo(2_000_000_000L);
        assertThat(configuration.threads()).isEqualTo(1);
        assertThat(configuration.maxDurationNanos()).isEqualTo(30_000_000_000L);
        assertThat(configuration.resultsDir()).isEqualTo(Path.of("target/perfgate/results"));
    }

    @Test
    void readsEveryKey() {
        PerfgateConfiguration configuration = from(Map.of(
                "perfgate.mode", "report",
                "perfgate.sla.scale", "1.5",
                "perfgate.sla.alpha", "0.05",
                "perfgate.confirm.retries", "3",
                "perfgate.measure.warmup.default", "0s",
                "perfgate.measure.duration.default", "250ms",
                "perfgate.measure.threads.default", "4",
                "perfgate.measure.max-duration", "1m",
                "perfgate.results.dir", "build/perf"));

        assertThat(configuration).isEqualTo(new PerfgateConfiguration(Mode.REPORT, 1.5, 0.05, 3, 0L, 250_000_000L, 4,
                60_000_000_000L, Path.of("build/perf")));
    }

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '=', value = {
            "enforce            = ENFORCE",
            "REPORT             = REPORT",
            " Disabled          = DISABLED",
            "disabled_on_debug  = DISABLED_ON_DEBUG",
            "disabled-on-debug  = DISABLED_ON_DEBUG",
    })
    void readsModeCaseInsensitively(String value, Mode mode) {
        assertThat(from(Map.of("perfgate.mode", value)).mode()).isEqualTo(mode);
    }

    @Test
    void zeroConfirmRetriesTurnsConfirmationOff() {
        assertThat(from(Map.of("perfgate.confirm.retries", "0")).confirmRetries()).isZero();
    }

    @Test
    void trimsNumbers() {
        PerfgateConfiguration configuration = from(Map.of("perfgate.sla.scale", " 2 ", "perfgate.measure.threads.default",
                " 8 "));

        assertThat(configuration.scale()).isEqualTo(2.0);
        assertThat(configuration.threads()).isEqualTo(8);
    }

    @Test
    void invalidScale() {
        assertInvalid("perfgate.sla.scale", "abc", "Configuration parameter [perfgate.sla.scale] has invalid value [abc] "
                + "(expected a number above 0, e.g. \"1.5\" (limits 50 % looser))");
    }

    @Test
    void scaleMustBePositiveAndFinite() {
        for (String value : new String[] {"0", "-1", "NaN", "Infinity", "1e999"}) {
            assertInvalid("perfgate.sla.scale", value, "Configuration parameter [perfgate.sla.scale] has invalid value ["
                    + value + "] (expected a number above 0, e.g. \"1.5\" (limits 50 % looser))");
        }
    }

    @Test
    void alphaMustBeBetweenZeroAndOneHalf() {
        for (String value : new String[] {"0", "0.5", "1", "high"}) {
            assertInvalid("perfgate.sla.alpha", value, "Configuration parameter [perfgate.sla.alpha] has invalid value ["
                    + value + "] (expected a number above 0 and below 0.5, e.g. \"0.001\" (99.9 % confidence))");
        }
    }

    @Test
    void invalidMode() {
        assertInvalid("perfgate.mode", "fast", "Configuration parameter [perfgate.mode] has invalid value [fast] "
                + "(expected \"enforce\", \"report\", \"disabled\", \"disabled_on_debug\")");
    }

    @Test
    void durationMustBePositive() {
        assertInvalid("perfgate.measure.duration.default", "0s",
                "Configuration parameter [perfgate.measure.duration.default] has invalid value [0s] "
                        + "(expected a positive duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void maxDurationMustBePositive() {
        assertInvalid("perfgate.measure.max-duration", "0ms",
                "Configuration parameter [perfgate.measure.max-duration] has invalid value [0ms] "
                        + "(expected a positive duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void warmupMustBeADuration() {
        assertInvalid("perfgate.measure.warmup.default", "500",
                "Configuration parameter [perfgate.measure.warmup.default] has invalid value [500] "
                        + "(expected a duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void threadsMustBeAtLeastOne() {
        assertInvalid("perfgate.measure.threads.default", "0",
                "Configuration parameter [perfgate.measure.threads.default] has invalid value [0] "
                        + "(expected a whole number of at least 1, e.g. \"4\")");
        assertInvalid("perfgate.measure.threads.default", "many",
                "Configuration parameter [perfgate.measure.threads.default] has invalid value [many] "
                        + "(expected a whole number of at least 1, e.g. \"4\")");
    }

    @Test
    void confirmRetriesMustNotBeNegative() {
        assertInvalid("perfgate.confirm.retries", "-1",
                "Configuration parameter [perfgate.confirm.retries] has invalid value [-1] "
                        + "(expected a whole number of at least 0, e.g. \"1\")");
    }

    @Test
    void resultsDirMustBeAPath() {
        assertInvalid("perfgate.results.dir", "a\0b",
                "Configuration parameter [perfgate.results.dir] has invalid value [a\0b] "
                        + "(expected a folder such as \"target/perfgate/results\")");
    }
}
