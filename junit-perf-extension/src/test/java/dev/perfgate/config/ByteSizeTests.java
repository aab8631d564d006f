package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTests {

    @ParameterizedTest
    @CsvSource({"512B, 512", "2KB, 2048", "2 kb, 2048", "1.5MB, 1572864", "200MB, 209715200", "1GiB, 1073741824",
            "3 KiB, 3072", "0B, 0"})
    void sizesAreBinaryAsTheJvmCountsThem(String text, long bytes) {
        assertThat(ByteSize.parseBytes(text)).contains(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "KB", "-1KB", "2 parsecs", "1e3B", "99999999999GB"})
    void anythingElseIsNotASize(String text) {
        assertThat(ByteSize.parseBytes(text)).isEmpty();
    }
}
