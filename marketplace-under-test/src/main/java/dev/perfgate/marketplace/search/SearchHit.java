package dev.perfgate.marketplace.search;

import java.time.Instant;
import java.util.List;

import dev.perfgate.marketplace.PackageId;
import dev.perfgate.marketplace.semver.Version;

/**
 * One package found by a search, with its latest version's details as indexed.
 *
 * @param score the BM25 relevance score; NaN when the order is not by relevance
 */
public record SearchHit(PackageId id, Version version, String title, String description, List<String> tags,
                        List<String> categories, String license, long downloads, long stars, Instant updatedAt,
                        float score) {

    public SearchHit {
        tags = List.copyOf(tags);
        categories = List.copyOf(categories);
    }
}
