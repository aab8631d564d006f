package dev.perfgate.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageIdTests {

    @Test
    void parsesNamespaceAndName() {
        PackageId id = PackageId.parse("acme/web-framework");

        assertThat(id.namespace()).isEqualTo("acme");
        assertThat(id.name()).isEqualTo("web-framework");
        assertThat(id).hasToString("acme/web-framework");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/", "/web", "a/b/c", "Acme/web", "acme/-web", "acme/web framework"})
    void rejectsMalformedIdsNamingTheText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> PackageId.parse(text))
                .withMessageContaining("invalid package")
                .withMessageContaining("e.g.");
    }

    @Test
    void rejectsPartsLongerThan64Characters() {
        String longName = "a".repeat(65);

        assertThatIllegalArgumentException().isThrownBy(() -> PackageId.parse("acme/" + longName))
                .withMessage("invalid package name '" + longName + "' (expected lower-case letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit, at most 64 characters, e.g. \"web-framework\")");
        assertThat(PackageId.parse("acme/" + "a".repeat(64)).name()).hasSize(64);
    }
}
