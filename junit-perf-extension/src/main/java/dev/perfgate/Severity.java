package dev.perfgate;

/**
 * What a violated objective does to the build.
 *
 * <p>The seed plan's tiers map onto it: "must pass" objectives are {@link #FAIL}, "should pass" ones are
 * {@link #WARN}.
 */
public enum Severity {

    /** A confirmed violation fails the test, and so the build. */
    FAIL,

    /** A violation is measured, judged and reported exactly as with {@link #FAIL}, but never fails the test. */
    WARN
}
