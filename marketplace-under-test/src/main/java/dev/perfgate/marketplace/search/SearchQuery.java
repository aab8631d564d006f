package dev.perfgate.marketplace.search;

import java.util.Set;
import java.util.TreeSet;

/**
 * A search: free text matched with BM25 against name, title, description and tags, filters every result must pass,
 * an order and a page. Being a value, it is also the key of the search cache.
 *
 * <pre>{@code SearchQuery.of("json parser").withTag("parser").sortedBy(SortOrder.DOWNLOADS).withLimit(20) }</pre>
 *
 * @param text         the words to look for; empty matches every package (then filters and order matter)
 * @param fuzzy        whether a word also matches words one or two edits away ({@code jsno} finds {@code json})
 * @param tags         tags every result must have
 * @param categories   categories every result must be in
 * @param license      license every result must have, case-insensitive; empty for any
 * @param minDownloads fewest downloads a result may have
 * @param minStars     fewest stars a result may have
 * @param sort         the order of the results
 * @param limit        most results returned, 1 to {@value #MAX_LIMIT}
 * @param offset       results skipped before the first returned (paging); offset + limit at most {@value #MAX_WINDOW}
 */
public record SearchQuery(String text, boolean fuzzy, Set<String> tags, Set<String> categories, String license,
                          long minDownloads, long minStars, SortOrder sort, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1_000;
    public static final int MAX_WINDOW = 10_000;

    public SearchQuery {
        text = text.strip();
        if (text.length() > 500) {
            throw new IllegalArgumentException("search text is " + text.length()
                    + " characters long (at most 500, e.g. \"json parser\")");
        }
        tags = Set.copyOf(new TreeSet<>(tags));
        categories = Set.copyOf(new TreeSet<>(categories));
        license = license.strip();
        if (minDownloads < 0 || minStars < 0) {
            throw new IllegalArgumentException("minimum downloads [" + minDownloads + "] and stars [" + minStars
                    + "] must not be negative, e.g. 1000");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit [" + limit + "] must be between 1 and " + MAX_LIMIT
                    + ", e.g. " + DEFAULT_LIMIT);
        }
        if (offset < 0 || (long) offset + limit > MAX_WINDOW) {
            throw new IllegalArgumentException("offset [" + offset + "] must be 0 or more, with offset + limit at most "
                    + MAX_WINDOW + ", e.g. 20");
        }
    }

    /** Relevance order, first {@value #DEFAULT_LIMIT} results, no filters. */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, false, Set.of(), Set.of(), "", 0, 0, SortOrder.RELEVANCE, DEFAULT_LIMIT, 0);
    }

    public SearchQuery fuzzy(boolean fuzzy) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withTag(String tag) {
        Set<String> more = new TreeSet<>(tags);
        more.add(tag);
        return new SearchQuery(text, fuzzy, more, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withCategory(String category) {
        Set<String> more = new TreeSet<>(categories);
        more.add(category);
        return new SearchQuery(text, fuzzy, tags, more, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withLicense(String license) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withMinDownloads(long minDownloads) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withMinStars(long minStars) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery sortedBy(SortOrder sort) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withLimit(int limit) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }

    public SearchQuery withOffset(int offset) {
        return new SearchQuery(text, fuzzy, tags, categories, license, minDownloads, minStars, sort, limit, offset);
    }
}
