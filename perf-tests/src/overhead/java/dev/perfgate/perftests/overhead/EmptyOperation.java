package dev.perfgate.perftests.overhead;

/**
 * The operation every harness in the comparison invokes: a static method with an empty body. It takes nothing and
 * returns nothing, so there is no result to sink and nothing to optimise away but the call itself: what a harness
 * reports per invocation is its own cost.
 */
final class EmptyOperation {

    private EmptyOperation() {
    }

    static void run() {
        // intentionally empty
    }
}
