package dev.perfgate;

import java.util.List;

import org.opentest4j.AssertionFailedError;

import dev.perfgate.verdict.ObjectiveResult;

/**
 * Thrown when a test violates its {@link Sla}: the message lists every objective at once, with units, sample
 * counts and the evidence; {@link #getExpected()} and {@link #getActual()} hold the failed objectives for an IDE's
 * comparison view, and {@link #results()} holds them for code.
 */
public class SlaViolationError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final transient List<ObjectiveResult> results;

    /**
     * @param message  the whole report, as built by perfgate
     * @param expected the failed objectives, one per line ({@code p99 <= 1 ms})
     * @param actual   their measured values, one per line ({@code p99 = 2.31 ms})
     * @param results  every judged objective
     */
    public SlaViolationError(String message, String expected, String actual, List<ObjectiveResult> results) {
        super(message, expected, actual);
        this.results = List.copyOf(results);
    }

    /** Every judged objective of the test, failed or not. */
    public List<ObjectiveResult> results() {
        return results;
    }
}
