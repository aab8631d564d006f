package dev.perfgate.marketplace.semver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dependency accepts of another package's versions, e.g. {@code ^1.2.0} or {@code >=1.2 <2}.
 *
 * <p>The syntax is npm's, which most package managers share:
 * <ul>
 *   <li>{@code 1.2.3} or {@code =1.2.3}: exactly that version; a partial version is a range:
 *       {@code 1.2} is {@code >=1.2.0 <1.3.0}, {@code 1} and {@code 1.x} are {@code >=1.0.0 <2.0.0};</li>
 *   <li>{@code *}, {@code x}: any release;</li>
 *   <li>{@code ^1.2.3}: compatible, {@code >=1.2.3 <2.0.0}; left of the first non-zero part is fixed, so
 *       {@code ^0.2.3} is {@code >=0.2.3 <0.3.0} and {@code ^0.0.3} is {@code >=0.0.3 <0.0.4};</li>
 *   <li>{@code ~1.2.3}: patch updates, {@code >=1.2.3 <1.3.0} ({@code ~1} is {@code >=1.0.0 <2.0.0});</li>
 *   <li>{@code >}, {@code >=}, {@code <}, {@code <=} with a full or partial version ({@code >1.2} is
 *       {@code >=1.3.0}, {@code <=1.2} is {@code <1.3.0});</li>
 *   <li>comparators separated by spaces (or commas) must all hold: {@code >=1.2 <2};</li>
 *   <li>{@code 1.2.3 - 2.3.4}: an inclusive range; {@code ||} separates alternatives.</li>
 * </ul>
 * A pre-release version satisfies a requirement only when one of its comparators names a pre-release of the same
 * {@code major.minor.patch}: {@code >=1.2.0-beta} accepts {@code 1.2.0-rc.1} but not {@code 1.3.0-alpha}, and
 * {@code ^1.0.0} accepts no pre-release at all. A user who asks for releases is not handed an unfinished one.
 *
 * <pre>{@code VersionRequirement.parse(">=1.2 <2").isSatisfiedBy(Version.parse("1.9.0")); // true }</pre>
 */
public final class VersionRequirement {

    private static final String EXAMPLE = " e.g. \"^1.2.0\", \"~1.2\", \">=1.2 <2\" or \"*\"";
    private static final Pattern OPERATOR = Pattern.compile("<=|>=|<|>|=|\\^|~");
    private static final Pattern PARTIAL = Pattern.compile(
            "[vV]?(\\*|[xX]|0|[1-9]\\d*)(?:\\.(\\*|[xX]|0|[1-9]\\d*)(?:\\.(\\*|[xX]|0|[1-9]\\d*)"
                    + "(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?)?)?");
    private static final Pattern ALTERNATIVES = Pattern.compile("\\|\\|");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final VersionRequirement ANY = new VersionRequirement("*", List.of(List.of()));

    private enum Op { EQ, GT, GE, LT, LE }

    private record Comparator(Op op, Version version) {
        boolean test(Version v) {
            int c = v.compareTo(version);
            return switch (op) {
                case EQ -> c == 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }

        @Override
        public String toString() {
            return switch (op) {
                case EQ -> "=";
                case GT -> ">";
                case GE -> ">=";
                case LT -> "<";
                case LE -> "<=";
            } + version;
        }
    }

    /** A partial version: a null part is a wildcard (or missing). */
    private record Partial(Long major, Long minor, Long patch, List<String> preRelease) {
        Version floor() {
            return new Version(major == null ? 0 : major, minor == null ? 0 : minor, patch == null ? 0 : patch,
                    preRelease, List.of());
        }

        /** The first version above every version this partial covers; only for partials with a wildcard. */
        Version ceiling() {
            return minor == null ? Version.of(Math.addExact(major, 1), 0, 0)
                    : Version.of(major, Math.addExact(minor, 1), 0);
        }

        boolean complete() {
            return major != null && minor != null && patch != null;
        }
    }

    private final String text;
    /** Alternatives ({@code ||}), each a conjunction of comparators; an empty conjunction accepts every release. */
    private final List<List<Comparator>> alternatives;

    private VersionRequirement(String text, List<List<Comparator>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** Any release: {@code *}. */
    public static VersionRequirement any() {
        return ANY;
    }

    /** Exactly this version: {@code =1.2.3}. */
    public static VersionRequirement exactly(Version version) {
        return new VersionRequirement(version.toString(), List.of(List.of(new Comparator(Op.EQ, version))));
    }

    /**
     * Parses a requirement such as {@code ^1.2.0}, {@code >=1.2 <2} or {@code 1.x || 2.1.0 - 2.3}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong in it, and showing a valid requirement
     */
    public static VersionRequirement parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("invalid version requirement '" + text + "' (it is empty;" + EXAMPLE + ")");
        }
        List<List<Comparator>> alternatives = new ArrayList<>();
        for (String alternative : ALTERNATIVES.split(trimmed, -1)) {
            alternatives.add(parseConjunction(text, alternative));
        }
        return new VersionRequirement(WHITESPACE.matcher(trimmed).replaceAll(" "), List.copyOf(alternatives));
    }

    private static List<Comparator> parseConjunction(String text, String alternative) {
        List<String> tokens = new ArrayList<>();
        for (String token : SEPARATORS.split(alternative.strip())) {
            if (token.isEmpty()) {
                continue;
            }
            // ">= 1.2" is written with a space as often as without
            if (!tokens.isEmpty() && OPERATOR.matcher(tokens.get(tokens.size() - 1)).matches()) {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + token);
            } else {
                tokens.add(token);
            }
        }
        if (tokens.isEmpty()) {
            throw invalid(text, "an alternative between '||' is empty");
        }
        List<Comparator> comparators = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            try {
                if (i + 2 < tokens.size() && tokens.get(i + 1).equals("-")) {
                    hyphenRange(text, tokens.get(i), tokens.get(i + 2), comparators);
                    i += 2;
                } else {
                    comparator(text, tokens.get(i), comparators);
                }
            } catch (ArithmeticException overflow) {
                // the range's upper bound would be one above Long.MAX_VALUE
                throw invalid(text, "'" + tokens.get(i) + "' has a number too large for a range (at most "
                        + (Long.MAX_VALUE - 1) + ")");
            }
        }
        return List.copyOf(comparators);
    }

    private static void hyphenRange(String text, String from, String to, List<Comparator> out) {
        Partial low = partial(text, from);
        Partial high = partial(text, to);
        if (low.major() != null) {
            out.add(new Comparator(Op.GE, low.floor()));
        }
        if (high.major() != null) {
            out.add(high.complete() ? new Comparator(Op.LE, high.floor()) : new Comparator(Op.LT, high.ceiling()));
        }
    }

    private static void comparator(String text, String token, List<Comparator> out) {
        Matcher op = OPERATOR.matcher(token);
        String operator = op.lookingAt() ? op.group() : "";
        Partial p = partial(text, token.substring(operator.length()));
        if (p.major() == null) {
            if (operator.equals("<") || operator.equals(">")) {
                throw invalid(text, "'" + token + "' matches no version");
            }
            return; // '*', '>=*', '^*': any release
        }
        switch (operator) {
            case "", "=" -> {
                if (p.complete()) {
                    out.add(new Comparator(Op.EQ, p.floor()));
                } else {
                    out.add(new Comparator(Op.GE, p.floor()));
                    out.add(new Comparator(Op.LT, p.ceiling()));
                }
            }
            case ">" -> out.add(p.complete() ? new Comparator(Op.GT, p.floor()) : new Comparator(Op.GE, p.ceiling()));
            case ">=" -> out.add(new Comparator(Op.GE, p.floor()));
            case "<" -> out.add(new Comparator(Op.LT, p.floor()));
            case "<=" -> out.add(p.complete() ? new Comparator(Op.LE, p.floor()) : new Comparator(Op.LT, p.ceiling()));
            case "~" -> {
                out.add(new Comparator(Op.GE, p.floor()));
                out.add(new Comparator(Op.LT, p.minor() == null
                        ? Version.of(Math.addExact(p.major(), 1), 0, 0)
                        : Version.of(p.major(), Math.addExact(p.minor(), 1), 0)));
            }
            case "^" -> {
                out.add(new Comparator(Op.GE, p.floor()));
                out.add(new Comparator(Op.LT, caretCeiling(p)));
            }
            default -> throw new IllegalStateException("operator " + operator);
        }
    }

    /** The version after the left-most non-zero part of a caret requirement, which is the part that must not change. */
    private static Version caretCeiling(Partial p) {
        if (p.major() > 0 || p.minor() == null) {
            return Version.of(Math.addExact(p.major(), 1), 0, 0);
        }
        if (p.minor() > 0 || p.patch() == null) {
            return Version.of(0, Math.addExact(p.minor(), 1), 0);
        }
        return Version.of(0, 0, Math.addExact(p.patch(), 1));
    }

    private static Partial partial(String text, String token) {
        Matcher m = PARTIAL.matcher(token);
        if (!m.matches()) {
            throw invalid(text, "'" + token + "' is not a version or a partial version");
        }
        Long major = number(text, token, m.group(1));
        Long minor = m.group(2) == null ? null : number(text, token, m.group(2));
        Long patch = m.group(3) == null ? null : number(text, token, m.group(3));
        if ((major == null && (minor != null || patch != null)) || (minor == null && patch != null)) {
            throw invalid(text, "'" + token + "' has a number after a wildcard");
        }
        List<String> preRelease = List.of();
        if (m.group(4) != null) {
            if (patch == null) {
                throw invalid(text, "'" + token + "' has a pre-release but no patch number");
            }
            try {
                preRelease = Version.parse("0.0.0" + m.group(4)).preRelease();
            } catch (IllegalArgumentException e) {
                throw invalid(text, "'" + token + "' has an invalid pre-release");
            }
        }
        return new Partial(major, minor, patch, preRelease);
    }

    private static Long number(String text, String token, String part) {
        if (part.equals("*") || part.equalsIgnoreCase("x")) {
            return null;
        }
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid(text, "'" + token + "' has a number larger than " + Long.MAX_VALUE);
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid version requirement '" + text + "' (" + why + ";" + EXAMPLE + ")");
    }

    /** Whether the version satisfies this requirement, pre-release rule included (see the class description). */
    public boolean isSatisfiedBy(Version version) {
        for (List<Comparator> conjunction : alternatives) {
            if (satisfies(conjunction, version)) {
                return true;
            }
        }
        return false;
    }

    private static boolean satisfies(List<Comparator> conjunction, Version version) {
        for (Comparator c : conjunction) {
            if (!c.test(version)) {
                return false;
            }
        }
        if (!version.isPreRelease()) {
            return true;
        }
        for (Comparator c : conjunction) {
            if (c.version().isPreRelease() && c.version().sameRelease(version)) {
                return true;
            }
        }
        return false;
    }

    /** The comparators this requirement stands for, e.g. {@code >=1.2.0 <2.0.0} for {@code ^1.2}. */
    public String normalized() {
        List<String> parts = new ArrayList<>();
        for (List<Comparator> conjunction : alternatives) {
            parts.add(conjunction.isEmpty() ? "*"
                    : String.join(" ", conjunction.stream().map(Comparator::toString).toList()));
        }
        return String.join(" || ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRequirement r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The requirement as written (whitespace collapsed), e.g. {@code ^1.2.0}. */
    @Override
    public String toString() {
        return text;
    }
}
