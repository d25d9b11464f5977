package io.clusternode.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static void assertInvalid(String text, String... fragments) {
        assertThatThrownBy(() -> Json.parse(text, "the workflow file"))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON))
                .hasMessageContaining("the workflow file")
                .satisfies(e -> {
                    for (String fragment : fragments) {
                        assertThat(e.getMessage()).contains(fragment);
                    }
                });
    }

    @Test
    void parsesValidJson() {
        assertThat(Json.parse("{\"a\":[1,2,{\"b\":null}]}", "x").path("a").get(2).has("b")).isTrue();
        assertThat(Json.parse("  42 ", "x").asInt()).isEqualTo(42);
    }

    @Test
    void malformedJsonIsInvalidJsonWithLocation() {
        assertInvalid("{\"a\": 1,\n  \"b\": }", "not valid JSON", "line 2", "column");
        assertInvalid("{\"a\" 1}", "line 1", "column 6");
        assertInvalid("[1, 2", "not valid JSON");
        assertInvalid("{'single': 1}", "not valid JSON");
    }

    @Test
    void emptyInputIsInvalidJson() {
        assertInvalid("", "empty");
        assertInvalid("   \n ", "empty");
        assertInvalid(null, "empty");
    }

    @Test
    void trailingContentIsInvalidJson() {
        assertInvalid("{\"a\":1} {\"b\":2}", "not valid JSON");
        assertInvalid("{} x", "not valid JSON");
    }

    @Test
    void writesJson() {
        assertThat(Json.write(Map.of("k", 1))).isEqualTo("{\"k\":1}");
        assertThat(Json.object().put("x", "y").toString()).isEqualTo("{\"x\":\"y\"}");
    }
}
