package dev.perfgate.marketplace.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTests {

    @Test
    void parsesAllParts() {
        Version v = Version.parse("1.22.333-rc.1.x-y+build.5");

        assertThat(v.major()).isEqualTo(1);
        assertThat(v.minor()).isEqualTo(22);
        assertThat(v.patch()).isEqualTo(333);
        assertThat(v.preRelease()).containsExactly("rc", "1", "x-y");
        assertThat(v.build()).containsExactly("build", "5");
        assertThat(v).hasToString("1.22.333-rc.1.x-y+build.5");
        assertThat(v.isPreRelease()).isTrue();
    }

    @Test
    void ordersAsTheSemverSpecificationExampleSays() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0");
        List<Version> shuffled = new ArrayList<>(expected.stream().map(Version::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(3));

        Collections.sort(shuffled);

        assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void comparesNumericIdentifiersNumericallyEvenBeyondLong() {
        assertThat(Version.parse("1.0.0-9")).isLessThan(Version.parse("1.0.0-10"));
        assertThat(Version.parse("1.0.0-99999999999999999999")).isGreaterThan(Version.parse("1.0.0-9999999999999999999"));
        assertThat(Version.parse("1.0.0-1")).isLessThan(Version.parse("1.0.0-a"));
    }

    @Test
    void ignoresBuildMetadataInPrecedenceAndEquality() {
        assertThat(Version.parse("1.0.0+a")).isEqualByComparingTo(Version.parse("1.0.0+b"));
        assertThat(Version.parse("1.0.0+a")).isEqualTo(Version.parse("1.0.0")).hasSameHashCodeAs(Version.parse("1.0.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.2", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-", "1.2.3+", "v1.2.3",
            "1.2.3.4", "-1.2.3", "1.2.3-a..b", " 1.2.3", "1.2.x", "99999999999999999999.0.0"})
    void rejectsInvalidVersionsNamingTheText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Version.parse(text))
                .withMessageStartingWith("invalid version '" + text + "'")
                .withMessageContaining("e.g. \"1.2.3\"");
    }

    @Test
    void rejectsLeadingZeroWithTheFullMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> Version.parse("1.02.3"))
                .withMessage("invalid version '1.02.3' (expected MAJOR.MINOR.PATCH with optional -pre-release and"
                        + " +build, no leading zeros, e.g. \"1.2.3\" or \"1.0.0-rc.1\")");
    }
}
