package dev.perfgate.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestTests {

    private static Manifest parse(String json) {
        return Manifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryField() {
        Manifest m = parse("{\"id\": \"acme/web\", \"version\": \"1.2.0\", \"title\": \"Web\", \"description\": \"d\","
                + " \"tags\": [\"web\", \"http\"], \"categories\": [\"web-frameworks\"], \"license\": \"MIT\","
                + " \"authors\": [\"Ada\"], \"dependencies\": {\"acme/util\": \"^1.2.0\"}}");

        assertThat(m.id()).hasToString("acme/web");
        assertThat(m.version()).hasToString("1.2.0");
        assertThat(m.tags()).containsExactly("web", "http");
        assertThat(m.dependencies()).hasSize(1);
        assertThat(m.dependencies().get(PackageId.parse("acme/util"))).hasToString("^1.2.0");
        assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "[1] # marketplace.json must be a JSON object",
            "{\"version\": \"1.0.0\", \"title\": \"T\"} # marketplace.json has no 'id' (e.g. \"id\": \"acme/web-framework\")",
            "{\"id\": 5, \"version\": \"1.0.0\", \"title\": \"T\"} # field 'id' in marketplace.json must be a string, was 5",
            "{\"id\": \"Acme/x\", \"version\": \"1.0.0\", \"title\": \"T\"} # invalid package namespace 'Acme'",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \"T\", \"tagz\": []} # unknown field 'tagz' in marketplace.json",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \"T\", \"tags\": \"web\"} # field 'tags' in marketplace.json must be an array of strings, was \"web\"",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \"T\", \"dependencies\": {\"a/y\": \"^one\"}} # invalid version requirement '^one'",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \"T\", \"dependencies\": {\"a/x\": \"1\"}} # a/x depends on itself",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \" \"} # invalid title ' ' of a/x",
            "{\"id\": \"a/x\", # marketplace.json is not valid JSON",
            "{\"id\": \"a/x\", \"version\": \"1.0.0\", \"title\": \"T\", \"id\": \"a/y\"} # marketplace.json is not valid JSON: Duplicate field 'id'",
    })
    void refusesMalformedManifestsNamingTheProblem(String json, String messageStart) {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(json)).withMessageStartingWith(messageStart);
    }
}
