package io.clusternode.core.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

    private static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of(Json.parse("""
            {"type":"object",
             "properties":{
               "name":{"type":"string","minLength":2,"maxLength":5},
               "count":{"type":"integer","minimum":1,"maximum":10},
               "ratio":{"type":"number"},
               "flag":{"type":"boolean"},
               "unit":{"type":"string","enum":["celsius","fahrenheit"]},
               "maybe":{"type":["string","null"]},
               "tags":{"type":"array","items":{"type":"string"}},
               "address":{"type":"object",
                 "properties":{"city":{"type":"string"},"zip":{"type":"string"}},
                 "required":["city"],
                 "additionalProperties":false}
             },
             "required":["name","count"],
             "additionalProperties":false}""", "schema"));

    private static List<String> validate(String json) {
        return VALIDATOR.validate(Json.parse(json, "value"));
    }

    @Test
    void acceptsValidArguments() {
        assertThat(validate("{\"name\":\"abc\",\"count\":3}")).isEmpty();
        assertThat(validate("""
                {"name":"abcde","count":10,"ratio":0.5,"flag":true,"unit":"celsius","maybe":null,
                 "tags":["a","b"],"address":{"city":"Oslo","zip":"0150"}}""")).isEmpty();
        assertThat(validate("{\"name\":\"ab\",\"count\":1.0,\"maybe\":\"x\",\"ratio\":3}")).isEmpty();
    }

    @Test
    void reportsMissingRequiredArguments() {
        assertThat(validate("{}")).containsExactly("argument 'name' is required", "argument 'count' is required");
    }

    @Test
    void reportsWrongTypes() {
        assertThat(validate("{\"name\":5,\"count\":\"3\"}")).containsExactlyInAnyOrder(
                "argument 'name' must be a string, was a number", "argument 'count' must be an integer, was a string");
        assertThat(validate("{\"name\":\"ab\",\"count\":2.5}"))
                .containsExactly("argument 'count' must be an integer, was a number");
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"flag\":\"yes\"}"))
                .containsExactly("argument 'flag' must be a boolean, was a string");
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"maybe\":1}"))
                .containsExactly("argument 'maybe' must be a string or null, was a number");
        assertThat(validate("[]")).containsExactly("the arguments must be an object, was an array");
        assertThat(validate("null")).containsExactly("the arguments must be an object, was null");
    }

    @Test
    void reportsEnumViolations() {
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"unit\":\"kelvin\"}")).singleElement()
                .satisfies(m -> assertThat(m).contains("argument 'unit'").contains("celsius").contains("kelvin"));
    }

    @Test
    void reportsAdditionalProperties() {
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"colour\":\"red\"}"))
                .containsExactly("argument 'colour' is not allowed");
    }

    @Test
    void reportsNestedViolationsWithTheirPath() {
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"address\":{\"zip\":1,\"planet\":\"Mars\"}}"))
                .containsExactlyInAnyOrder("argument 'address.city' is required",
                        "argument 'address.zip' must be a string, was a number",
                        "argument 'address.planet' is not allowed");
        assertThat(validate("{\"name\":\"ab\",\"count\":2,\"tags\":[\"a\",2]}"))
                .containsExactly("argument 'tags[1]' must be a string, was a number");
    }

    @Test
    void reportsRangeAndLengthViolations() {
        assertThat(validate("{\"name\":\"ab\",\"count\":0}"))
                .containsExactly("argument 'count' must be at least 1, was 0");
        assertThat(validate("{\"name\":\"ab\",\"count\":11}"))
                .containsExactly("argument 'count' must be at most 10, was 11");
        assertThat(validate("{\"name\":\"a\",\"count\":1}"))
                .containsExactly("argument 'name' must have at least 2 characters");
        assertThat(validate("{\"name\":\"abcdef\",\"count\":1}"))
                .containsExactly("argument 'name' must have at most 5 characters");
        // Length counts code points, not UTF-16 units: five emoji are five characters.
        assertThat(validate("{\"name\":\"😀😀😀😀😀\",\"count\":1}")).isEmpty();
    }

    @Test
    void emptyOrOpenSchemasAcceptAnything() {
        assertThat(JsonSchemaValidator.of(Json.object()).validate(Json.parse("{\"x\":[1]}", "v"))).isEmpty();
        assertThat(JsonSchemaValidator.of(null).validate(Json.parse("1", "v"))).isEmpty();
        assertThat(JsonSchemaValidator.of(Json.parse("{\"type\":\"object\"}", "s"))
                .validate(Json.parse("{\"anything\":true}", "v"))).isEmpty();
    }
}
