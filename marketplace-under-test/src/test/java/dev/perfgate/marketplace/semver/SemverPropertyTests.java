package dev.perfgate.marketplace.semver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SemverPropertyTests {

    @Provide
    Arbitrary<Version> versions() {
        Arbitrary<Long> part = Arbitraries.longs().between(0, 12);
        Arbitrary<String> identifier = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 20).map(String::valueOf),
                Arbitraries.of("alpha", "beta", "rc", "a-b", "x1"));
        Arbitrary<List<String>> preRelease = Arbitraries.oneOf(Arbitraries.just(List.of()),
                identifier.list().ofMinSize(1).ofMaxSize(3));
        Arbitrary<List<String>> build = Arbitraries.oneOf(Arbitraries.just(List.of()),
                Arbitraries.of("build", "5", "sha-1a").list().ofMinSize(1).ofMaxSize(2));
        return Combinators.combine(part, part, part, preRelease, build).as(Version::new);
    }

    @Property
    void printsWhatItParses(@ForAll("versions") Version v) {
        Version parsed = Version.parse(v.toString());
        assertThat(parsed).isEqualTo(v);
        assertThat(parsed.build()).isEqualTo(v.build());
    }

    @Property
    void orderIsAntisymmetricAndConsistentWithEquals(@ForAll("versions") Version a, @ForAll("versions") Version b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    }

    @Property
    void orderIsTransitive(@ForAll("versions") Version a, @ForAll("versions") Version b, @ForAll("versions") Version c) {
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void preReleaseRanksBelowItsRelease(@ForAll("versions") Version v) {
        if (v.isPreRelease()) {
            assertThat(v).isLessThan(v.release());
        }
    }

    @Property
    void caretAcceptsExactlyTheReleasesFromItsBaseBelowTheNextBreakingVersion(@ForAll("versions") Version base,
                                                                             @ForAll("versions") Version candidate) {
        Version release = base.release();
        Version ceiling = release.major() > 0 ? Version.of(release.major() + 1, 0, 0)
                : release.minor() > 0 ? Version.of(0, release.minor() + 1, 0) : Version.of(0, 0, release.patch() + 1);
        boolean expected = !candidate.isPreRelease() && candidate.compareTo(release) >= 0
                && candidate.compareTo(ceiling) < 0;

        assertThat(VersionRequirement.parse("^" + release).isSatisfiedBy(candidate)).isEqualTo(expected);
    }

    @Property
    void rangeIsTheConjunctionOfItsBounds(@ForAll("versions") Version low, @ForAll("versions") Version high,
                                          @ForAll("versions") Version candidate) {
        Version lo = low.release();
        Version hi = high.release();
        VersionRequirement range = VersionRequirement.parse(">=" + lo + " <" + hi);

        assertThat(range.isSatisfiedBy(candidate)).isEqualTo(!candidate.isPreRelease()
                && candidate.compareTo(lo) >= 0 && candidate.compareTo(hi) < 0);
    }

    @Provide
    Arbitrary<List<Version>> versionLists() {
        return versions().list().ofMaxSize(20);
    }

    @Property
    void sortingByPrecedenceNeverPutsAHigherVersionFirst(@ForAll("versionLists") List<Version> versions) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1)).isLessThanOrEqualTo(sorted.get(i));
        }
    }
}
