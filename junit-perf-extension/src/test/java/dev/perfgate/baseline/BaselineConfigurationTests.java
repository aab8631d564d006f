package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

class BaselineConfigurationTests {

    @TempDir
    Path root;

    private BaselineConfiguration read(Map<String, String> parameters, Path workingDirectory) {
        return BaselineConfiguration.from(key -> Optional.ofNullable(parameters.get(key)), workingDirectory);
    }

    @Test
    void defaultsAreInactiveWithTenPercentAndTheNearestBaselinesFolder() throws Exception {
        Files.createDirectories(root.resolve("baselines"));
        Path module = Files.createDirectories(root.resolve("perf-tests"));

        BaselineConfiguration configuration = read(Map.of(), module);

        assertThat(configuration.active()).isFalse();
        assertThat(configuration.defaultMaxRegressionPercent()).isEqualTo(10);
        assertThat(configuration.directory()).isEqualTo(root.resolve("baselines").toAbsolutePath());
        assertThat(configuration.strictEnvironment()).isFalse();
        assertThat(configuration.missingFails()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        BaselineConfiguration configuration = read(Map.of("perfgate.baseline.save", "v2.4.0",
                "perfgate.baseline.compare", "v2.3.0", "perfgate.baseline.max-regression.default", "5",
                "perfgate.baseline.dir", root.toString(), "perfgate.baseline.strict-environment", "true",
                "perfgate.baseline.missing", "fail", "perfgate.baseline.severity", "warn"), root);

        assertThat(configuration).isEqualTo(new BaselineConfiguration("v2.4.0", "v2.3.0", 5, root.toAbsolutePath(),
                true, true, true));
    }

    @Test
    void badValuesNameTheKeyTheValueAndAValidOne() {
        assertThatThrownBy(() -> read(Map.of("perfgate.baseline.missing", "ignore"), root))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter [perfgate.baseline.missing] has invalid value [ignore]"
                        + " (expected \"warn\" or \"fail\")");
        assertThatThrownBy(() -> read(Map.of("perfgate.baseline.severity", "off"), root))
                .hasMessage("Configuration parameter [perfgate.baseline.severity] has invalid value [off]"
                        + " (expected \"fail\" or \"warn\")");
        assertThatThrownBy(() -> read(Map.of("perfgate.baseline.max-regression.default", "0"), root))
                .hasMessage("Configuration parameter [perfgate.baseline.max-regression.default] has invalid value [0]"
                        + " (expected a positive percentage, e.g. \"10\" for 10 %)");
        assertThatThrownBy(() -> read(Map.of("perfgate.baseline.compare", "a/b"), root))
                .hasMessageContaining("[perfgate.baseline.compare] has invalid value [a/b]");
    }
}
