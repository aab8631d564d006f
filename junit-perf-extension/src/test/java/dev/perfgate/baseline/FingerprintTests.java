package dev.perfgate.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTests {

    private static final Fingerprint HERE = new Fingerprint("AMD EPYC", 2, "Debian", "17.0.15+6", "Linux amd64", "0.1.0");

    @Test
    void onlyCpuCoresAndJavaMajorVersionMatter() {
        Fingerprint patchLater = new Fingerprint("AMD EPYC", 2, "Eclipse Adoptium", "17.0.16+8", "Linux amd64", "0.2.0");

        assertThat(HERE.significantDifferences(patchLater)).isEmpty();
    }

    @Test
    void differencesAreSpelledOut() {
        Fingerprint other = new Fingerprint("Intel Xeon", 4, "Debian", "21.0.2+13", "Linux amd64", "0.1.0");

        assertThat(HERE.significantDifferences(other)).containsExactly(
                "CPU model 'Intel Xeon' then, 'AMD EPYC' now", "4 cores then, 2 now", "Java 21 then, Java 17 now");
    }

    @Test
    void javaMajorVersionsOldAndNew() {
        assertThat(Fingerprint.jvmMajor("17.0.15+6-Debian-1deb12u1")).isEqualTo("17");
        assertThat(Fingerprint.jvmMajor("1.8.0_392-b08")).isEqualTo("8");
        assertThat(Fingerprint.jvmMajor("21")).isEqualTo("21");
    }

    @Test
    void theCurrentFingerprintKnowsPerfgatesVersion() {
        assertThat(Fingerprint.current().perfgateVersion()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(Fingerprint.current().cores()).isPositive();
    }
}
