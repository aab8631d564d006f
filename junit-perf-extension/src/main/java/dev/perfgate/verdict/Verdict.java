package dev.perfgate.verdict;

/** The outcome of judging one objective, or a whole test. Ordered from best to worst. */
public enum Verdict {

    /** The objective holds. */
    PASS,

    /**
     * Not shown to hold, not shown to be violated: the point estimate is on the wrong side but the evidence is not
     * significant, there were too few samples to judge, or a failure was not confirmed. Never fails a test.
     */
    WARN,

    /** The objective is violated with statistical significance. */
    FAIL;

    /** The worse of this verdict and {@code other}. */
    public Verdict worst(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
