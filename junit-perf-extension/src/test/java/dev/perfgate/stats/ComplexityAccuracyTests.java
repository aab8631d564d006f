package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.perfgate.Complexity;
import dev.perfgate.verdict.Verdict;

/**
 * The accuracy the classifier was built to: on exact curves of each class with ±15 % multiplicative noise at 4 sizes
 * over 3 decades, the true class or a slower-growing neighbour in at least 99 % of 10,000 trials, and a faster class
 * almost never. The rates are printed so that they can be quoted.
 */
class ComplexityAccuracyTests {

    private static final long[] SIZES = {10, 100, 1_000, 10_000};
    private static final int TRIALS = 10_000;
    /** perfgate's default significance ({@code perfgate.sla.alpha}), and a lax one. */
    private static final double[] ALPHAS = {0.001, 0.05};

    /** What became of the trials of one true class. */
    private record Tally(Complexity truth, int correct, int slowerNeighbour, int slowerFurther, int faster,
            int[] falseFails, int[] warns) {

        double rate(int count) {
            return (double) count / TRIALS;
        }

        String text() {
            return String.format(Locale.ROOT, "%-10s correct %6.2f %%, slower neighbour %5.2f %%, slower"
                    + " further %5.2f %%, faster %5.2f %%; verdict against itself: FAIL %5.2f %% / WARN %5.2f %% at"
                    + " alpha 0.001, FAIL %5.2f %% / WARN %5.2f %% at alpha 0.05", truth.notation(), 100 * rate(correct),
                    100 * rate(slowerNeighbour), 100 * rate(slowerFurther), 100 * rate(faster),
                    100 * rate(falseFails[0]), 100 * rate(warns[0]), 100 * rate(falseFails[1]), 100 * rate(warns[1]));
        }
    }

    /**
     * {@code TRIALS} trials of {@code truth}: a coefficient log-uniform over 0.1 ns to 1 µs, times {@code f(N)},
     * times a factor uniform in {@code [1 - noise, 1 + noise]} at each size.
     */
    private static Tally run(Complexity truth, double noise, SplittableRandom random) {
        int correct = 0;
        int slowerNeighbour = 0;
        int slowerFurther = 0;
        int faster = 0;
        int[] falseFails = new int[ALPHAS.length];
        int[] warns = new int[ALPHAS.length];
        for (int trial = 0; trial < TRIALS; trial++) {
            double coefficient = Math.pow(10, random.nextDouble(-1, 3));
            double[] nanos = new double[SIZES.length];
            for (int i = 0; i < SIZES.length; i++) {
                nanos[i] = coefficient * truth.of(SIZES[i]) * random.nextDouble(1 - noise, 1 + noise);
            }
            ComplexityFit fit = ComplexityFit.of(SIZES, nanos);
            int step = fit.best().complexity().ordinal() - truth.ordinal();
            if (step == 0) {
                correct++;
            }
            else if (step == -1) {
                slowerNeighbour++;
            }
            else if (step < -1) {
                slowerFurther++;
            }
            else {
                faster++;
            }
            for (int a = 0; a < ALPHAS.length; a++) {
                Verdict verdict = fit.judge(truth, ALPHAS[a]).verdict();
                falseFails[a] += verdict == Verdict.FAIL ? 1 : 0;
                warns[a] += verdict == Verdict.WARN ? 1 : 0;
            }
        }
        return new Tally(truth, correct, slowerNeighbour, slowerFurther, faster, falseFails, warns);
    }

    @Test
    void withFifteenPercentNoiseTheTrueClassOrASlowerNeighbourIsPickedInAtLeast99Percent() {
        SplittableRandom random = new SplittableRandom(20_240_611);
        System.out.println("complexity classification, " + TRIALS + " trials per class, sizes 10 to 10,000, ±15 %"
                + " uniform noise:");
        for (Complexity truth : Complexity.values()) {
            Tally tally = run(truth, 0.15, random);
            System.out.println("  " + tally.text());

            assertThat(tally.rate(tally.correct() + tally.slowerNeighbour())).as(truth.notation())
                    .isGreaterThanOrEqualTo(0.99);
            assertThat(tally.rate(tally.faster())).as(truth.notation()).isLessThanOrEqualTo(0.001);
            // Judged against its own class, a true curve fails at most at the significance level.
            for (int a = 0; a < ALPHAS.length; a++) {
                assertThat(tally.rate(tally.falseFails()[a])).as("%s at alpha %s", truth.notation(), ALPHAS[a])
                        .isLessThanOrEqualTo(ALPHAS[a]);
            }
        }
    }

    @Test
    void withFiftyPercentNoiseFalseFailsStayWithinAlpha() {
        // Beyond the requirement: noise three times larger, so that classes are confused at all. O(1) has no slower
        // neighbour, so its confusions are faster picks, and then the ceiling test must hold the false FAILs.
        SplittableRandom random = new SplittableRandom(71);
        System.out.println("complexity classification, " + TRIALS + " trials per class, sizes 10 to 10,000, ±50 %"
                + " uniform noise:");
        for (Complexity truth : Complexity.values()) {
            Tally tally = run(truth, 0.5, random);
            System.out.println("  " + tally.text());

            assertThat(tally.rate(tally.correct() + tally.slowerNeighbour())).as(truth.notation())
                    .isGreaterThanOrEqualTo(0.9);
            assertThat(tally.rate(tally.faster())).as(truth.notation()).isLessThanOrEqualTo(0.1);
            for (int a = 0; a < ALPHAS.length; a++) {
                assertThat(tally.rate(tally.falseFails()[a])).as("%s at alpha %s", truth.notation(), ALPHAS[a])
                        .isLessThanOrEqualTo(ALPHAS[a]);
            }
        }
    }

    @Test
    void withFifteenPercentNoiseFasterGrowthThanExpectedNeverPasses() {
        // The power of the ceiling test, printed: 4 sizes leave 2 degrees of freedom.
        SplittableRandom random = new SplittableRandom(99);
        int trials = TRIALS / 5;
        System.out.println("ceiling test power, " + trials + " trials each, sizes 10 to 10,000, ±15 % uniform noise:");
        for (Complexity truth : Complexity.values()) {
            for (Complexity expected : Complexity.values()) {
                if (!truth.growsFasterThan(expected)) {
                    continue;
                }
                int[] fails = new int[ALPHAS.length];
                int passes = 0;
                for (int trial = 0; trial < trials; trial++) {
                    double coefficient = Math.pow(10, random.nextDouble(-1, 3));
                    double[] nanos = new double[SIZES.length];
                    for (int i = 0; i < SIZES.length; i++) {
                        nanos[i] = coefficient * truth.of(SIZES[i]) * random.nextDouble(0.85, 1.15);
                    }
                    ComplexityFit fit = ComplexityFit.of(SIZES, nanos);
                    for (int a = 0; a < ALPHAS.length; a++) {
                        Verdict verdict = fit.judge(expected, ALPHAS[a]).verdict();
                        fails[a] += verdict == Verdict.FAIL ? 1 : 0;
                        passes += verdict == Verdict.PASS ? 1 : 0;
                    }
                }
                System.out.printf(Locale.ROOT, "  true %-10s expected %-10s FAIL %6.2f %% at alpha 0.001, %6.2f %% at"
                        + " alpha 0.05%n", truth.notation(), expected.notation(), 100.0 * fails[0] / trials,
                        100.0 * fails[1] / trials);
                // Faster growth never passes: at worst it warns.
                assertThat(passes).as("%s under %s", truth, expected).isZero();
                assertThat(fails[1]).as("%s under %s at alpha 0.05", truth, expected).isGreaterThan(trials * 9 / 10);
            }
        }
    }
}
