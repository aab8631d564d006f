package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTests {

    @ParameterizedTest(name = "[{0}] is {1} ns")
    @CsvSource(delimiter = '=', value = {
            "250us       = 250000",
            "1.5 ms      = 1500000",
            "0.5ms       = 500000",
            "2S          = 2000000000",
            "250 µs      = 250000",
            "250 μs      = 250000",
            "1m          = 60000000000",
            "1h          = 3600000000000",
            ".5s         = 500000000",
            "3ns         = 3",
            "0s          = 0",
            "1MS         = 1000000",
    })
    void parsesValidDurationsToExactNanoseconds(String text, long nanos) {
        assertThat(Durations.parseNanos(text)).contains(nanos);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"  2 s  ", "\t10ms\t"})
    void ignoresSurroundingWhitespace(String text) {
        assertThat(Durations.parseNanos(text)).isPresent();
    }

    @ParameterizedTest(name = "[{0}] is {1} ns")
    @CsvSource(delimiter = '=', value = {
            "0.5ns  = 1",
            "0.4ns  = 0",
            "1.0005us = 1001",
    })
    void roundsSubNanosecondFractionsToTheNearestNanosecond(String text, long nanos) {
        assertThat(Durations.parseNanos(text)).contains(nanos);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"1", "1 parsec", "-1ms", "", "ms", "1e3ms", " ", "1.ms", "1,5ms", "1 ms s", "ms1"})
    void rejectsInvalidDurations(String text) {
        assertThat(Durations.parseNanos(text)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"3000000h", "9223372036854775808ns", "99999999999999999999s"})
    void rejectsDurationsBeyondTheRangeOfALong(String text) {
        assertThat(Durations.parseNanos(text)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"9223372036854775807ns"})
    void acceptsTheLargestRepresentableDuration(String text) {
        assertThat(Durations.parseNanos(text)).contains(Long.MAX_VALUE);
    }
}
