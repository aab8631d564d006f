package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModeTests {

    @Test
    void disabledOnDebugIsDisabledWhenADebuggerAgentIsLoaded() {
        assertThat(Mode.DISABLED_ON_DEBUG.effective(
                List.of("-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005")))
                .isEqualTo(Mode.DISABLED);
        assertThat(Mode.DISABLED_ON_DEBUG.effective(List.of("-Xrunjdwp:transport=dt_socket")))
                .isEqualTo(Mode.DISABLED);
    }

    @Test
    void disabledOnDebugEnforcesWithoutADebugger() {
        assertThat(Mode.DISABLED_ON_DEBUG.effective(List.of("-Xmx1g", "-XX:+UseG1GC"))).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void otherModesAreTheirOwnEffectiveMode() {
        List<String> debugging = List.of("-agentlib:jdwp=transport=dt_socket");
        assertThat(Mode.ENFORCE.effective(debugging)).isEqualTo(Mode.ENFORCE);
        assertThat(Mode.REPORT.effective(debugging)).isEqualTo(Mode.REPORT);
        assertThat(Mode.DISABLED.effective(List.of())).isEqualTo(Mode.DISABLED);
    }

    @Test
    void parsesCaseInsensitivelyWithDashesOrUnderscores() {
        assertThat(Mode.parse("Disabled-On-Debug")).contains(Mode.DISABLED_ON_DEBUG);
        assertThat(Mode.parse(" report ")).contains(Mode.REPORT);
        assertThat(Mode.parse("fast")).isEmpty();
    }
}
