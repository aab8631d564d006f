package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.engine.JupiterTestEngine;

/** The build runs these tests on Jupiter 5.14, and with {@code -Pjunit6} on 6.1: this checks it really does. */
class JUnitVersionTests {

    @Test
    void runsOnTheJupiterVersionTheBuildSelected() {
        String expected = System.getProperty("perfgate.test.expected-jupiter-version");

        assertThat(expected).as("set by the build").isNotBlank();
        assertThat(new JupiterTestEngine().getVersion()).contains(expected);
    }
}
