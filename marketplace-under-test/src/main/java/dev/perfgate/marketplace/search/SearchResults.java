package dev.perfgate.marketplace.search;

import java.util.List;

/**
 * One page of search results.
 *
 * @param query          the search that produced them
 * @param totalHits      how many packages match; a lower bound when {@code totalHitsExact} is false (Lucene stops
 *                       counting past 1,000 when it can skip documents that cannot make the page)
 * @param totalHitsExact whether {@code totalHits} is exact
 * @param hits           the page, in order
 */
public record SearchResults(SearchQuery query, long totalHits, boolean totalHitsExact, List<SearchHit> hits) {

    public SearchResults {
        hits = List.copyOf(hits);
    }
}
