package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.tools.http.HttpRequestTool;
import io.clusternode.tools.http.HttpToolConfig;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.expression.FromAiCall;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.SubNodeScope;
import io.clusternode.workflow.spi.ToolNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * n8n's HTTP request tools mapped onto ClusterNode's {@link HttpRequestTool} (one HTTP client, one address policy
 * and one set of limits for both):
 * <ul>
 *   <li>{@code @n8n/n8n-nodes-langchain.toolHttpRequest} v1–1.1: {@code {placeholders}} in the URL, query,
 *       header and body parameters whose {@code valueProvider} is {@code modelRequired} (the default) or
 *       {@code modelOptional}, described by {@code placeholderDefinitions};</li>
 *   <li>{@code n8n-nodes-base.httpRequestTool} v4.x: the HTTP Request node as a tool, whose values the model
 *       fills through {@code $fromAI()}.</li>
 * </ul>
 * Values that are expressions are evaluated when the model calls the tool, against the agent's first input item
 * and the model's arguments. Private, loopback and link-local addresses are refused unless the setting
 * {@value #ALLOW_SETTING} allow-lists them. Credentials ({@code httpHeaderAuth}, {@code httpBearerAuth},
 * {@code httpBasicAuth}, {@code httpQueryAuth}, and {@code oAuth2Api} given as a ready access token) go into the
 * request only.
 */
final class HttpTools {

    /** Host names, addresses or CIDR ranges (comma or space separated) the HTTP tools may reach although private. */
    static final String ALLOW_SETTING = "CLUSTERNODE_HTTP_ALLOW";

    static final String TOOL_HTTP_REQUEST = "@n8n/n8n-nodes-langchain.toolHttpRequest";

    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** Synthetic placeholders: values ClusterNode computes per call, never shown to the model. */
    private static final String COMPUTED = "__cn";
    private static final String BODY = "__cnbody";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> GENERIC_AUTH = Set.of("httpHeaderAuth", "httpBearerAuth", "httpBasicAuth",
            "httpQueryAuth", "oAuth2Api");
    private static final String DEFAULT_DESCRIPTION = "Makes an HTTP request and returns the response data";

    private HttpTools() {
    }

    /** Whether the node is the LangChain {@code toolHttpRequest} (placeholders) rather than {@code httpRequestTool}. */
    private static boolean isPlaceholderTool(NodeSpec node) {
        return node.type().equals(TOOL_HTTP_REQUEST);
    }

    /** Where the query, header and body entries are, by version. */
    private record Layout(String query, String headers, String body, String entries) {
        static Layout of(NodeSpec node) {
            return isPlaceholderTool(node) ? new Layout("parametersQuery", "parametersHeaders", "parametersBody", "values")
                    : new Layout("queryParameters", "headerParameters", "bodyParameters", "parameters");
        }
    }

    static String unsupportedReason(NodeSpec node) {
        boolean v1 = isPlaceholderTool(node);
        if (v1 ? node.typeVersion() > 1.1 : node.typeVersion() < 4 || node.typeVersion() >= 5) {
            return node.shortType() + " typeVersion " + node.versionText() + " is not supported ("
                    + (v1 ? "1 and 1.1 are" : "4.x is") + ")";
        }
        String method = node.parameter("method").asText("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            return "method " + method + " is not supported (GET, POST, PUT, PATCH, DELETE and HEAD are)";
        }
        String authentication = authentication(node);
        if (authentication.equals("predefinedCredentialType")) {
            return "predefined credential type '" + node.parameter("nodeCredentialType").asText("") + "' is not"
                    + " supported; use generic credentials (" + String.join(", ", sorted(GENERIC_AUTH)) + ")";
        }
        if (authentication.equals("genericCredentialType")) {
            String generic = node.parameter("genericAuthType").asText("");
            if (!GENERIC_AUTH.contains(generic)) {
                return "generic credential type '" + generic + "' is not supported (" + String.join(", ",
                        sorted(GENERIC_AUTH)) + " are)";
            }
        } else if (!authentication.equals("none")) {
            return "authentication '" + authentication + "' is not supported";
        }
        JsonNode description = node.parameter("toolDescription");
        if (description.isTextual() && description.textValue().startsWith("=") && description.textValue().contains("{{")) {
            return "an expression in toolDescription is not supported; write the description as text";
        }
        Layout layout = Layout.of(node);
        for (String[] part : List.of(new String[] {"Query", layout.query()}, new String[] {"Headers", layout.headers()},
                new String[] {"Body", layout.body()})) {
            if (!node.parameter("send" + part[0]).asBoolean(false)) {
                continue;
            }
            String specify = node.parameter("specify" + part[0]).asText("keypair");
            boolean jsonBody = part[0].equals("Body") && specify.equals("json");
            if (!specify.equals("keypair") && !jsonBody) {
                return "send" + part[0] + " with specify" + part[0] + " '" + specify + "' is not supported (keypair is"
                        + (part[0].equals("Body") ? ", and json" : "") + ")";
            }
            if (part[0].equals("Body") && !v1) {
                String contentType = node.parameter("contentType").asText("json");
                if (!contentType.equals("json")) {
                    return "a body of contentType '" + contentType + "' is not supported (json is)";
                }
            }
            for (JsonNode entry : node.parameter(part[1] + "." + layout.entries())) {
                JsonNode name = entry.path("name");
                if (!name.isTextual() || name.textValue().isBlank() || Expressions.isExpression(name)) {
                    return "every " + part[0].toLowerCase(Locale.ROOT) + " parameter needs a fixed name";
                }
                if (v1 && !entry.path("valueProvider").asText("modelRequired").equals("fieldValue")
                        && !part[0].equals("Body") && !PLACEHOLDER_NAME.matcher(name.textValue()).matches()) {
                    return "parameter '" + name.textValue() + "' is filled by the model, so its name must be letters,"
                            + " digits and '_'";
                }
            }
        }
        return null;
    }

    private static String authentication(NodeSpec node) {
        return node.parameter("authentication").asText("none");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** A value ClusterNode computes when the tool is called: a parameter that is an expression (or holds braces). */
    private record Computed(String key, JsonNode raw, String where) {
    }

    /** One entry of a key-pair body: a value (possibly an expression) or, with placeholders, the model's value. */
    private record BodyField(String name, JsonNode raw, String where, boolean fromModel) {
    }

    /** Builds the request template and the model's schema from a node's parameters. */
    private static final class Plan {
        final NodeSpec spec;
        final boolean v1;
        final List<Computed> computed = new ArrayList<>();
        final List<BodyField> bodyFields = new ArrayList<>();
        /** Model-filled body fields (toolHttpRequest): their schema properties. */
        final Map<String, HttpToolConfig.Placeholder> bodyPlaceholders = new LinkedHashMap<>();
        final Map<String, HttpToolConfig.Placeholder> declared = new LinkedHashMap<>();
        final Map<String, HttpToolConfig.Placeholder> modelFilled = new LinkedHashMap<>();

        Plan(NodeSpec spec) {
            this.spec = spec;
            this.v1 = isPlaceholderTool(spec);
            if (v1) {
                for (JsonNode definition : spec.parameter("placeholderDefinitions.values")) {
                    String name = definition.path("name").asText("");
                    if (!name.isEmpty()) {
                        declared.put(name, new HttpToolConfig.Placeholder(name, definition.path("description")
                                .asText(null), type(definition.path("type").asText("string")), true));
                    }
                }
            }
        }

        private HttpToolConfig.Type type(String name) {
            return switch (name) {
                case "number" -> HttpToolConfig.Type.NUMBER;
                case "boolean" -> HttpToolConfig.Type.BOOLEAN;
                case "json" -> HttpToolConfig.Type.JSON;
                default -> HttpToolConfig.Type.STRING;
            };
        }

        /** The template text of a value: as written when it is plain text, else a synthetic placeholder. */
        String template(JsonNode raw, String where) {
            if (raw == null || raw.isMissingNode() || raw.isNull()) {
                return "";
            }
            if (!Expressions.isExpression(raw)) {
                String text = Values.text(raw);
                // httpRequestTool has no {placeholders}: braces in its plain values are sent as written.
                if (v1 || !PLACEHOLDER.matcher(text).find()) {
                    return text;
                }
            }
            String key = COMPUTED + computed.size();
            computed.add(new Computed(key, raw, where));
            return "{" + key + "}";
        }

        /** A model-filled parameter (toolHttpRequest): its placeholder, typed and described by its definition. */
        String modelValue(String name, boolean required) {
            HttpToolConfig.Placeholder definition = declared.get(name);
            modelFilled.put(name, new HttpToolConfig.Placeholder(name, definition == null ? null
                    : definition.description(), definition == null ? HttpToolConfig.Type.STRING : definition.type(),
                    required));
            return "{" + name + "}";
        }

        Map<String, String> pairs(String what, String parameter, String entries) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!spec.parameter("send" + what).asBoolean(false)) {
                return out;
            }
            for (JsonNode entry : spec.parameter(parameter + "." + entries)) {
                String name = entry.path("name").asText();
                String where = "node '" + spec.name() + "', " + what.toLowerCase(Locale.ROOT) + " parameter '" + name + "'";
                String provider = v1 ? entry.path("valueProvider").asText("modelRequired") : "fieldValue";
                out.put(name, provider.equals("fieldValue") ? template(entry.get("value"), where)
                        : modelValue(name, provider.equals("modelRequired")));
            }
            return out;
        }

        /** The body template: a key-pair body is built per call (synthetic placeholder), a JSON body is a template. */
        String body() {
            if (!spec.parameter("sendBody").asBoolean(false)) {
                return null;
            }
            if (spec.parameter("specifyBody").asText("keypair").equals("json")) {
                JsonNode json = spec.parameter("jsonBody");
                if (v1 && !Expressions.isExpression(json)) {
                    return Values.text(json);
                }
                bodyFields.add(new BodyField(null, json, "node '" + spec.name() + "', parameter 'jsonBody'", false));
                return "{" + BODY + "}";
            }
            Layout layout = Layout.of(spec);
            for (JsonNode entry : spec.parameter(layout.body() + "." + layout.entries())) {
                String name = entry.path("name").asText();
                String where = "node '" + spec.name() + "', body parameter '" + name + "'";
                String provider = v1 ? entry.path("valueProvider").asText("modelRequired") : "fieldValue";
                boolean fromModel = !provider.equals("fieldValue");
                if (fromModel) {
                    HttpToolConfig.Placeholder definition = declared.get(name);
                    bodyPlaceholders.put(name, new HttpToolConfig.Placeholder(name, definition == null ? null
                            : definition.description(), definition == null ? HttpToolConfig.Type.STRING
                            : definition.type(), provider.equals("modelRequired")));
                }
                bodyFields.add(new BodyField(name, entry.get("value"), where, fromModel));
            }
            return "{" + BODY + "}";
        }

        /** The placeholders the request template uses that the model fills, with their definitions. */
        List<HttpToolConfig.Placeholder> placeholders(List<String> templates) {
            Map<String, HttpToolConfig.Placeholder> used = new LinkedHashMap<>(modelFilled);
            for (String template : templates) {
                var matcher = PLACEHOLDER.matcher(template == null ? "" : template);
                while (matcher.find()) {
                    String name = matcher.group(1);
                    if (!name.startsWith(COMPUTED) && declared.containsKey(name)) {
                        used.putIfAbsent(name, declared.get(name));
                    }
                }
            }
            return List.copyOf(used.values());
        }
    }

    static ToolNode create(NodeContext context) {
        NodeSpec spec = context.node();
        Plan plan = new Plan(spec);
        JsonNode urlParameter = spec.parameter("url");
        if (Values.isNullish(urlParameter) || Values.text(urlParameter).isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "' needs a URL");
        }
        String url = plan.template(urlParameter, "node '" + spec.name() + "', parameter 'url'");
        Layout layout = Layout.of(spec);
        Map<String, String> query = plan.pairs("Query", layout.query(), layout.entries());
        Map<String, String> headers = plan.pairs("Headers", layout.headers(), layout.entries());
        String body = plan.body();
        List<String> templates = new ArrayList<>(List.of(url));
        templates.addAll(query.values());
        templates.addAll(headers.values());
        templates.add(body);
        String name = Params.toolName(spec.name());
        JsonNode described = spec.parameter("toolDescription");
        String description = Values.isNullish(described) || Values.text(described).isBlank() ? DEFAULT_DESCRIPTION
                : Values.text(described).replaceFirst("^=", "");
        String method = spec.parameter("method").asText("GET");
        boolean optimize = spec.parameter("optimizeResponse").asBoolean(false);
        HttpToolConfig config = new HttpToolConfig(name, description, method, url, query, headers, body,
                plan.placeholders(templates), auth(context), allowList(context.settings()), timeout(spec), 0, 0,
                optimize);
        HttpRequestTool http = new HttpRequestTool(config);
        try {
            return new HttpNode(spec, http, plan);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** The allow-list from the setting: host names, addresses or CIDR ranges separated by commas or spaces. */
    static List<String> allowList(Settings settings) {
        return settings.get(ALLOW_SETTING).map(value -> Arrays.stream(value.split("[,\\s]+"))
                .filter(entry -> !entry.isBlank()).toList()).orElse(List.of());
    }

    private static Duration timeout(NodeSpec spec) {
        JsonNode timeout = spec.parameter("options.timeout");
        if (timeout.isNumber() && timeout.asDouble() > 0) {
            return Duration.ofMillis(timeout.asLong());
        }
        return null;
    }

    private static HttpToolConfig.Auth auth(NodeContext context) {
        NodeSpec spec = context.node();
        if (!authentication(spec).equals("genericCredentialType")) {
            return new HttpToolConfig.Auth.None();
        }
        String type = spec.parameter("genericAuthType").asText("");
        Credential credential = context.credential(type);
        return switch (type) {
            case "httpHeaderAuth" -> new HttpToolConfig.Auth.Header(credential.require("name", null),
                    credential.require("value", null));
            case "httpBearerAuth" -> new HttpToolConfig.Auth.Bearer(credential.require("token", null));
            case "httpBasicAuth" -> new HttpToolConfig.Auth.Basic(credential.require("user", null),
                    credential.require("password", null));
            case "httpQueryAuth" -> new HttpToolConfig.Auth.Query(credential.require("name", null),
                    credential.require("value", null));
            case "oAuth2Api" -> new HttpToolConfig.Auth.Bearer(credential.require("accessToken", null));
            default -> throw new NodeExecutionException(ErrorCode.UNSUPPORTED_NODE, "node '" + spec.name()
                    + "': generic credential type '" + type + "' is not supported");
        };
    }

    /** The node: one HTTP client for all runs; the tool offered to the model hides the computed values. */
    private static final class HttpNode implements ToolNode {
        private final NodeSpec spec;
        private final HttpRequestTool http;
        private final Plan plan;
        private final ToolDefinition definition;
        private final Set<String> httpPlaceholders;
        /** The tool when nothing it sends depends on the run. */
        private final ToolProvider runIndependent;

        HttpNode(NodeSpec spec, HttpRequestTool http, Plan plan) {
            this.spec = spec;
            this.http = http;
            this.plan = plan;
            ObjectNode schema = Json.object().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = Json.MAPPER.createArrayNode();
            Set<String> fromHttp = new LinkedHashSet<>();
            JsonNode httpSchema = http.parameters();
            Set<String> httpRequired = new LinkedHashSet<>();
            httpSchema.path("required").forEach(r -> httpRequired.add(r.asText()));
            httpSchema.path("properties").properties().forEach(p -> {
                if (!p.getKey().startsWith(COMPUTED)) {
                    fromHttp.add(p.getKey());
                    properties.set(p.getKey(), p.getValue());
                    if (httpRequired.contains(p.getKey())) {
                        required.add(p.getKey());
                    }
                }
            });
            this.httpPlaceholders = Set.copyOf(fromHttp);
            for (HttpToolConfig.Placeholder field : plan.bodyPlaceholders.values()) {
                if (!properties.has(field.name())) {
                    ObjectNode property = properties.putObject(field.name());
                    if (field.type() != HttpToolConfig.Type.JSON) {
                        property.put("type", field.type().name().toLowerCase(Locale.ROOT));
                    }
                    if (field.description() != null && !field.description().isBlank()) {
                        property.put("description", field.description());
                    }
                    if (field.required()) {
                        required.add(field.name());
                    }
                }
            }
            List<JsonNode> written = new ArrayList<>();
            plan.computed.forEach(c -> written.add(c.raw()));
            plan.bodyFields.stream().filter(f -> !f.fromModel()).forEach(f -> written.add(f.raw()));
            FromAiCall.addToSchema(spec.name(), written, properties, required);
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            schema.put("additionalProperties", false);
            this.definition = new ToolDefinition(http.name(), http.description(), schema);
            boolean needsRun = !plan.computed.isEmpty() || plan.bodyFields.stream().anyMatch(f -> !f.fromModel()
                    && Expressions.isExpression(f.raw()));
            this.runIndependent = needsRun ? null : new Bound(null);
        }

        @Override
        public ToolProvider tool(SubNodeScope scope) {
            return runIndependent != null ? runIndependent : new Bound(scope);
        }

        @Override
        public void close() {
            http.close();
        }

        /** The tool for one run: evaluates the computed values with the model's arguments, then sends. */
        private final class Bound implements ToolProvider {
            private final SubNodeScope scope;

            Bound(SubNodeScope scope) {
                this.scope = scope;
            }

            @Override
            public ToolDefinition toolDefinition() {
                return definition;
            }

            @Override
            public String execute(JsonNode arguments) {
                ObjectNode request = Json.object();
                arguments.properties().forEach(a -> {
                    if (httpPlaceholders.contains(a.getKey())) {
                        request.set(a.getKey(), a.getValue());
                    }
                });
                ExpressionScope expressions = scope == null ? null : scope.scope().withFromAi(arguments);
                for (Computed c : plan.computed) {
                    JsonNode value = evaluate(c.raw(), expressions, c.where());
                    request.set(c.key(), Values.isNullish(value) ? TextNode.valueOf("") : value);
                }
                if (!plan.bodyFields.isEmpty()) {
                    request.set(BODY, body(arguments, expressions));
                }
                try {
                    return http.execute(request);
                } catch (NodeExecutionException e) {
                    if (e.code() == ErrorCode.TOOL_ERROR && e.getMessage().contains("unless it is allow-listed")) {
                        // The hint of the HTTP tool names its tools-file option; a workflow allow-lists by setting.
                        throw new NodeExecutionException(e.code(), e.getMessage() + "; a workflow allow-lists hosts"
                                + " with the setting " + ALLOW_SETTING + " (e.g. " + ALLOW_SETTING + "=127.0.0.1)", e);
                    }
                    throw e;
                }
            }

            private JsonNode evaluate(JsonNode raw, ExpressionScope expressions, String where) {
                if (!Expressions.isExpression(raw)) {
                    return raw;
                }
                if (expressions == null) {
                    throw new IllegalStateException("an expression needs the run's scope");
                }
                return scope.expressions().resolve(raw, expressions, where);
            }

            private JsonNode body(JsonNode arguments, ExpressionScope expressions) {
                BodyField first = plan.bodyFields.get(0);
                if (first.name() == null) {
                    JsonNode value = evaluate(first.raw(), expressions, first.where());
                    if (value != null && value.isTextual()) {
                        return Json.parse(value.textValue(), first.where() + " (the JSON body)");
                    }
                    return Values.isNullish(value) ? Json.object() : value;
                }
                ObjectNode body = Json.object();
                for (BodyField field : plan.bodyFields) {
                    JsonNode value = field.fromModel() ? arguments.get(field.name())
                            : evaluate(field.raw(), expressions, field.where());
                    if (value != null && !value.isMissingNode() && !(field.fromModel() && value.isNull())) {
                        body.set(field.name(), value);
                    } else if (!field.fromModel()) {
                        body.put(field.name(), "");
                    }
                }
                return body;
            }

            @Override
            public String toString() {
                return "n8n HTTP tool " + spec.name() + " -> " + http;
            }
        }
    }
}
