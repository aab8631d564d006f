package dev.perfgate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.perfgate.Complexity;
import dev.perfgate.stats.ComplexityFit.ClassFit;

class ComplexityFitTests {

    private static final long[] DECADES = {10, 100, 1_000, 10_000};

    private static double[] curve(Complexity complexity, double coefficient, long[] sizes) {
        double[] nanos = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            nanos[i] = coefficient * complexity.of(sizes[i]);
        }
        return nanos;
    }

    @Test
    void exactCurvesOfEveryClassAreClassifiedExactly() {
        long[][] designs = {DECADES, {2, 3, 4}, {2, 4, 8, 16, 32, 64}, {1_000, 2_000, 4_000}, {10, 10, 100, 1_000},
                {5, 1_000_000, 20}};
        for (long[] sizes : designs) {
            for (Complexity truth : Complexity.values()) {
                for (double coefficient : new double[] {0.003, 1, 42.5, 7e6}) {
                    ComplexityFit fit = ComplexityFit.of(sizes, curve(truth, coefficient, sizes));

                    ClassFit best = fit.best();
                    assertThat(best.complexity()).as("%s × %s", coefficient, truth).isEqualTo(truth);
                    assertThat(best.coefficient()).isCloseTo(coefficient, within(coefficient * 1e-9));
                    assertThat(best.residualSumOfSquares()).isLessThan(1e-20);
                    assertThat(best.typicalFactor()).isCloseTo(1, within(1e-9));
                    for (ClassFit other : fit.fits()) {
                        if (other.complexity() != truth) {
                            assertThat(other.residualSumOfSquares()).isGreaterThan(1e-6);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCoefficientIsTheGeometricMeanOfCostOverGrowth() {
        // Costs 2, 8, 4 × N at 10, 100, 1000: geometric mean of the ratios 4, log ratios ln 2, ln 8, ln 4.
        ComplexityFit fit = ComplexityFit.of(new long[] {10, 100, 1_000}, new double[] {20, 800, 4_000});

        ClassFit linear = fit.fit(Complexity.N);
        assertThat(linear.coefficient()).isCloseTo(4, within(1e-12));
        double ln2 = Math.log(2);
        // Log ratios ln 2, 3 ln 2, 2 ln 2 around their mean 2 ln 2: squares (ln 2)² + (ln 2)² + 0.
        assertThat(linear.residualSumOfSquares()).isCloseTo(2 * ln2 * ln2, within(1e-12));
        assertThat(linear.typicalFactor()).isCloseTo(Math.exp(Math.sqrt(2 * ln2 * ln2 / 2)), within(1e-12));
        assertThat(linear.typicalFactor()).isCloseTo(2, within(1e-12));
        assertThat(linear.nanosAt(50)).isCloseTo(200, within(1e-9));
    }

    @Test
    void theFitsListEveryClassSlowestFirst() {
        ComplexityFit fit = ComplexityFit.of(DECADES, curve(Complexity.N, 3, DECADES));

        assertThat(fit.fits()).extracting(ClassFit::complexity).containsExactly(Complexity.values());
        assertThat(fit.points()).isEqualTo(4);
        for (Complexity complexity : Complexity.values()) {
            assertThat(fit.fit(complexity).complexity()).isEqualTo(complexity);
        }
    }

    @Test
    void aTieGoesToTheSlowerClass() {
        // log₂ N is 1, 4, 16 and the costs 1, 2, 4: in log space exactly halfway between O(1) and O(log N), with
        // every logarithm a multiple of ln 2, so both RSS are 2 (ln 2)² to the last bit.
        ComplexityFit fit = ComplexityFit.of(new long[] {2, 16, 65_536}, new double[] {1, 2, 4});

        assertThat(fit.fit(Complexity.CONSTANT).residualSumOfSquares())
                .isEqualTo(fit.fit(Complexity.LOG_N).residualSumOfSquares());
        assertThat(fit.best().complexity()).isEqualTo(Complexity.CONSTANT);
    }

    @Test
    void aConstantOffsetOverLogNDoesNotLookFaster() {
        // 1 µs of fixed cost over 50 ns per halving step.
        double[] nanos = new double[DECADES.length];
        for (int i = 0; i < DECADES.length; i++) {
            nanos[i] = 1_000 + 50 * Complexity.LOG_N.of(DECADES[i]);
        }
        ComplexityFit fit = ComplexityFit.of(DECADES, nanos);

        assertThat(fit.best().complexity()).isIn(Complexity.CONSTANT, Complexity.LOG_N);
        assertThat(fit.judge(Complexity.LOG_N, 0.001).verdict()).isEqualTo(dev.perfgate.verdict.Verdict.PASS);
    }

    @Test
    void aConstantOffsetNeverMakesAFasterClassFitBest() {
        // a + c f(N) adds ln(1 + a / (c f(N))), which falls with N: it can only pull the fit to slower classes
        // (for sizes from 3 up: N / log N falls from 2 to e, so at 2, 3, 4 the offset could favour a faster class).
        SplittableRandom random = new SplittableRandom(11);
        long[][] designs = {DECADES, {3, 4, 5}, {16, 64, 256, 1_024, 4_096}, {100, 200, 400}, {3, 1_000, 7}};
        for (int trial = 0; trial < 20_000; trial++) {
            long[] sizes = designs[trial % designs.length];
            Complexity truth = Complexity.values()[random.nextInt(Complexity.values().length)];
            double coefficient = Math.pow(10, random.nextDouble(-3, 3));
            double offset = Math.pow(10, random.nextDouble(-3, 9));
            double[] nanos = curve(truth, coefficient, sizes);
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] += offset;
            }

            Complexity best = ComplexityFit.of(sizes, nanos).best().complexity();

            assertThat(best.growsFasterThan(truth)).as("%s + %s × %s picked %s", offset, coefficient, truth, best)
                    .isFalse();
        }
    }

    @Test
    void theFitKeepsItsOwnCopiesOfTheInput() {
        long[] sizes = DECADES.clone();
        double[] nanos = curve(Complexity.N, 3, sizes);
        ComplexityFit fit = ComplexityFit.of(sizes, nanos);

        sizes[0] = 999;
        nanos[0] = 1e12;
        fit.sizes()[1] = 999;
        fit.nanos()[1] = 1e12;

        assertThat(fit.sizes()).containsExactly(DECADES);
        assertThat(fit.nanos()).containsExactly(curve(Complexity.N, 3, DECADES));
        assertThat(fit.best().complexity()).isEqualTo(Complexity.N);
    }

    @Test
    void fitsOfTheSameCostsAreEqual() {
        ComplexityFit fit = ComplexityFit.of(DECADES, new double[] {52, 98, 151, 204});

        assertThat(fit).isEqualTo(ComplexityFit.of(DECADES.clone(), new double[] {52, 98, 151, 204}))
                .hasSameHashCodeAs(ComplexityFit.of(DECADES, new double[] {52, 98, 151, 204}))
                .isNotEqualTo(ComplexityFit.of(DECADES, new double[] {52, 98, 151, 205}));
        assertThat(fit.judge(Complexity.N, 0.001)).isEqualTo(fit.judge(Complexity.N, 0.001));
    }

    @Test
    void fitsReadWithTheirUnits() {
        ComplexityFit fit = ComplexityFit.of(DECADES, new double[] {52, 98, 151, 204});

        assertThat(fit.fit(Complexity.LOG_N)).hasToString("O(log N): 15.2 ns × log₂ N within ±2.53 %");
        assertThat(fit.fit(Complexity.CONSTANT)).hasToString("O(1): 112 ns within ±81 %");
        assertThat(fit.fit(Complexity.N).curve()).isEqualTo("0.354 ns × N");
        assertThat(fit.fit(Complexity.N).quality()).isEqualTo("within a factor of 10.9");
        assertThat(fit.fit(Complexity.N_LOG_N).curve()).isEqualTo("0.0481 ns × N log₂ N");
        assertThat(fit.fit(Complexity.N_SQUARED).curve()).isEqualTo("0.00112 ns × N²");
        assertThat(fit).hasToString("best O(log N) of [O(1): 112 ns within ±81 %, O(log N): 15.2 ns × log₂ N within"
                + " ±2.53 %, O(N): 0.354 ns × N within a factor of 10.9, O(N log N): 0.0481 ns × N log₂ N within a"
                + " factor of 19.6, O(N²): 0.00112 ns × N² within a factor of 213]");
    }

    @Test
    void sizesAndCostsMustPairUp() {
        assertThatIllegalArgumentException().isThrownBy(() -> ComplexityFit.of(DECADES, new double[] {1, 2, 3}))
                .withMessage("sizes and nanos must have the same length, were [4] and [3]: one cost per size");
    }

    @Test
    void sizesMustBeAtLeastTwo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComplexityFit.of(new long[] {1, 10, 100}, new double[] {1, 2, 3}))
                .withMessage("sizes[0] must be at least 2, was [1]: log N is not positive below 2");
    }

    @Test
    void sizesMustHoldThreeDistinctValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ComplexityFit.of(new long[] {10, 100, 100, 10}, new double[] {1, 2, 3, 4}))
                .withMessage("sizes must hold at least 3 distinct values, were [10, 100, 100, 10]: two sizes show"
                        + " one ratio of costs, not the shape of the growth; e.g. {10, 100, 1000, 10000}");
    }

    @Test
    void costsMustBePositiveAndFinite() {
        for (double bad : new double[] {0, -3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> ComplexityFit.of(DECADES, new double[] {1, 2, bad, 4}))
                    .withMessage("nanos[2] (size 1000) must be positive and finite, was [" + bad
                            + "]: growth is fitted to its logarithm");
        }
    }

    @Test
    void nullInputIsNamed() {
        assertThatNullPointerException().isThrownBy(() -> ComplexityFit.of(null, new double[3])).withMessage("sizes");
        assertThatNullPointerException().isThrownBy(() -> ComplexityFit.of(DECADES, null)).withMessage("nanos");
    }

    @Test
    void aClassFitRejectsImpossibleNumbers() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClassFit(Complexity.N, 0, 0, 1))
                .withMessage("invalid fit of O(N): coefficient [0.0], RSS [0.0], typical factor [1.0]");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClassFit(Complexity.N, 1, -1, 1))
                .withMessageContaining("RSS [-1.0]");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClassFit(Complexity.N, 1, 0, 0.5))
                .withMessageContaining("typical factor [0.5]");
    }
}
