package dev.perfgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.perfgate.OtelOverhead;
import dev.perfgate.OtelOverhead.Exporter;
import dev.perfgate.OtelOverhead.Statistic;
import dev.perfgate.Severity;
import dev.perfgate.verdict.OverheadObjective;

class OverheadSettingsTests {

    private static final String SOURCE = "SearchTests.search()";

    private static OtelOverhead overhead(String method) {
        try {
            return Fixtures.class.getDeclaredMethod(method).getAnnotation(OtelOverhead.class);
        }
        catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static OverheadSettings resolve(String method) {
        return OverheadSettings.resolve(overhead(method), SOURCE);
    }

    private static void assertError(String method, String message) {
        assertThatThrownBy(() -> resolve(method))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void onlyMaxIsRequired() {
        OverheadSettings settings = resolve("maxOnly");

        assertThat(settings).isEqualTo(new OverheadSettings(new OverheadObjective(0.10, 0.08), Statistic.MEDIAN,
                Exporter.IN_MEMORY, 1.0, Severity.FAIL));
    }

    @Test
    void warnDefaultsToEightyPercentOfMax() {
        assertThat(resolve("maxOnly").objective().warnFraction()).isEqualTo(0.08);
        assertThat(resolve("fractionalMax").objective().warnFraction()).isEqualTo(0.10);
        assertThat(OverheadSettings.DEFAULT_WARN_SHARE).isEqualTo(0.8);
    }

    @Test
    void percentagesBecomeFractions() {
        OverheadObjective objective = resolve("fractionalMax").objective();

        assertThat(objective.maxFraction()).isEqualTo(0.125);
    }

    @Test
    void everyAttributeIsRead() {
        OverheadSettings settings = resolve("everything");

        assertThat(settings).isEqualTo(new OverheadSettings(new OverheadObjective(0.10, 0.05), Statistic.P99,
                Exporter.OTLP, 0.25, Severity.WARN));
    }

    @Test
    void warnMayEqualMaxAndBothMayBeZero() {
        assertThat(resolve("warnAtMax").objective()).isEqualTo(new OverheadObjective(0.10, 0.10));
        assertThat(resolve("zeroMax").objective()).isEqualTo(new OverheadObjective(0, 0));
    }

    @Test
    void negativeMax() {
        assertError("negativeMax", "@OtelOverhead(max=-5) on SearchTests.search(): invalid max (expected a percentage "
                + "of at least 0, e.g. max = 10 (10 % slower at most))");
    }

    @Test
    void nonFiniteMax() {
        assertError("nanMax", "@OtelOverhead(max=NaN) on SearchTests.search(): invalid max (expected a percentage "
                + "of at least 0, e.g. max = 10 (10 % slower at most))");
        assertError("infiniteMax", "@OtelOverhead(max=Infinity) on SearchTests.search(): invalid max (expected a "
                + "percentage of at least 0, e.g. max = 10 (10 % slower at most))");
    }

    @Test
    void warnAboveMax() {
        assertError("warnAboveMax", "@OtelOverhead(warn=12) on SearchTests.search(): invalid warn (expected a "
                + "percentage from 0 to max (10), e.g. warn = 8, or leave it out for 80 % of max)");
    }

    @Test
    void negativeWarn() {
        assertError("negativeWarn", "@OtelOverhead(warn=-2) on SearchTests.search(): invalid warn (expected a "
                + "percentage from 0 to max (12.5), e.g. warn = 10, or leave it out for 80 % of max)");
    }

    @Test
    void zeroSamplingRatio() {
        assertError("noSampling", "@OtelOverhead(samplingRatio=0) on SearchTests.search(): invalid samplingRatio "
                + "(expected a fraction above 0 and at most 1, e.g. samplingRatio = 0.1 (10 % of traces))");
    }

    @Test
    void samplingRatioAboveOne() {
        assertError("oversampling", "@OtelOverhead(samplingRatio=1.5) on SearchTests.search(): invalid samplingRatio "
                + "(expected a fraction above 0 and at most 1, e.g. samplingRatio = 0.1 (10 % of traces))");
    }

    @Test
    void averageMaxIsUnsetByDefaultAndWhenSetToTheSentinel() {
        assertThat(OverheadSettings.averageMaxFraction(overhead("maxOnly"), SOURCE)).isNaN();
        assertThat(OverheadSettings.averageMaxFraction(overhead("averageMaxUnset"), SOURCE)).isNaN();
        assertThat(OtelOverhead.UNSET).isEqualTo(-1);
    }

    @Test
    void averageMaxIsAFraction() {
        assertThat(OverheadSettings.averageMaxFraction(overhead("everything"), SOURCE)).isEqualTo(0.06);
        assertThat(OverheadSettings.averageMaxFraction(overhead("zeroAverageMax"), SOURCE)).isZero();
    }

    @Test
    void negativeAverageMax() {
        String message = "@OtelOverhead(averageMax=-3) on SearchTests.search(): invalid averageMax (expected a "
                + "percentage of at least 0, e.g. averageMax = 5)";

        assertThatThrownBy(() -> OverheadSettings.averageMaxFraction(overhead("negativeAverageMax"), SOURCE))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(message);
        // a method's annotation with an invalid averageMax is refused too, though only a class's is judged
        assertError("negativeAverageMax", message);
    }

    @Test
    void classAnnotationsResolveLikeMethodAnnotations() {
        OtelOverhead annotation = AveragedTestCase.class.getAnnotation(OtelOverhead.class);

        assertThat(OverheadSettings.resolve(annotation, "SearchTests").objective())
                .isEqualTo(new OverheadObjective(0.10, 0.08));
        assertThat(OverheadSettings.averageMaxFraction(annotation, "SearchTests")).isEqualTo(0.05);
    }

    @Test
    void errorsNameTheSourceTheyWereGiven() {
        assertThatThrownBy(() -> OverheadSettings.resolve(overhead("negativeMax"), "SearchTests"))
                .hasMessageStartingWith("@OtelOverhead(max=-5) on SearchTests: ");
    }

    @SuppressWarnings("unused")
    private static final class Fixtures {

        @OtelOverhead(max = 10)
        void maxOnly() {
        }

        @OtelOverhead(max = 12.5)
        void fractionalMax() {
        }

        @OtelOverhead(max = 10, warn = 5, statistic = Statistic.P99, exporter = Exporter.OTLP, samplingRatio = 0.25,
                averageMax = 6, severity = Severity.WARN)
        void everything() {
        }

        @OtelOverhead(max = 10, warn = 10)
        void warnAtMax() {
        }

        @OtelOverhead(max = 0)
        void zeroMax() {
        }

        @OtelOverhead(max = -5)
        void negativeMax() {
        }

        @OtelOverhead(max = Double.NaN)
        void nanMax() {
        }

        @OtelOverhead(max = Double.POSITIVE_INFINITY)
        void infiniteMax() {
        }

        @OtelOverhead(max = 10, warn = 12)
        void warnAboveMax() {
        }

        @OtelOverhead(max = 12.5, warn = -2)
        void negativeWarn() {
        }

        @OtelOverhead(max = 10, samplingRatio = 0)
        void noSampling() {
        }

        @OtelOverhead(max = 10, samplingRatio = 1.5)
        void oversampling() {
        }

        @OtelOverhead(max = 10, averageMax = -1)
        void averageMaxUnset() {
        }

        @OtelOverhead(max = 10, averageMax = 0)
        void zeroAverageMax() {
        }

        @OtelOverhead(max = 10, averageMax = -3)
        void negativeAverageMax() {
        }
    }

    @OtelOverhead(max = 10, averageMax = 5)
    private static final class AveragedTestCase {
    }
}
