package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTests {

    @ParameterizedTest(name = "[{0}] is {1}/s")
    @CsvSource(delimiter = '=', value = {
            "5000/s     = 5000",
            "20/ms      = 20000",
            "300/min    = 5",
            "300/m      = 5",
            "7200/h     = 2",
            "12/sec     = 12",
            "0.5/s      = 0.5",
            ".5/s       = 0.5",
            "3/us       = 3000000",
            "3/µs       = 3000000",
            "1/ns       = 1000000000",
            "5000 / S   = 5000",
            "  1000/s   = 1000",
    })
    void parsesRatesPerSecond(String text, double perSecond) {
        assertThat(Rate.parse(text)).hasValueSatisfying(
                rate -> assertThat(rate.perSecond()).isCloseTo(perSecond, within(perSecond * 1e-12)));
    }

    @ParameterizedTest(name = "[{0}] is one every {1} ns")
    @CsvSource(delimiter = '=', value = {
            "5000/s   = 200000",
            "20/ms    = 50000",
            "300/min  = 200000000",
            "1/s      = 1000000000",
            "3/us     = 333.3333333333333",
    })
    void intervalIsTheTimeBetweenTwoEvents(String text, double intervalNanos) {
        assertThat(Rate.parse(text).orElseThrow().intervalNanos())
                .isCloseTo(intervalNanos, within(intervalNanos * 1e-12));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"5000", "0/s", "abc/s", "-1/s", "", "/s", "5000/", "5000/day", "1e3/s", "5000 per s",
            "0.0/ms"})
    void rejectsInvalidRates(String text) {
        assertThat(Rate.parse(text)).isEmpty();
    }

    @Test
    void constructorRejectsRatesThatAreNotPositiveAndFinite() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Rate(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Rate(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Rate(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> new Rate(Double.POSITIVE_INFINITY));
    }

    @Test
    void toStringShowsTheRatePerSecondWithItsUnit() {
        assertThat(Rate.parse("20/ms").orElseThrow()).hasToString("20,000/s");
        assertThat(new Rate(7213.4)).hasToString("7,210/s");
    }
}
