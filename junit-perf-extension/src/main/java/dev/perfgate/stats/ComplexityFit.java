package dev.perfgate.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.perfgate.Complexity;
import dev.perfgate.verdict.Units;

/**
 * Which growth class explains how a cost grows with problem size: every {@link Complexity} fitted to one cost per
 * size, in log space, and the best of them.
 *
 * <p><b>The model.</b> A cost at size {@code N} is taken as {@code t = c · f(N) · e}, with {@code f} the class's
 * growth function and {@code e} a multiplicative error: timings spread in proportion to their size, and a growth
 * class is a statement about ratios such as {@code t(10 N) / t(N)}. So each class is fitted to the logarithms,
 * {@code ln t = ln c + ln f(N) + ln e}. With {@code ln c} the only free parameter, its least-squares value is the
 * mean of {@code ln t - ln f(N)} (the coefficient is the geometric mean of {@code t / f(N)}), and the residual sum
 * of squares (RSS) is the sum of the squared deviations of those log ratios from their mean. Every size weighs the
 * same (a fit on the raw values would be decided by the largest size alone), and the result does not depend on
 * {@code c} or on the unit.
 *
 * <p><b>The best class</b> is the one with the smallest RSS: all classes have one parameter, so under normal log
 * errors that is the one of highest likelihood (and of lowest AIC or BIC alike). Ties go to the slower class.
 *
 * <p><b>A constant overhead</b>, {@code a + c · f(N)}, can only move the choice towards slower classes. It adds
 * {@code h(N) = ln(1 + a / (c f(N)))} to the logarithms, which does not rise with {@code N}, while for sizes from 3
 * up any faster class's {@code ln f} minus a slower one's does not fall ({@code N / log N} falls only between 2 and
 * {@code e}). Oppositely ordered, the two have a covariance of at most 0 (Chebyshev's sum inequality), so a faster
 * class F gains nothing on the true class T: {@code RSS_F - RSS_T = |Δ|² - 2 <h, Δ> >= |Δ|² > 0}, with
 * {@code Δ} the centred difference of their {@code ln f}.
 *
 * <p>How sure the choice is depends on the spread: the best class is the one whose centred {@code ln f(N)} is nearest
 * (Euclidean) to the centred {@code ln t}. At the sizes 10, 100, 1,000 and 10,000 any two classes are at least 1.041
 * apart (O(1) and O(log N), O(N) and O(N log N)), so errors with {@code |ln e| <= 0.26} (at least -22 % to +29 %), whose
 * whole length is then at most 0.52, under half that distance, can never change the choice: ±15 % never does.
 *
 * <pre>{@code
 * ComplexityFit fit = ComplexityFit.of(new long[] {10, 100, 1000, 10000}, new double[] {52, 98, 151, 204});
 * fit.best().complexity();                                  // LOG_N
 * fit.judge(Complexity.LOG_N, 0.001).verdict();             // PASS
 * }</pre>
 *
 * @see ComplexityCeiling for the test that judges a fit against an expected class
 */
public final class ComplexityFit {

    private final long[] sizes;
    private final double[] nanos;
    private final List<ClassFit> fits;
    private final ClassFit best;

    private ComplexityFit(long[] sizes, double[] nanos, List<ClassFit> fits, ClassFit best) {
        this.sizes = sizes;
        this.nanos = nanos;
        this.fits = fits;
        this.best = best;
    }

    /**
     * Fits every class to the cost {@code nanos[i]} measured at size {@code sizes[i]}.
     *
     * @param sizes problem sizes, each at least 2, with at least 3 distinct values (repeats are further points)
     * @param nanos the cost at each size in nanoseconds, e.g. the median latency; positive and finite
     * @throws IllegalArgumentException naming the bad value when the input cannot be fitted
     */
    public static ComplexityFit of(long[] sizes, double[] nanos) {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(nanos, "nanos");
        long[] n = sizes.clone();
        double[] t = nanos.clone();
        validate(n, t);
        List<ClassFit> fits = new ArrayList<>(Complexity.values().length);
        ClassFit best = null;
        for (Complexity complexity : Complexity.values()) {
            ClassFit fit = fit(complexity, n, t);
            fits.add(fit);
            // Strictly smaller: on a tie the slower class, met first, stays.
            if (best == null || fit.residualSumOfSquares() < best.residualSumOfSquares()) {
                best = fit;
            }
        }
        return new ComplexityFit(n, t, List.copyOf(fits), best);
    }

    private static void validate(long[] sizes, double[] nanos) {
        if (sizes.length != nanos.length) {
            throw new IllegalArgumentException("sizes and nanos must have the same length, were [" + sizes.length
                    + "] and [" + nanos.length + "]: one cost per size");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 2) {
                throw new IllegalArgumentException("sizes[" + i + "] must be at least 2, was [" + sizes[i]
                        + "]: log N is not positive below 2");
            }
            if (!(nanos[i] > 0) || Double.isInfinite(nanos[i])) {
                throw new IllegalArgumentException("nanos[" + i + "] (size " + sizes[i]
                        + ") must be positive and finite, was [" + nanos[i] + "]: growth is fitted to its logarithm");
            }
        }
        long distinct = Arrays.stream(sizes).distinct().count();
        if (distinct < 3) {
            throw new IllegalArgumentException("sizes must hold at least 3 distinct values, were "
                    + Arrays.toString(sizes) + ": two sizes show one ratio of costs, not the shape of the "
                    + "growth; e.g. {10, 100, 1000, 10000}");
        }
    }

    private static ClassFit fit(Complexity complexity, long[] sizes, double[] nanos) {
        int n = sizes.length;
        double[] logRatios = new double[n];
        for (int i = 0; i < n; i++) {
            logRatios[i] = Math.log(nanos[i]) - logGrowth(complexity, sizes[i]);
        }
        double logCoefficient = mean(logRatios);
        double rss = 0;
        for (double logRatio : logRatios) {
            rss += (logRatio - logCoefficient) * (logRatio - logCoefficient);
        }
        // One parameter fitted, so n - 1 degrees of freedom for the residual spread.
        double spread = Math.sqrt(rss / (n - 1));
        return new ClassFit(complexity, Math.exp(logCoefficient), rss, Math.exp(spread));
    }

    /** {@code ln f(N)}. */
    static double logGrowth(Complexity complexity, long size) {
        return Math.log(complexity.of(size));
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** The sizes, in the order given. */
    public long[] sizes() {
        return sizes.clone();
    }

    /** The cost at each size in nanoseconds, in the order given. */
    public double[] nanos() {
        return nanos.clone();
    }

    /** How many (size, cost) points were fitted. */
    public int points() {
        return sizes.length;
    }

    /** One fit per class, slowest-growing first. */
    public List<ClassFit> fits() {
        return fits;
    }

    /** The fit of {@code complexity}. */
    public ClassFit fit(Complexity complexity) {
        return fits.get(complexity.ordinal());
    }

    /** The fit with the smallest RSS; the slower class on a tie. */
    public ClassFit best() {
        return best;
    }

    /**
     * Judges this fit against {@code expected} as a ceiling, at significance {@code alpha}: see
     * {@link ComplexityCeiling#of(ComplexityFit, Complexity, double)}.
     */
    public ComplexityCeiling judge(Complexity expected, double alpha) {
        return ComplexityCeiling.of(this, expected, alpha);
    }

    /** Equal when fitted to the same sizes and costs, in the same order. */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ComplexityFit fit && Arrays.equals(sizes, fit.sizes)
                && Arrays.equals(nanos, fit.nanos);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sizes) + Arrays.hashCode(nanos);
    }

    /** {@code best O(log N) of [O(1): 112 ns within ±81 %, O(log N): 15.2 ns × log₂ N within ±2.53 %, ...]}. */
    @Override
    public String toString() {
        return "best " + best.complexity().notation() + " of " + fits;
    }

    /**
     * One class fitted to the costs.
     *
     * @param complexity           the class
     * @param coefficient          {@code c} in {@code c · f(N)}, in nanoseconds: the geometric mean of
     *                             {@code t / f(N)}
     * @param residualSumOfSquares the RSS of the fit in natural-log units: the sum of
     *                             {@code (ln t - ln c - ln f(N))²}
     * @param typicalFactor        {@code exp} of the residual standard deviation ({@code sqrt(RSS / (n - 1))}):
     *                             the factor by which a measured cost typically differs from the fitted curve,
     *                             1.021 for ±2.1 %; at least 1
     */
    public record ClassFit(Complexity complexity, double coefficient, double residualSumOfSquares,
            double typicalFactor) {

        public ClassFit {
            Objects.requireNonNull(complexity, "complexity");
            if (!(coefficient > 0) || Double.isInfinite(coefficient) || !(residualSumOfSquares >= 0)
                    || !(typicalFactor >= 1)) {
                throw new IllegalArgumentException("invalid fit of " + complexity.notation() + ": coefficient ["
                        + coefficient + "], RSS [" + residualSumOfSquares + "], typical factor [" + typicalFactor
                        + "]");
            }
        }

        /** The fitted cost at {@code size}, in nanoseconds. */
        public double nanosAt(double size) {
            return coefficient * complexity.of(size);
        }

        /** The fitted curve: {@code 15.2 ns × log₂ N}, {@code 98.7 ns} for a constant. */
        public String curve() {
            String scale = Units.duration(coefficient);
            return switch (complexity) {
                case CONSTANT -> scale;
                case LOG_N -> scale + " × log₂ N";
                case N -> scale + " × N";
                case N_LOG_N -> scale + " × N log₂ N";
                case N_SQUARED -> scale + " × N²";
            };
        }

        /** How close the curve is: {@code within ±2.1 %}, or {@code within a factor of 14} when off by 2 or more. */
        public String quality() {
            // To 0.01 %: below that the spread is rounding, not measurement.
            return typicalFactor < 2
                    ? "within ±" + Units.percent(Math.round((typicalFactor - 1) * 1e4) / 1e4)
                    : "within a factor of " + Units.number(typicalFactor);
        }

        /** {@code O(log N): 15.2 ns × log₂ N within ±2.1 %}. */
        @Override
        public String toString() {
            return complexity.notation() + ": " + curve() + " " + quality();
        }
    }
}
