/**
 * Where the numbers are written: one JSON file per measured test (format documented in
 * {@code docs/result-format.md}, versioned by {@link dev.perfgate.result.ResultWriter#FORMAT_VERSION}), written to a
 * temporary file and moved into place so that a reader never sees half a result.
 */
@NullMarked
package dev.perfgate.result;

import org.jspecify.annotations.NullMarked;
