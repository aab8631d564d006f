package dev.perfgate.marketplace.search;

import java.util.Arrays;
import java.util.Locale;

/** How search results are ordered. Ties are broken by downloads, then by id, so every order is total. */
public enum SortOrder {
    /** BM25 score, an exact name match first; with an empty query, downloads. */
    RELEVANCE,
    /** Most downloaded first. */
    DOWNLOADS,
    /** Most starred first. */
    STARS,
    /** Most recently updated first. */
    UPDATED,
    /** By id, {@code a} to {@code z}. */
    NAME;

    /** Parses {@code relevance}, {@code downloads}, {@code stars}, {@code updated} or {@code name}. */
    public static SortOrder parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid sort order '" + text + "' (expected one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()
                    + ", e.g. \"downloads\")", e);
        }
    }
}
