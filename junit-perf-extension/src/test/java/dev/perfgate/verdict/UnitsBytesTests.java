package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsBytesTests {

    @ParameterizedTest(name = "{0} bytes is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "0              = 0 B",
            "312            = 312 B",
            "84.25          = 84.3 B",
            "999            = 999 B",
            "999.7          = 0.976 KiB",
            "1000           = 0.977 KiB",
            "1024           = 1 KiB",
            "65552          = 64 KiB",
            "1048576        = 1 MiB",
            "1048597        = 1 MiB",
            "1069547        = 1.02 MiB",
            "1073741824     = 1 GiB",
            "-312           = -312 B",
            "-1572864       = -1.5 MiB",
    })
    void aSizeInTheSmallestBinaryUnitThatKeepsItBelowAThousand(double bytes, String text) {
        assertThat(Units.bytes(bytes)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} bytes per operation is [{1}]")
    @CsvSource(delimiter = '=', value = {
            "84.25  = 84.3 B/op",
            "0      = 0 B/op",
            "2048   = 2 KiB/op",
    })
    void aSizePerOperation(double bytes, String text) {
        assertThat(Units.bytesPerOperation(bytes)).isEqualTo(text);
    }
}
