package dev.perfgate.marketplace;

import java.util.regex.Pattern;

/**
 * A package's identity in the marketplace: {@code namespace/name}, each part {@code [a-z0-9][a-z0-9._-]{0,63}}.
 *
 * @param namespace the publisher's namespace, e.g. {@code acme}
 * @param name      the package's name within it, e.g. {@code web-framework}
 */
public record PackageId(String namespace, String name) implements Comparable<PackageId> {

    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public PackageId {
        requireValidPart("namespace", namespace);
        requireValidPart("name", name);
    }

    /**
     * Parses {@code acme/web-framework}.
     *
     * @throws IllegalArgumentException naming the text and showing a valid id
     */
    public static PackageId parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException(
                    "invalid package id '" + text + "' (expected namespace/name, e.g. \"acme/web-framework\")");
        }
        return new PackageId(text.substring(0, slash), text.substring(slash + 1));
    }

    private static void requireValidPart(String what, String part) {
        if (!PART.matcher(part).matches()) {
            throw new IllegalArgumentException("invalid package " + what + " '" + part
                    + "' (expected lower-case letters, digits, '.', '_' or '-', starting with a letter or digit,"
                    + " at most 64 characters, e.g. \"web-framework\")");
        }
    }

    @Override
    public int compareTo(PackageId other) {
        int c = namespace.compareTo(other.namespace);
        return c != 0 ? c : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
