package dev.perfgate.marketplace.semver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0 version, ordered by semver precedence.
 *
 * <p>Precedence compares major, minor and patch numerically; a version with pre-release identifiers ranks below the
 * same version without them ({@code 1.0.0-alpha < 1.0.0}); pre-release identifiers are compared one by one, numeric
 * ones numerically and below alphanumeric ones, and a shorter list ranks lower when all before it are equal
 * ({@code 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1}).
 * Build metadata is kept but ignored by precedence, by {@link #equals} and by {@link #hashCode}, so that
 * {@code 1.0.0+a} and {@code 1.0.0+b} are the same release.
 *
 * <pre>{@code Version v = Version.parse("1.2.3-rc.1"); v.isPreRelease(); // true }</pre>
 *
 * @param major      the major version, at least 0
 * @param minor      the minor version, at least 0
 * @param patch      the patch version, at least 0
 * @param preRelease the pre-release identifiers, e.g. {@code [rc, 1]}; empty for a release
 * @param build      the build metadata identifiers; empty when none
 */
public record Version(long major, long minor, long patch, List<String> preRelease, List<String> build)
        implements Comparable<Version> {

    /** The regular expression of semver.org, section "Is there a suggested regular expression". */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final Pattern PRE_RELEASE_IDENTIFIER = Pattern.compile("0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*");
    private static final Pattern BUILD_IDENTIFIER = Pattern.compile("[0-9a-zA-Z-]+");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("invalid version " + major + "." + minor + "." + patch
                    + " (major, minor and patch must not be negative, e.g. \"1.2.3\")");
        }
        preRelease = List.copyOf(preRelease);
        build = List.copyOf(build);
        for (String identifier : preRelease) {
            if (!PRE_RELEASE_IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("invalid pre-release identifier '" + identifier
                        + "' (expected [0-9A-Za-z-], numeric ones without leading zeros, e.g. \"rc.1\")");
            }
        }
        for (String identifier : build) {
            if (!BUILD_IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("invalid build identifier '" + identifier
                        + "' (expected [0-9A-Za-z-], e.g. \"build.5\")");
            }
        }
    }

    /** A release version without pre-release or build identifiers. */
    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /**
     * Parses a full Semantic Versioning 2.0 version, e.g. {@code 1.2.3}, {@code 1.0.0-rc.1+build.5}.
     *
     * @throws IllegalArgumentException naming the text and showing a valid version
     */
    public static Version parse(String text) {
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid version '" + text
                    + "' (expected MAJOR.MINOR.PATCH with optional -pre-release and +build, no leading zeros,"
                    + " e.g. \"1.2.3\" or \"1.0.0-rc.1\")");
        }
        try {
            return new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    split(m.group(4)), split(m.group(5)));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("invalid version '" + text
                    + "' (a number is larger than " + Long.MAX_VALUE + "; e.g. \"1.2.3\")", tooLarge);
        }
    }

    private static List<String> split(String identifiers) {
        return identifiers == null ? List.of() : List.of(identifiers.split("\\.", -1));
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** This version without pre-release and build identifiers: the release it leads to. */
    public Version release() {
        return isPreRelease() || !build.isEmpty() ? of(major, minor, patch) : this;
    }

    /** Whether the two have the same major, minor and patch (pre-release and build aside). */
    public boolean sameRelease(Version other) {
        return major == other.major && minor == other.minor && patch == other.patch;
    }

    @Override
    public int compareTo(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // a release ranks above its pre-releases
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int shared = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < shared; i++) {
            c = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNumeric = NUMERIC.matcher(a).matches();
        boolean bNumeric = NUMERIC.matcher(b).matches();
        if (aNumeric && bNumeric) {
            // no leading zeros, so the longer number is the larger; this also works past Long.MAX_VALUE
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b); // ASCII order, as semver.org says
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            s.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            s.append('+').append(String.join(".", build));
        }
        return s.toString();
    }

}
