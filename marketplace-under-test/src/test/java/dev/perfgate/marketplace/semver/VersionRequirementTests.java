package dev.perfgate.marketplace.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRequirementTests {

    @ParameterizedTest(name = "{0} accepts {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "1.2.3        ; 1.2.3        ; true",
            "1.2.3        ; 1.2.4        ; false",
            "=1.2.3       ; 1.2.3+build  ; true",
            "1.2          ; 1.2.9        ; true",
            "1.2          ; 1.3.0        ; false",
            "1.x          ; 1.9.9        ; true",
            "1.x          ; 2.0.0        ; false",
            "*            ; 0.0.1        ; true",
            "*            ; 1.0.0-rc.1   ; false",
            "^1.2.3       ; 1.2.3        ; true",
            "^1.2.3       ; 1.9.0        ; true",
            "^1.2.3       ; 2.0.0        ; false",
            "^1.2.3       ; 1.2.2        ; false",
            "^1.2.3       ; 2.0.0-alpha  ; false",
            "^0.2.3       ; 0.2.9        ; true",
            "^0.2.3       ; 0.3.0        ; false",
            "^0.0.3       ; 0.0.3        ; true",
            "^0.0.3       ; 0.0.4        ; false",
            "^0           ; 0.9.9        ; true",
            "^0           ; 1.0.0        ; false",
            "^1.2         ; 1.9.0        ; true",
            "~1.2.3       ; 1.2.9        ; true",
            "~1.2.3       ; 1.3.0        ; false",
            "~1           ; 1.9.0        ; true",
            ">=1.2.0      ; 1.2.0        ; true",
            ">=1.2.0      ; 1.1.9        ; false",
            ">1.2         ; 1.2.9        ; false",
            ">1.2         ; 1.3.0        ; true",
            "<1.2         ; 1.1.9        ; true",
            "<1.2         ; 1.2.0        ; false",
            "<=1.2        ; 1.2.9        ; true",
            "<=1.2        ; 1.3.0        ; false",
            ">=1.2 <2     ; 1.2.0        ; true",
            ">=1.2 <2     ; 1.99.0       ; true",
            ">=1.2 <2     ; 2.0.0        ; false",
            ">= 1.2, < 2  ; 1.5.0        ; true",
            "1.2.3 - 2.3  ; 2.3.9        ; true",
            "1.2.3 - 2.3  ; 2.4.0        ; false",
            "1.2.3 - 2.3.4; 2.3.4        ; true",
            "1.x || ^3    ; 3.1.0        ; true",
            "1.x || ^3    ; 2.0.0        ; false",
            ">=1.2.0-beta ; 1.2.0-rc.1   ; true",
            ">=1.2.0-beta ; 1.2.0-alpha  ; false",
            ">=1.2.0-beta ; 1.3.0-alpha  ; false",
            ">=1.2.0-beta ; 1.3.0        ; true",
            "^1.0.0-rc.1  ; 1.0.0-rc.2   ; true",
            "^1.0.0-rc.1  ; 1.0.0        ; true",
    })
    void acceptsExactlyTheVersionsItShould(String requirement, String version, boolean expected) {
        assertThat(VersionRequirement.parse(requirement).isSatisfiedBy(Version.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "^1.2     ; >=1.2.0 <2.0.0",
            "~1.2.3   ; >=1.2.3 <1.3.0",
            "1.x      ; >=1.0.0 <2.0.0",
            "*        ; *",
            ">1.2     ; >=1.3.0",
            "1 || 2.1 ; >=1.0.0 <2.0.0 || >=2.1.0 <2.2.0",
    })
    void normalisesToComparators(String requirement, String normalized) {
        assertThat(VersionRequirement.parse(requirement).normalized()).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "^", "1.2.3.4", ">=1.2 <x.2", "1.2 ||", "abc", "<*", "^1.x.3", "1.2-rc",
            "=>1.2", "1.2.3-01"})
    void rejectsInvalidRequirementsNamingTheText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionRequirement.parse(text))
                .withMessageStartingWith("invalid version requirement '" + text + "'")
                .withMessageEndingWith("e.g. \"^1.2.0\", \"~1.2\", \">=1.2 <2\" or \"*\")");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionRequirement.parse("1.2.3.4"))
                .withMessage("invalid version requirement '1.2.3.4' ('1.2.3.4' is not a version or a partial version;"
                        + " e.g. \"^1.2.0\", \"~1.2\", \">=1.2 <2\" or \"*\")");
        assertThatIllegalArgumentException().isThrownBy(() -> VersionRequirement.parse("^1.x.3"))
                .withMessage("invalid version requirement '^1.x.3' ('1.x.3' has a number after a wildcard;"
                        + " e.g. \"^1.2.0\", \"~1.2\", \">=1.2 <2\" or \"*\")");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "^9223372036854775807 # invalid version requirement '^9223372036854775807' ('^9223372036854775807' has a number too large for a range (at most 9223372036854775806);",
            "~1.9223372036854775807 # invalid version requirement '~1.9223372036854775807' ('~1.9223372036854775807' has a number too large for a range",
            "9223372036854775807.x # invalid version requirement '9223372036854775807.x' ('9223372036854775807.x' has a number too large for a range",
            "^99999999999999999999 # invalid version requirement '^99999999999999999999' ('99999999999999999999' has a number larger than 9223372036854775807;",
            ">=1.99999999999999999999.0 # invalid version requirement '>=1.99999999999999999999.0' ('1.99999999999999999999.0' has a number larger than 9223372036854775807;",
    })
    void refusesNumbersOutOfRangeNamingTheRequirement(String text, String messageStart) {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionRequirement.parse(text))
                .withMessageStartingWith(messageStart);
    }

    @Test
    void acceptsTheLargestNumbersThatStillHaveARange() {
        assertThat(VersionRequirement.parse("^9223372036854775806").isSatisfiedBy(
                Version.of(9223372036854775806L, 5, 0))).isTrue();
        assertThat(VersionRequirement.parse("=9223372036854775807.0.0").isSatisfiedBy(
                Version.of(Long.MAX_VALUE, 0, 0))).isTrue();
    }
}
