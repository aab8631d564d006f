package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTests {

    @ParameterizedTest(name = "{0} ns is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "0              = 0 ns",
            "3              = 3 ns",
            "850            = 850 ns",
            "999            = 999 ns",
            "1000           = 1 µs",
            "1234           = 1.23 µs",
            "140000         = 140 µs",
            "140031         = 140 µs",
            "1000000        = 1 ms",
            "2310000        = 2.31 ms",
            "2310143        = 2.31 ms",
            "500223         = 500 µs",
            "1720000000     = 1.72 s",
            "90000000000    = 1.5 min",
            "7200000000000  = 2 h",
            "-2310000       = -2.31 ms",
    })
    void durationInTheLargestUnitThatKeepsItAtOrAboveOne(double nanos, String text) {
        assertThat(Units.duration(nanos)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ns is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "999999         = 1 ms",
            "999600         = 1 ms",
            "999.7          = 1 µs",
            "999999999      = 1 s",
            "59990000000    = 1 min",
    })
    void durationThatRoundsUpToTheNextUnitIsShownInThatUnit(double nanos, String text) {
        // 999.6 µs shown as "1,000 µs" next to a limit of "1 ms" reads as two different numbers
        assertThat(Units.duration(nanos)).isEqualTo(text);
    }

    @Test
    void durationOfNothingMeasured() {
        assertThat(Units.duration(Double.NaN)).isEqualTo("n/a");
    }

    @ParameterizedTest(name = "{0}/s is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "7213.4   = 7,210/s",
            "5000     = 5,000/s",
            "12.5     = 12.5/s",
            "0.25     = 0.25/s",
            "0        = 0/s",
            "1234567  = 1,230,000/s",
    })
    void rate(double perSecond, String text) {
        assertThat(Units.rate(perSecond)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "0.019    = 1.9 %",
            "0.01     = 1 %",
            "0.0115   = 1.15 %",
            "0.999    = 99.9 %",
            "0.001    = 0.1 %",
            "0        = 0 %",
            "1        = 100 %",
            "0.025    = 2.5 %",
    })
    void percent(double fraction, String text) {
        assertThat(Units.percent(fraction)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "12400    = 12,400",
            "0        = 0",
            "999      = 999",
            "1234567  = 1,234,567",
    })
    void count(long count, String text) {
        assertThat(Units.count(count)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "2.31           = 2.31",
            "2.3            = 2.3",
            "140            = 140",
            "7213.4         = 7,210",
            "1234.5         = 1,230",
            "0.000123456    = 0.000123",
            "10000000       = 10,000,000",
            "-7213.4        = -7,210",
            "1.0            = 1",
            "0              = 0",
    })
    void numberHasThreeSignificantDigitsAndThousandsSeparators(double value, String text) {
        assertThat(Units.number(value)).isEqualTo(text);
    }
}
