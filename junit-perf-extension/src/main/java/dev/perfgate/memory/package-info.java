/**
 * Memory as a measured quantity: bytes allocated per operation ({@link dev.perfgate.memory.AllocationCounter}),
 * collector activity ({@link dev.perfgate.memory.GcSnapshot}), the heap an object keeps alive
 * ({@link dev.perfgate.memory.RetainedHeap}) and whether the heap grows with the number of operations
 * ({@link dev.perfgate.memory.LeakCheck}). Heap figures come from stable readings after full collections
 * ({@link dev.perfgate.memory.StableHeap}); sizes are written for people by {@link dev.perfgate.verdict.Units#bytes}.
 */
@NullMarked
package dev.perfgate.memory;

import org.jspecify.annotations.NullMarked;
