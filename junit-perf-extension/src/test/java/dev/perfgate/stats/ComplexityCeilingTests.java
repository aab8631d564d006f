package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import dev.perfgate.Complexity;
import dev.perfgate.verdict.Verdict;

class ComplexityCeilingTests {

    private static final long[] DECADES = {10, 100, 1_000, 10_000};
    private static final double ALPHA = 0.001;

    /** About 15 ns × log₂ N, each within ±4 %. */
    private static final double[] LOG_N_COSTS = {52, 98, 151, 204};
    /** About 3 ns × N, each within ±3 %. */
    private static final double[] N_COSTS = {31, 305, 2_950, 30_400};
    /** About 100 ns at every size, each within ±3 %. */
    private static final double[] CONSTANT_COSTS = {100, 97, 103, 99};

    private static ComplexityCeiling judge(double[] nanos, Complexity expected) {
        return ComplexityFit.of(DECADES, nanos).judge(expected, ALPHA);
    }

    private static double[] curve(Complexity complexity, double coefficient, long[] sizes) {
        double[] nanos = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            nanos[i] = coefficient * complexity.of(sizes[i]);
        }
        return nanos;
    }

    @Test
    void linearGrowthFailsAnExpectedLogN() {
        ComplexityCeiling ceiling = judge(N_COSTS, Complexity.LOG_N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ceiling.challenger()).isEqualTo(Complexity.N);
        assertThat(ceiling.degreesOfFreedom()).isEqualTo(2);
        assertThat(ceiling.criticalValue()).isCloseTo(22.327, within(0.001));
        assertThat(ceiling.t()).isGreaterThan(ceiling.criticalValue());
        assertThat(ceiling.pValue()).isLessThan(ALPHA);
        assertThat(ceiling.evidence()).isEqualTo("grows faster than the expected O(log N): best fit O(N), 3.03 ns × N"
                + " within ±2.09 %, against O(log N) within a factor of 10.8; t = 194 above the critical value 22.3"
                + " (one-sided, alpha 0.1 %, 2 degrees of freedom), p < 0.0001");
        assertThat(ceiling).hasToString("FAIL: " + ceiling.evidence());
    }

    @Test
    void anExactLinearCurveFailsAnExpectedLogN() {
        ComplexityCeiling ceiling = judge(curve(Complexity.N, 1, DECADES), Complexity.LOG_N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ceiling.evidence()).contains("best fit O(N), 1 ns × N within ±0 %", "t > 1,000,000");
    }

    @Test
    void logarithmicGrowthPassesAnExpectedN() {
        ComplexityCeiling ceiling = judge(LOG_N_COSTS, Complexity.N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ceiling.evidence())
                .isEqualTo("best fit O(log N), slower than the expected O(N): 15.2 ns × log₂ N within ±2.53 %");
        // The faster class that fits best is still tested, and grows the wrong way.
        assertThat(ceiling.challenger()).isEqualTo(Complexity.N_LOG_N);
        assertThat(ceiling.t()).isNegative();
    }

    @Test
    void logarithmicGrowthPassesAnExpectedLogN() {
        ComplexityCeiling ceiling = judge(LOG_N_COSTS, Complexity.LOG_N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ceiling.evidence()).isEqualTo("best fit O(log N), as expected: 15.2 ns × log₂ N within ±2.53 %");
    }

    @Test
    void constantCostPassesAnExpectedLogN() {
        ComplexityCeiling ceiling = judge(CONSTANT_COSTS, Complexity.LOG_N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ceiling.fit().best().complexity()).isEqualTo(Complexity.CONSTANT);
        assertThat(ceiling.evidence())
                .isEqualTo("best fit O(1), slower than the expected O(log N): 99.7 ns within ±2.53 %");
    }

    @Test
    void anOffsetOverLinearGrowthPassesAnExpectedN() {
        double[] nanos = curve(Complexity.N, 2, DECADES);
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] += 5_000;
        }

        ComplexityCeiling ceiling = judge(nanos, Complexity.N);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ceiling.fit().best().complexity().growsFasterThan(Complexity.N)).isFalse();
    }

    @Test
    void aFasterClassThatFitsBestWithoutSignificanceWarns() {
        // Three sizes leave one degree of freedom: at alpha 0.001 the critical t is 318.
        ComplexityCeiling ceiling = ComplexityFit.of(new long[] {10, 100, 1_000}, new double[] {33, 68, 98})
                .judge(Complexity.CONSTANT, ALPHA);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.WARN);
        assertThat(ceiling.challenger()).isEqualTo(Complexity.LOG_N);
        assertThat(ceiling.evidence()).isEqualTo("may grow faster than the expected O(1), not significantly: best fit"
                + " O(log N), 10 ns × log₂ N within ±2.1 %, against O(1) within ±74 %; t = 26.7 below the critical"
                + " value 318 (one-sided, alpha 0.1 %, 1 degrees of freedom), p = 0.0119");
    }

    @Test
    void nothingGrowsFasterThanNSquared() {
        ComplexityCeiling ceiling = judge(curve(Complexity.N_SQUARED, 0.5, DECADES), Complexity.N_SQUARED);

        assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ceiling.challenger()).isNull();
        assertThat(ceiling.t()).isNaN();
        assertThat(ceiling.criticalValue()).isNaN();
        assertThat(ceiling.pValue()).isNaN();
        assertThat(ceiling.evidence()).isEqualTo(
                "best fit O(N²), 0.5 ns × N² within ±0 %; no class grows faster than the expected O(N²)");
    }

    @Test
    void theSquaredTIsTheFStatisticOfTheLikelihoodRatio() {
        // RSS of the two-parameter family, solved here through the normal equations of the uncentred regression.
        SplittableRandom random = new SplittableRandom(5);
        long[] sizes = {4, 30, 200, 1_500, 9_000, 64_000};
        for (int trial = 0; trial < 200; trial++) {
            double[] nanos = new double[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                nanos[i] = 3 * Complexity.N.of(sizes[i]) * Math.exp(random.nextDouble(-0.4, 0.4));
            }
            ComplexityFit fit = ComplexityFit.of(sizes, nanos);
            Complexity expected = Complexity.LOG_N;
            Complexity challenger = Complexity.N;

            double s1 = 0;
            double sx = 0;
            double sxx = 0;
            double sd = 0;
            double sxd = 0;
            double[] x = new double[sizes.length];
            double[] d = new double[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                x[i] = Math.log(challenger.of(sizes[i]) / expected.of(sizes[i]));
                d[i] = Math.log(nanos[i] / expected.of(sizes[i]));
                s1++;
                sx += x[i];
                sxx += x[i] * x[i];
                sd += d[i];
                sxd += x[i] * d[i];
            }
            double determinant = s1 * sxx - sx * sx;
            double intercept = (sxx * sd - sx * sxd) / determinant;
            double slope = (s1 * sxd - sx * sd) / determinant;
            double rssFamily = 0;
            for (int i = 0; i < sizes.length; i++) {
                double residual = d[i] - intercept - slope * x[i];
                rssFamily += residual * residual;
            }
            double rssExpected = fit.fit(expected).residualSumOfSquares();
            double f = (sizes.length - 2) * (rssExpected / rssFamily - 1);

            double t = ComplexityCeiling.slopeT(fit, expected, challenger);

            assertThat(t * t).isCloseTo(f, within(1e-6 * f));
            assertThat(Math.signum(t)).isEqualTo(Math.signum(slope));
        }
    }

    @Test
    void aFasterBestClassFailsExactlyWhenItsPValueIsBelowAlpha() {
        SplittableRandom random = new SplittableRandom(17);
        int fails = 0;
        int warns = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            Complexity truth = Complexity.values()[1 + random.nextInt(4)];
            Complexity expected = Complexity.values()[random.nextInt(truth.ordinal())];
            double[] nanos = curve(truth, 1, DECADES);
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] *= Math.exp(random.nextDouble(-0.5, 0.5));
            }
            ComplexityCeiling ceiling = ComplexityFit.of(DECADES, nanos).judge(expected, 0.05);

            double p = TDistribution.of(2).survivalProbability(ceiling.t());
            assertThat(ceiling.pValue()).isCloseTo(p, within(1e-12));
            if (ceiling.fit().best().complexity().growsFasterThan(expected)) {
                assertThat(ceiling.challenger()).isEqualTo(ceiling.fit().best().complexity());
                assertThat(ceiling.verdict()).isEqualTo(p < 0.05 ? Verdict.FAIL : Verdict.WARN);
                fails += ceiling.verdict() == Verdict.FAIL ? 1 : 0;
                warns += ceiling.verdict() == Verdict.WARN ? 1 : 0;
            }
            else {
                assertThat(ceiling.verdict()).isEqualTo(Verdict.PASS);
            }
        }
        assertThat(fails).isPositive();
        assertThat(warns).isPositive();
    }

    @Test
    void onPureNoiseTheFalseFailRateIsAlpha() {
        // The worst case for a true class E: noise so large that the shape of E hardly matters, so a faster class
        // fits best as often as it ever will. Normal log errors, as the t test assumes.
        double alpha = 0.05;
        int trials = 10_000;
        SplittableRandom random = new SplittableRandom(23);
        StringBuilder rates = new StringBuilder();
        for (Complexity expected : Complexity.values()) {
            if (expected == Complexity.N_SQUARED) {
                continue;
            }
            int fails = 0;
            for (int trial = 0; trial < trials; trial++) {
                double[] nanos = curve(expected, 1, DECADES);
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] *= Math.exp(5 * gaussian(random));
                }
                if (ComplexityFit.of(DECADES, nanos).judge(expected, alpha).verdict() == Verdict.FAIL) {
                    fails++;
                }
            }
            double rate = (double) fails / trials;
            rates.append(String.format(Locale.ROOT, " %s %.4f", expected.notation(), rate));
            // Three standard errors of a binomial rate at alpha over the trials.
            assertThat(rate).as(expected.notation())
                    .isLessThanOrEqualTo(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / trials));
        }
        System.out.println("false FAIL rate on pure noise (sd 5 in ln), alpha " + alpha + ":" + rates);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void alphaMustBeASignificanceLevel() {
        ComplexityFit fit = ComplexityFit.of(DECADES, LOG_N_COSTS);
        for (double bad : new double[] {0, 0.5, -0.1, Double.NaN}) {
            assertThatIllegalArgumentException().isThrownBy(() -> fit.judge(Complexity.N, bad))
                    .withMessage("alpha must be in (0, 0.5), was [" + bad + "], e.g. 0.001");
        }
    }

    @Test
    void aChallengerMustGrowFasterThanTheExpectedClass() {
        ComplexityFit fit = ComplexityFit.of(DECADES, LOG_N_COSTS);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ComplexityCeiling(fit, Complexity.N, ALPHA, Complexity.LOG_N, 1, 2, 22.3, 0.3))
                .withMessage("challenger O(log N) must grow faster than the expected O(N)");
    }

    @Test
    void aChallengerMustBeTheBestFitWhenThatGrowsFaster() {
        ComplexityFit fit = ComplexityFit.of(DECADES, N_COSTS);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ComplexityCeiling(fit, Complexity.LOG_N, ALPHA, Complexity.N_SQUARED, 1, 2, 22.3,
                        0.3))
                .withMessage("challenger must be the best fit O(N), which grows faster than the expected O(log N),"
                        + " was [O(N²)]");
    }
}
