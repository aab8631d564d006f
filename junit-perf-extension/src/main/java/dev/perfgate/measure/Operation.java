package dev.perfgate.measure;

/** The measured operation: one invocation of the test method's body. */
@FunctionalInterface
public interface Operation {

    /**
     * Runs the operation once. An {@link Exception} counts as an error of this invocation; an {@link Error} ends
     * the measurement at once and propagates.
     */
    void run() throws Throwable;
}
