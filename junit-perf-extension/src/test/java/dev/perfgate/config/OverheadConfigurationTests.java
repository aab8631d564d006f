package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.perfgate.OtelOverhead;

class OverheadConfigurationTests {

    private static OverheadConfiguration from(Map<String, String> parameters) {
        return OverheadConfiguration.from(key -> Optional.ofNullable(parameters.get(key)));
    }

    private static void assertInvalid(String key, String value, String message) {
        assertThatThrownBy(() -> from(Map.of(key, value)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void withoutParametersEveryValueIsTheBuiltInDefault() {
        assertThat(from(Map.of())).isEqualTo(new OverheadConfiguration(500_000_000L, 3_000_000L));
    }

    @Test
    void readsEveryKey() {
        OverheadConfiguration configuration = from(Map.of(
                "perfgate.otel.warmup", "250ms",
                "perfgate.otel.batch-duration", " 500us "));

        assertThat(configuration).isEqualTo(new OverheadConfiguration(250_000_000L, 500_000L));
    }

    @Test
    void theKeysAreTheAnnotationsPropertyNames() {
        assertThat(OtelOverhead.WARMUP_PROPERTY_NAME).isEqualTo("perfgate.otel.warmup");
        assertThat(OtelOverhead.BATCH_DURATION_PROPERTY_NAME).isEqualTo("perfgate.otel.batch-duration");
    }

    @Test
    void zeroWarmupTurnsWarmupOff() {
        assertThat(from(Map.of("perfgate.otel.warmup", "0s")).warmupNanos()).isZero();
    }

    @Test
    void invalidBatchDuration() {
        assertInvalid("perfgate.otel.batch-duration", "fast", "Configuration parameter [perfgate.otel.batch-duration] "
                + "has invalid value [fast] (expected a duration such as \"250us\", \"1ms\", \"2s\")");
        assertInvalid("perfgate.otel.batch-duration", "4", "Configuration parameter [perfgate.otel.batch-duration] "
                + "has invalid value [4] (expected a duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void zeroBatchDuration() {
        assertInvalid("perfgate.otel.batch-duration", "0ms", "Configuration parameter [perfgate.otel.batch-duration] "
                + "has invalid value [0ms] (expected a positive duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void invalidWarmup() {
        assertInvalid("perfgate.otel.warmup", "soon", "Configuration parameter [perfgate.otel.warmup] has invalid "
                + "value [soon] (expected a duration such as \"250us\", \"1ms\", \"2s\")");
        assertInvalid("perfgate.otel.warmup", "-1s", "Configuration parameter [perfgate.otel.warmup] has invalid "
                + "value [-1s] (expected a duration such as \"250us\", \"1ms\", \"2s\")");
    }

    @Test
    void theRecordRefusesImpossibleValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadConfiguration(-1, 1))
                .withMessage("invalid overhead configuration: -1 ns warmup, 1 ns batches");
        assertThatIllegalArgumentException().isThrownBy(() -> new OverheadConfiguration(0, 0))
                .withMessage("invalid overhead configuration: 0 ns warmup, 0 ns batches");
    }
}
