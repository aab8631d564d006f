package dev.perfgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ComplexityTests {

    @Test
    void theClassesAreOrderedSlowestGrowingFirst() {
        assertThat(Complexity.values()).containsExactly(Complexity.CONSTANT, Complexity.LOG_N, Complexity.N,
                Complexity.N_LOG_N, Complexity.N_SQUARED);
        assertThat(Complexity.N.growsFasterThan(Complexity.LOG_N)).isTrue();
        assertThat(Complexity.N.growsFasterThan(Complexity.N)).isFalse();
        assertThat(Complexity.LOG_N.growsFasterThan(Complexity.N_SQUARED)).isFalse();
    }

    @Test
    void eachClassHasItsBigONotation() {
        assertThat(Complexity.values()).extracting(Complexity::notation)
                .containsExactly("O(1)", "O(log N)", "O(N)", "O(N log N)", "O(N²)");
    }

    @Test
    void theGrowthFunctionsUseBaseTwoLogarithms() {
        assertThat(Complexity.CONSTANT.of(1024)).isEqualTo(1);
        assertThat(Complexity.LOG_N.of(1024)).isCloseTo(10, within(1e-12));
        assertThat(Complexity.N.of(1024)).isEqualTo(1024);
        assertThat(Complexity.N_LOG_N.of(1024)).isCloseTo(10_240, within(1e-9));
        assertThat(Complexity.N_SQUARED.of(1024)).isEqualTo(1_048_576);
    }

    @Test
    void everyGrowthFunctionIsPositiveFromTwoUp() {
        for (Complexity complexity : Complexity.values()) {
            assertThat(complexity.of(2)).as(complexity.notation()).isGreaterThanOrEqualTo(1);
            for (double n = 2; n < 1e9; n *= 1.37) {
                assertThat(complexity.of(n)).as("%s at %s", complexity.notation(), n).isPositive();
            }
        }
    }

    @Test
    void aboveTwoEachClassIsAboveTheSlowerOnes() {
        for (double n = 2.01; n < 1e12; n *= 3.1) {
            for (int i = 1; i < Complexity.values().length; i++) {
                Complexity faster = Complexity.values()[i];
                Complexity slower = Complexity.values()[i - 1];
                assertThat(faster.of(n)).as("%s against %s at %s", faster, slower, n).isGreaterThan(slower.of(n));
            }
        }
    }
}
