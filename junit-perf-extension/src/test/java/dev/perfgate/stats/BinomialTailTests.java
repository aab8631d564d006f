package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinomialTailTests {

    @Test
    void noExcessIsNoEvidence() {
        assertThat(BinomialTail.pValueExceeds(10_000, 100, 0.01)).isGreaterThanOrEqualTo(0.5);
        assertThat(BinomialTail.pValueExceeds(10_000, 50, 0.01)).isGreaterThan(0.99);
        assertThat(BinomialTail.pValueExceeds(1000, 1, 0.01)).isGreaterThan(0.99);
    }

    @Test
    void largeExcessIsStrongEvidence() {
        assertThat(BinomialTail.pValueExceeds(10_000, 250, 0.01)).isLessThan(1e-20);
        assertThat(BinomialTail.pValueExceeds(500, 100, 0.01)).isLessThan(1e-20);
    }

    @Test
    void moreBeyondTheLimitNeverMeansLessEvidence() {
        double previous = 1;
        for (int beyond = 0; beyond <= 200; beyond++) {
            double pValue = BinomialTail.pValueExceeds(10_000, beyond, 0.01);
            assertThat(pValue).as("%d beyond", beyond).isLessThanOrEqualTo(previous).isBetween(0.0, 1.0);
            previous = pValue;
        }
    }

    @Test
    void oneOccurrenceOfSomethingNotAllowedAtAll() {
        assertThat(BinomialTail.pValueExceeds(1_000_000, 1, 0)).isEqualTo(0.0);
    }

    @Test
    void nothingBeyondTheLimitIsNeverEvidence() {
        assertThat(BinomialTail.pValueExceeds(1_000_000, 0, 0)).isEqualTo(1.0);
        assertThat(BinomialTail.pValueExceeds(1, 0, 0.5)).isEqualTo(1.0);
    }

    @Test
    void everythingAllowed() {
        assertThat(BinomialTail.pValueExceeds(10, 10, 1.0)).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{1} of {0} beyond, allowed {2}")
    @CsvSource({
            "20, 5, 0.1",
            "20, 1, 0.1",
            "20, 20, 0.1",
            "50, 7, 0.05",
            "100, 3, 0.01",
            "200, 120, 0.5",
    })
    void smallCountsMatchTheExactTail(int trials, int beyond, double allowed) {
        assertThat(BinomialTail.pValueExceeds(trials, beyond, allowed))
                .isCloseTo(exactTail(trials, beyond, allowed), within(1e-12));
    }

    @ParameterizedTest(name = "{1} of {0} beyond, allowed {2}")
    @CsvSource({
            "10000, 115, 0.01",
            "10000, 130, 0.01",
            "10000, 250, 0.01",
            "100000, 130, 0.001",
            "12400, 236, 0.01",
            "1000000, 10200, 0.01",
    })
    void largeCountsMatchTheTailSummedInLogSpace(long trials, long beyond, double allowed) {
        double expected = tail(trials, beyond, allowed);

        assertThat(BinomialTail.pValueExceeds(trials, beyond, allowed)).isCloseTo(expected, within(expected * 1e-6));
    }

    @Test
    void trialsBeyondTheRangeOfAnIntAreHandled() {
        long trials = 3_000_000_000L;

        assertThat(BinomialTail.pValueExceeds(trials, trials / 100, 0.01)).isGreaterThanOrEqualTo(0.4);
        assertThat(BinomialTail.pValueExceeds(trials, trials / 50, 0.01)).isLessThan(1e-20);
        assertThat(BinomialTail.pValueExceeds(Long.MAX_VALUE, 0, 0.01)).isEqualTo(1.0);
    }

    @Test
    void trialsBeyondTheRangeOfAnIntAreJudgedConservatively() {
        long trials = 3_000_000_000L;
        long beyond = 30_020_000L; // 3.7 standard deviations above the allowed 1 %

        double exact = tail(trials, beyond, 0.01);
        double pValue = BinomialTail.pValueExceeds(trials, beyond, 0.01);

        assertThat(exact).isBetween(1e-5, 1e-3);
        assertThat(pValue).isGreaterThanOrEqualTo(exact).isLessThan(0.01);
    }

    @Test
    void oneOccurrenceInTrialsBeyondTheRangeOfAnIntIsJudgedConservatively() {
        // 1 in 3e9 with 4e-13 allowed: expected 0.0012 occurrences, so seeing one has a p-value of about 0.0012.
        // Scaling the trials down to Integer.MAX_VALUE must not turn that into evidence at alpha = 0.001.
        long trials = 3_000_000_000L;

        double exact = tail(trials, 1, 4e-13);
        double pValue = BinomialTail.pValueExceeds(trials, 1, 4e-13);

        assertThat(exact).isBetween(0.001, 0.0013);
        assertThat(pValue).isGreaterThanOrEqualTo(exact);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(0, 0, 0.01))
                .withMessage("invalid binomial test: 0 of 0 beyond, allowed 0.01");
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(10, -1, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(10, 11, 0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(10, 1, -0.01));
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(10, 1, 1.01));
        assertThatIllegalArgumentException().isThrownBy(() -> BinomialTail.pValueExceeds(10, 1, Double.NaN));
    }

    /** P(X >= k) for X ~ Binomial(n, p), in exact decimal arithmetic. */
    private static double exactTail(int n, int k, double p) {
        MathContext context = MathContext.DECIMAL128;
        BigDecimal success = new BigDecimal(p);
        BigDecimal failure = BigDecimal.ONE.subtract(success);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal choose = BigDecimal.ONE; // C(n, i)
        for (int i = 0; i <= n; i++) {
            if (i > 0) {
                choose = choose.multiply(BigDecimal.valueOf(n - i + 1)).divide(BigDecimal.valueOf(i), context);
            }
            if (i >= k) {
                sum = sum.add(choose.multiply(success.pow(i, context), context)
                        .multiply(failure.pow(n - i, context), context), context);
            }
        }
        return sum.doubleValue();
    }

    /**
     * P(X >= k) for X ~ Binomial(n, p): the first term from log-gamma, the next ones by the ratio of consecutive
     * terms, until they no longer change the sum.
     */
    private static double tail(long n, long k, double p) {
        double logTerm = logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0)
                + k * Math.log(p) + (n - k) * Math.log1p(-p);
        double term = 1;
        double sum = 0;
        for (long i = k; i <= n; i++) {
            sum += term;
            term *= (double) (n - i) / (i + 1) * p / (1 - p);
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(logTerm);
    }

    /** ln Γ(x) for x >= 1: Stirling's series, after shifting x above 20 where it converges fast. */
    private static double logGamma(double x) {
        double shift = 0;
        while (x < 20) {
            shift -= Math.log(x);
            x += 1;
        }
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        double series = inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared * (1.0 / 1260
                - inverseSquared / 1680)));
        return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
    }
}
