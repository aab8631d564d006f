package dev.perfgate;

/**
 * Growth classes of a cost with problem size N, slowest-growing first, as a scaling test expects and fits them.
 *
 * <p>Each class is a growth function {@link #of(double)} that a fit scales by one coefficient: the cost is
 * modelled as {@code c · f(N)}. Logarithms are base 2, so that every function is positive for {@code N >= 2}
 * ({@code log₂ 2 = 1}) and a fitted coefficient reads as a cost per halving step; the base changes only the
 * coefficient, never which class fits.
 *
 * <pre>{@code
 * @ScalingTest(sizes = {10, 100, 1000, 10000}, expect = Complexity.LOG_N)
 * }</pre>
 */
public enum Complexity {

    /** {@code f(N) = 1}. */
    CONSTANT("O(1)"),

    /** {@code f(N) = log₂ N}. */
    LOG_N("O(log N)"),

    /** {@code f(N) = N}. */
    N("O(N)"),

    /** {@code f(N) = N log₂ N}. */
    N_LOG_N("O(N log N)"),

    /** {@code f(N) = N²}. */
    N_SQUARED("O(N²)");

    private static final double LN_2 = Math.log(2);

    private final String notation;

    Complexity(String notation) {
        this.notation = notation;
    }

    /**
     * The growth function at size {@code n}: {@code 1}, {@code log₂ n}, {@code n}, {@code n log₂ n} or
     * {@code n²}. Positive for {@code n >= 2}; below 2 the logarithmic classes are zero or negative, which is why
     * fits take sizes from 2 up.
     */
    public double of(double n) {
        return switch (this) {
            case CONSTANT -> 1;
            case LOG_N -> Math.log(n) / LN_2;
            case N -> n;
            case N_LOG_N -> n * (Math.log(n) / LN_2);
            case N_SQUARED -> n * n;
        };
    }

    /** Big-O notation for people: {@code O(1)}, {@code O(log N)}, {@code O(N)}, {@code O(N log N)}, {@code O(N²)}. */
    public String notation() {
        return notation;
    }

    /** Whether this class grows faster than {@code other}: {@code N.growsFasterThan(LOG_N)} is true. */
    public boolean growsFasterThan(Complexity other) {
        return compareTo(other) > 0;
    }
}
