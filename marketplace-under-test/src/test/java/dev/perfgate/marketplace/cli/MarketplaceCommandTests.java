package dev.perfgate.marketplace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.OpenTelemetry;

import dev.perfgate.marketplace.Marketplace;
import dev.perfgate.marketplace.TestPackages;

class MarketplaceCommandTests {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = MarketplaceCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void publishesSearchesShowsAndInstalls() throws Exception {
        String home = dir.resolve("home").toString();
        Path util = TestPackages.write(dir, TestPackages.archive("acme/util", "1.0.0"));
        Path web = TestPackages.write(dir, TestPackages.archive("acme/web", "1.2.0", "acme/util", "^1"));

        assertThat(run("--home", home, "publish", util.toString()).out()).startsWith("published acme/util@1.0.0 (");
        assertThat(run("publish", "--home", home, web.toString()).status()).isZero();
        Run search = run("--home", home, "search", "web", "--json");
        assertThat(search.status()).isZero();
        assertThat(search.out()).contains("\"id\" : \"acme/web\"").contains("\"totalHits\" : 1");
        assertThat(run("--home", home, "search", "title", "--sort", "name").out())
                .contains("2 packages match").containsSubsequence("acme/util", "acme/web");
        assertThat(run("--home", home, "info", "acme/web").out()).startsWith("acme/web@1.2.0  Title of web")
                .contains("depends on acme/util ^1");
        Run install = run("--home", home, "install", "acme/web@>=1.2 <2", "--into", dir.resolve("deps").toString());
        assertThat(install.out()).startsWith("installed acme/web@1.2.0 and 1 dependencies into ");
        assertThat(dir.resolve("deps/marketplace.lock")).exists();
    }

    @Test
    void refusedOperationsExitWithOneAndOneLineWithoutStackTrace() throws Exception {
        String home = dir.resolve("home").toString();
        Path notZip = Files.writeString(dir.resolve("not.zip"), "hello");

        Run unknown = run("--home", home, "install", "acme/nope", "--into", dir.resolve("deps").toString());
        Run badArchive = run("--home", home, "publish", notZip.toString());
        Run badId = run("--home", home, "info", "Not/Valid");

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("marketplace: unknown package acme/nope" + System.lineSeparator());
        assertThat(badArchive.status()).isEqualTo(1);
        assertThat(badArchive.err()).startsWith("marketplace: bad archive: not a readable zip").doesNotContain("\tat ");
        assertThat(badId.status()).isEqualTo(1);
        assertThat(badId.err()).startsWith("marketplace: invalid package namespace 'Not'");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("search", "--limit", "many").status()).isEqualTo(2);
        assertThat(run("install", "acme/web").status()).isEqualTo(2);
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run("--help").status()).isZero();
    }

    @Test
    void generatesACatalog() {
        String home = dir.resolve("home").toString();

        Run generate = run("--home", home, "generate", "--packages", "50", "--seed", "3");

        assertThat(generate.status()).isZero();
        assertThat(generate.out()).startsWith("generated 50 packages (");
        assertThat(run("--home", home, "info", "deep/level-00", "--json").out()).contains("\"latest\" : \"1.1.0\"");
    }

    @Test
    void aRefusedInstallSaysWhy() throws Exception {
        String home = dir.resolve("home").toString();
        Path util = TestPackages.write(dir, TestPackages.archive("acme/util", "1.0.0"));
        run("--home", home, "publish", util.toString());
        Path file = Files.writeString(dir.resolve("file.txt"), "not a directory");
        Path into = file.resolve("deps");

        Run install = run("--home", home, "install", "acme/util", "--into", into.toString());

        assertThat(install.status()).isEqualTo(1);
        assertThat(install.err()).isEqualTo("marketplace: cannot install into " + into + "; it is as it was: "
                + file + ": already exists" + System.lineSeparator());
    }

    @Test
    void aSearchIndexThatCannotBeOpenedSaysWhy() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("search-index"), "not a directory");

        Run search = run("--home", home.toString(), "search", "web");

        assertThat(search.status()).isEqualTo(1);
        Path index = home.resolve("search-index");
        assertThat(search.err()).startsWith("marketplace: cannot open the search index in " + index + ": " + index)
                .doesNotContain("\tat ");
        assertThat(search.err().lines()).hasSize(1);
    }

    @Test
    void aHomeInUseByAnotherMarketplaceIsNamed() {
        Path home = dir.resolve("home");
        try (Marketplace other = Marketplace.open(home, OpenTelemetry.noop())) {
            Run search = run("--home", home.toString(), "search", "web");

            assertThat(search.status()).isEqualTo(1);
            assertThat(search.err()).isEqualTo("marketplace: home " + home
                    + " is in use by another marketplace process" + System.lineSeparator());
        }
    }

    @Test
    void badOptionValuesAreBadUsage() {
        String home = dir.resolve("home").toString();

        Run sort = run("--home", home, "search", "web", "--sort", "foo");
        Run limit = run("--home", home, "search", "web", "--limit", "0");
        Run offset = run("--home", home, "search", "web", "--offset", "-1");
        Run packages = run("--home", home, "generate", "--packages", "-5");

        assertThat(sort.status()).isEqualTo(2);
        assertThat(sort.err()).contains("Invalid value for option '--sort'").contains("Usage:");
        assertThat(limit.status()).isEqualTo(2);
        assertThat(limit.err()).startsWith("Invalid value for option '--limit': [0] must be between 1 and 1,000")
                .contains("Usage:");
        assertThat(offset.status()).isEqualTo(2);
        assertThat(packages.status()).isEqualTo(2);
        assertThat(packages.err()).startsWith("Invalid value for option '--packages': [-5] must be between 1 and"
                + " 1,000,000").contains("Usage:");
        assertThat(run("--home", home, "search", "web", "--sort", "DOWNLOADS", "--limit", "1000").status()).isZero();
    }

    @Test
    void infoAndInstallAgreeOnAPackageWithOnlyPreReleases() throws Exception {
        String home = dir.resolve("home").toString();
        run("--home", home, "publish", TestPackages.write(dir, TestPackages.archive("acme/beta", "2.0.0-rc.1"))
                .toString());

        Run info = run("--home", home, "info", "acme/beta");
        Run install = run("--home", home, "install", "acme/beta", "--into", dir.resolve("deps").toString());

        assertThat(info.out()).startsWith("acme/beta@2.0.0-rc.1 ");
        assertThat(install.status()).isZero();
        assertThat(install.out()).startsWith("installed acme/beta@2.0.0-rc.1 and 0 dependencies into ");
    }
}
