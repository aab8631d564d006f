/**
 * Reports of a run, written after it from the JSON results: a self-contained HTML page with plots, a Markdown
 * summary for CI, and the JSON formats of JMH and github-action-benchmark. Reading a broken result file is reported
 * in the page, never a crash.
 */
@NullMarked
package dev.perfgate.report;

import org.jspecify.annotations.NullMarked;
