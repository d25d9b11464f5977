package io.clusternode.workflow.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials for a workflow, by n8n credential type. A credentials file (JSON or YAML) has the types as
 * top-level keys; each value is either the fields
 * <pre>{"openAiApi": {"apiKey": "sk-...", "url": "https://api.openai.com/v1"}}</pre>
 * or, when a workflow uses several credentials of one type, the credential names (as the nodes' {@code credentials}
 * blocks name them) mapped to fields:
 * <pre>{"openAiApi": {"OpenAi account": {"apiKey": "..."}, "OpenAi account 2": {"apiKey": "..."}}}</pre>
 * Environment variables fill the fields the file lacks ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
 * {@code DEEPSEEK_API_KEY}, {@code DEEPSEEK_BASE_URL}, {@code OLLAMA_BASE_URL}, {@code PGHOST} ...,
 * {@code REDIS_HOST} ...). Values are never printed: {@link #toString()} shows types only.
 */
public final class Credentials {

    /** Which environment variable fills which field of each credential type. */
    private static final Map<String, Map<String, String>> ENVIRONMENT = Map.of(
            "openAiApi", Map.of("apiKey", "OPENAI_API_KEY", "url", "OPENAI_BASE_URL"),
            "deepSeekApi", Map.of("apiKey", "DEEPSEEK_API_KEY", "url", "DEEPSEEK_BASE_URL"),
            "ollamaApi", Map.of("baseUrl", "OLLAMA_BASE_URL"),
            "postgres", Map.of("host", "PGHOST", "port", "PGPORT", "database", "PGDATABASE", "user", "PGUSER",
                    "password", "PGPASSWORD"),
            "redis", Map.of("host", "REDIS_HOST", "port", "REDIS_PORT", "password", "REDIS_PASSWORD",
                    "database", "REDIS_DB"));

    private static final Credentials NONE = new Credentials(Map.of());

    /** type -> credential name (or "" for the type's only fields) -> fields. */
    private final Map<String, Map<String, Map<String, String>>> byType;

    private Credentials(Map<String, Map<String, Map<String, String>>> byType) {
        this.byType = byType;
    }

    /** No credentials file: only the environment. */
    public static Credentials none() {
        return NONE;
    }

    /**
     * Reads a credentials file: YAML when it ends in {@code .yaml} or {@code .yml}, JSON otherwise.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} when it is missing or unreadable, {@code INVALID_JSON}
     *         when it is malformed (the message never quotes the file's content)
     */
    public static Credentials load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "credentials file " + file + " does not exist");
        } catch (IOException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "cannot read credentials file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(text, lower.endsWith(".yaml") || lower.endsWith(".yml"), file.toString());
    }

    /** Parses credentials text; {@code what} names it in errors. */
    public static Credentials parse(String text, boolean yaml, String what) {
        JsonNode root;
        try {
            ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : Json.MAPPER;
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's message may quote the content, which holds secrets: give the position only.
            throw new NodeExecutionException(ErrorCode.INVALID_JSON, "credentials file " + what + " is not valid "
                    + (yaml ? "YAML" : "JSON") + (e.getLocation() == null ? "" : " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "credentials file " + what
                    + " must be an object whose keys are credential types, e.g. {\"openAiApi\": {\"apiKey\": \"...\"}}");
        }
        Map<String, Map<String, Map<String, String>>> byType = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isObject()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "credential '" + entry.getKey() + "' in "
                        + what + " must be an object of fields");
            }
            Map<String, Map<String, String>> named = new LinkedHashMap<>();
            boolean allObjects = value.size() > 0;
            for (JsonNode field : value) {
                allObjects &= field.isObject();
            }
            if (allObjects) {
                value.fields().forEachRemaining(n -> named.put(n.getKey(), fields(n.getValue())));
            } else {
                named.put("", fields(value));
            }
            byType.put(entry.getKey(), named);
        });
        return new Credentials(byType);
    }

    private static Map<String, String> fields(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                out.put(f.getKey(), f.getValue().asText());
            }
        });
        return out;
    }

    /**
     * The credential a node uses: the file's entry for the type (by the node's credential name when the file names
     * several), with environment variables filling absent fields.
     *
     * @param nodeName       the node, for messages
     * @param credentialName the name the node's {@code credentials} block gives, or null
     * @throws NodeExecutionException with {@code MISSING_CREDENTIAL} naming the node and the type when neither the
     *         file nor the environment has it
     */
    public Credential resolve(String nodeName, String type, String credentialName, Settings environment) {
        Map<String, String> fields = new HashMap<>();
        Map<String, Map<String, String>> named = byType.get(type);
        if (named != null) {
            Map<String, String> chosen = named.get(credentialName == null ? "" : credentialName);
            if (chosen == null) {
                chosen = named.get("");
            }
            if (chosen == null && named.size() == 1) {
                chosen = named.values().iterator().next();
            }
            if (chosen == null) {
                throw new NodeExecutionException(ErrorCode.MISSING_CREDENTIAL, "node '" + nodeName + "' uses credential '"
                        + type + "' named '" + credentialName + "', and the credentials file names only "
                        + List.copyOf(named.keySet()));
            }
            fields.putAll(chosen);
        }
        boolean fromEnvironment = false;
        for (Map.Entry<String, String> e : ENVIRONMENT.getOrDefault(type, Map.of()).entrySet()) {
            if (!fields.containsKey(e.getKey())) {
                var value = environment.get(e.getValue());
                if (value.isPresent()) {
                    fields.put(e.getKey(), value.get());
                    fromEnvironment = true;
                }
            }
        }
        if (named == null && !fromEnvironment) {
            Map<String, String> variables = ENVIRONMENT.getOrDefault(type, Map.of());
            throw new NodeExecutionException(ErrorCode.MISSING_CREDENTIAL, "node '" + nodeName + "' needs credential '"
                    + type + "'" + (credentialName == null ? "" : " ('" + credentialName + "')")
                    + "; add \"" + type + "\" to the credentials file (--credentials FILE)"
                    + (variables.isEmpty() ? "" : " or set " + String.join(" / ", variables.values().stream().sorted().toList())));
        }
        return new Credential(type, nodeName, fields);
    }

    @Override
    public String toString() {
        return "Credentials" + byType.keySet();
    }
}
