/**
 * Full-text search over the registry's packages with Apache Lucene: BM25 ranking, filters, sort orders.
 */
@NullMarked
package dev.perfgate.marketplace.search;

import org.jspecify.annotations.NullMarked;
