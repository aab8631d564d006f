package dev.perfgate.perftests.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.perfgate.Bench;
import dev.perfgate.Complexity;
import dev.perfgate.Measure;
import dev.perfgate.ScalingTest;
import dev.perfgate.Sla;

/**
 * The HTML report as a person sees it: fixture tests run through a JUnit launcher of their own (so that perfgate's
 * report listener writes the report, as after any run), then the page is opened in headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs) and read: the summary rows, the
 * failing test's objective shown as failing, the plots with their axis labels.
 *
 * <p>Without a browser the test is skipped, unless {@code PERFGATE_REQUIRE_BROWSER} is set (CI sets it), where it
 * fails: a report test that never runs would check nothing.
 */
class ReportInBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path work;

    @Test
    void aPersonSeesTheRowsTheFailureAndThePlots() throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("PERFGATE_REQUIRE_BROWSER") != null) {
            assertThat(browser).as("%s and %s (installed by .ci/run)", CHROMIUM, CHROMEDRIVER).isTrue();
        }
        assumeTrue(browser, "no headless Chromium here: install Debian's chromium and chromium-driver");

        Path results = work.resolve("perfgate").resolve("results");
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FastTestCase.class), selectClass(SlowTestCase.class),
                        selectClass(ScalingTestCase.class))
                .configurationParameter("perfgate.results.dir", results.toString())
                // fixtures, not the suite: neither compared with the suite's baseline nor saved into one
                .configurationParameter("perfgate.baseline.compare", "")
                .configurationParameter("perfgate.baseline.save", "")
                .configurationParameter("perfgate.measure.warmup.default", "50ms")
                .configurationParameter("perfgate.measure.duration.default", "200ms")
                .build();
        LauncherFactory.create().execute(request);
        Path report = work.resolve("perfgate").resolve("report").resolve("index.html");
        assertThat(report).as("the report the listener writes after the run").isRegularFile();
        assertThat(work.resolve("perfgate").resolve("summary.md")).content().contains("FAIL");
        try (var attached = Files.walk(Path.of("target", "junit-jupiter"))) {
            assertThat(attached.filter(file -> file.getFileName().toString().endsWith("$FastTestCase.fast().svg")))
                    .as("the test's plot, attached through ExtensionContext.publishFile").singleElement()
                    .satisfies(svg -> assertThat(svg).content().startsWith("<svg"));
        }

        WebDriver browserDriver = chromium();
        try {
            browserDriver.get(report.toUri().toString());

            List<WebElement> rows = browserDriver.findElements(By.cssSelector("tr.row"));
            assertThat(rows).extracting(row -> row.getAttribute("data-verdict")).contains("FAIL", "PASS");
            WebElement failing = browserDriver.findElement(By.cssSelector("tr.row[data-verdict='FAIL']"));
            assertThat(failing.getText()).contains("SlowTestCase").contains("FAIL");
            List<WebElement> failingObjectives = failing.findElements(By.cssSelector(".objective.fail"));
            assertThat(failingObjectives).as("the failing objective, marked").isNotEmpty();
            assertThat(failingObjectives.get(0).getText()).contains("p50").contains("1 ms");
            assertThat(failingObjectives.get(0).isDisplayed()).isTrue();

            List<WebElement> plots = browserDriver.findElements(By.cssSelector("svg"));
            assertThat(plots).as("plots").hasSizeGreaterThanOrEqualTo(3);
            List<String> axisLabels = browserDriver.findElements(By.cssSelector("svg text.axis-label")).stream()
                    .map(label -> label.getAttribute("textContent")).toList();
            assertThat(axisLabels).anySatisfy(label -> assertThat(label).startsWith("latency ("))
                    .anySatisfy(label -> assertThat(label).startsWith("percentile"));
            assertThat(browserDriver.getPageSource()).contains("scaling").contains("O(N)");

            byte[] screenshot = ((ChromeDriver) browserDriver).getScreenshotAs(OutputType.BYTES);
            assertThat(screenshot).as("a PNG of the page").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            Path shot = Path.of("target", "perfgate", "report-in-browser.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, screenshot);
        }
        finally {
            browserDriver.quit();
        }
    }

    /** Headless Chromium as the machine allows it: no sandbox as root, no network of its own. */
    private WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + Files.createDirectories(work.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withTimeout(Duration.ofSeconds(30)).build();
        return new ChromeDriver(service, options);
    }

    static class FastTestCase {
        @org.junit.jupiter.api.Test
        @Sla(p99 = "50ms")
        void fast() {
            Math.sqrt(42);
        }
    }

    static class SlowTestCase {
        @org.junit.jupiter.api.Test
        @Sla(p50 = "1ms")
        @Measure(warmup = "0s", duration = "100ms")
        void slow() throws InterruptedException {
            Thread.sleep(3);
        }
    }

    static class ScalingTestCase {
        @ScalingTest(sizes = {10, 100, 1000}, expect = Complexity.N)
        @Measure(warmup = "0s", duration = "50ms")
        void scan(int size, Bench bench) {
            bench.measure(() -> {
                long end = System.nanoTime() + size * 200L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
        }
    }
}
