package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.perfgate.verdict.Verdict;

class RegressionTableTests {

    @TempDir
    Path folder;

    private static RegressionTable.Row row(String id, String name, Verdict verdict) {
        return new RegressionTable.Row(id, name, "v1", 1_000_000, 2_000_000, 1_250_000, 2_600_000, 0.25, 0.2, 0.3,
                verdict, "evidence");
    }

    private String close(String run, RegressionTable.Row... rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RegressionTable table = new RegressionTable(folder, new PrintStream(bytes, true, StandardCharsets.UTF_8), run);
        for (RegressionTable.Row row : rows) {
            table.add(row);
        }
        table.close();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAndWritesEveryRowWithUnits() throws Exception {
        String printed = close("run-1", row("b", "B.b()", Verdict.PASS), row("a", "A.a()", Verdict.FAIL));

        assertThat(printed.lines().toList()).hasSize(4);
        assertThat(printed).contains("A.a()").contains("1 ms").contains("1.25 ms").contains("+25 %")
                .contains("+20 % .. +30 %").contains("FAIL");
        String markdown = Files.readString(folder.resolve("regressions.md"));
        assertThat(markdown).contains("| A.a() | v1 | 1 ms | 1.25 ms | 2 ms | 2.6 ms | +25 % | +20 % .. +30 % | FAIL |");
        assertThat(markdown.indexOf("A.a()")).isLessThan(markdown.indexOf("B.b()"));
    }

    @Test
    void forksOfOneBuildShareTheTableAndAnEarlierBuildsRowsAreDropped() throws Exception {
        close("build-1", row("old", "Old.old()", Verdict.FAIL));
        close("build-2", row("a", "A.a()", Verdict.PASS));
        close("build-2", row("b", "B.b()", Verdict.PASS));

        String markdown = Files.readString(folder.resolve("regressions.md"));
        assertThat(markdown).contains("A.a()").contains("B.b()").doesNotContain("Old.old()");
    }
}
