package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

import dev.perfgate.result.ResultWriter;

class BaselineStoreTests {

    private static final Fingerprint MACHINE = new Fingerprint("CPU", 2, "vendor", "17.0.15", "Linux amd64", "0.1.0");

    @TempDir
    Path directory;

    private static BaselineEntry entry(String id) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(1_000, 10);
        return new BaselineEntry(id, id + "()", 10, 1_000, 1_000, new long[] {1_000, 1_001, 999, 1_000, 1_002},
                ResultWriter.encode(histogram), 5_000_000, MACHINE, "0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void entriesRoundTripSortedByTestId() {
        BaselineStore store = new BaselineStore(directory);

        store.save("v1", "com.acme.T", entry("b"));
        store.save("v1", "com.acme.T", entry("a"));
        store.save("v1", "com.acme.T", entry("b"));
        Map<String, BaselineEntry> loaded = store.load("v1", "com.acme.T");

        assertThat(loaded.keySet()).containsExactly("a", "b");
        BaselineEntry a = loaded.get("a");
        assertThat(a.blockMedians()).containsExactly(1_000, 1_001, 999, 1_000, 1_002);
        assertThat(a.fingerprint()).isEqualTo(MACHINE);
        assertThat(a.gitCommit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(a.decodedHistogram().getTotalCount()).isEqualTo(10);
        assertThat(store.names()).containsExactly("v1");
    }

    @Test
    void savingTheSameNumbersTwiceWritesTheSameBytes() throws Exception {
        BaselineStore store = new BaselineStore(directory);
        store.save("v1", "com.acme.T", entry("a"));
        byte[] first = Files.readAllBytes(store.file("v1", "com.acme.T"));

        store.save("v1", "com.acme.T", entry("a"));

        assertThat(Files.readAllBytes(store.file("v1", "com.acme.T"))).isEqualTo(first);
    }

    @Test
    void concurrentSavesOfOneClassLoseNoEntry() throws Exception {
        BaselineStore store = new BaselineStore(directory);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String id = String.format("test-%02d", i);
                saves.add(pool.submit(() -> new BaselineStore(directory).save("v1", "com.acme.T", entry(id))));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        }
        finally {
            pool.shutdown();
        }

        assertThat(store.load("v1", "com.acme.T")).hasSize(64);
        try (var files = Files.list(directory.resolve("v1"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aClassWithoutAFileHasNoEntries() {
        BaselineStore store = new BaselineStore(directory);
        store.save("v1", "com.acme.T", entry("a"));

        assertThat(store.load("v1", "com.acme.Other")).isEmpty();
    }

    @Test
    void anIncompleteEntryIsReportedWithTheFile() throws Exception {
        BaselineStore store = new BaselineStore(directory);
        store.save("v1", "com.acme.T", entry("a"));
        Path file = store.file("v1", "com.acme.T");
        Files.writeString(file, Files.readString(file).replace("\"p50Ns\"", "\"p5Ns\""));

        assertThatThrownBy(() -> store.load("v1", "com.acme.T"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("baseline file " + file + " cannot be read: an entry is incomplete or invalid (missing"
                        + " \"p50Ns\"); restore it from version control, or delete it and save the baseline again"
                        + " (it is never overwritten while it cannot be read)");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws Exception {
        BaselineStore store = new BaselineStore(directory);
        Path file = store.file("v1", "com.acme.T");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": \"perfgate-result\"}");

        assertThatThrownBy(() -> store.save("v1", "com.acme.T", entry("a")))
                .hasMessageContaining("it is not a perfgate baseline file (no \"format\": \"perfgate-baseline\")");
        assertThat(Files.readString(file)).isEqualTo("{\"format\": \"perfgate-result\"}");
    }

    @Test
    void aMissingBaselineNamesTheOnesThatExist() {
        BaselineStore store = new BaselineStore(directory);

        assertThatThrownBy(() -> store.load("v1", "com.acme.T")).hasMessageContaining("(there are no baselines yet)");
        store.save("v0", "com.acme.T", entry("a"));
        assertThatThrownBy(() -> store.load("v1", "com.acme.T")).hasMessageContaining("(existing baselines: v0)");
    }

    @Test
    void numbersThatAreNotCountsAreCorruption() throws Exception {
        BaselineStore store = new BaselineStore(directory);
        store.save("v1", "com.acme.T", entry("a"));
        Path file = store.file("v1", "com.acme.T");
        Files.writeString(file, Files.readString(file).replace("\"p50Ns\" : 1000", "\"p50Ns\" : \"oops\""));

        assertThatThrownBy(() -> store.load("v1", "com.acme.T"))
                .hasMessageContaining("cannot be read: an entry is incomplete or invalid (\"p50Ns\" is not a"
                        + " non-negative whole number: \"oops\")");
    }
}
