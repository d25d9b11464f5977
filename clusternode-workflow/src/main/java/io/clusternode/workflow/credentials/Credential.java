package io.clusternode.workflow.credentials;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one credential (e.g. {@code openAiApi}: {@code apiKey}, {@code url}) as a node received it.
 * {@link #toString()} shows field names only, never values.
 */
public final class Credential {

    private final String type;
    private final String node;
    private final Map<String, String> fields;

    public Credential(String type, String node, Map<String, String> fields) {
        this.type = type;
        this.node = node;
        this.fields = Map.copyOf(fields);
    }

    public String type() {
        return type;
    }

    /** The field, or empty when absent or blank. */
    public Optional<String> get(String field) {
        String value = fields.get(field);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * The field.
     *
     * @throws NodeExecutionException with {@code MISSING_CREDENTIAL} naming the node, type and field
     */
    public String require(String field, String environmentVariable) {
        return get(field).orElseThrow(() -> new NodeExecutionException(ErrorCode.MISSING_CREDENTIAL, "node '" + node
                + "' needs field '" + field + "' of credential '" + type + "'; add it to the credentials file"
                + (environmentVariable == null ? "" : " or set " + environmentVariable)));
    }

    @Override
    public String toString() {
        return "Credential[" + type + ", fields=" + fields.keySet().stream().sorted().toList() + "]";
    }
}
