package dev.perfgate.verdict;

import java.util.Locale;

/**
 * The grade of an overhead, as the plan perfgate started from graded instrumentation cost: below 5 % excellent,
 * below 8 % good, below 10 % acceptable, below 15 % a warning, 15 % or more a failure. A label for people; the
 * verdict is the limits' and the interval's.
 */
public enum OverheadGrade {
    EXCELLENT(0.05),
    GOOD(0.08),
    ACCEPTABLE(0.10),
    WARNING(0.15),
    FAIL(Double.POSITIVE_INFINITY);

    private final double below;

    OverheadGrade(double below) {
        this.below = below;
    }

    /** The grade of an overhead given as a fraction ({@code 0.061} is 6.1 %). */
    public static OverheadGrade of(double overhead) {
        for (OverheadGrade grade : values()) {
            if (overhead < grade.below) {
                return grade;
            }
        }
        return FAIL; // NaN
    }

    /** {@code excellent}, for messages and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
