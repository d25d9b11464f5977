package io.clusternode.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import io.clusternode.server.ServerConfig;
import io.clusternode.server.workflows.ServedWorkflow.Auth;
import io.clusternode.server.workflows.ServedWorkflow.ChatHook;
import io.clusternode.server.workflows.ServedWorkflow.Hook;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowLoadException;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.model.NodeSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The n8n workflows a server serves ({@code --workflows DIR}): every {@code *.json} file of the directory, loaded
 * and checked with the workflow engine's loader and bound to the credentials file ({@code --credentials}), at
 * start. Any problem in any file stops the start, one line per problem naming the file: a server never serves
 * half of what it was given.
 */
public final class WorkflowCatalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowCatalog.class);
    private static final String CHAT_TRIGGER = "@n8n/n8n-nodes-langchain.chatTrigger";
    private static final String MANUAL_CHAT_TRIGGER = "@n8n/n8n-nodes-langchain.manualChatTrigger";
    private static final String WEBHOOK = "n8n-nodes-base.webhook";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]+");
    private static final WorkflowCatalog NONE = new WorkflowCatalog(List.of());

    private final Map<String, ServedWorkflow> byId = new LinkedHashMap<>();
    private final Map<String, ServedWorkflow> byChatWebhook = new LinkedHashMap<>();

    private WorkflowCatalog(List<ServedWorkflow> workflows) {
        for (ServedWorkflow workflow : workflows) {
            byId.put(workflow.id(), workflow);
            if (workflow.chat() != null) {
                byChatWebhook.put(workflow.chat().webhookId(), workflow);
            }
        }
    }

    /** No workflows. */
    public static WorkflowCatalog none() {
        return NONE;
    }

    /**
     * Loads {@code config}'s workflow directory (none when it names none).
     *
     * @param agentNames the agents' names, which workflow ids may not take
     * @throws NodeExecutionException when a file cannot be loaded or bound (every problem of every file, one line
     *         each, prefixed with the file's name), when two workflows claim one endpoint or model name, or when the
     *         directory is missing or holds no workflow
     */
    public static WorkflowCatalog load(ServerConfig config, Settings settings, Collection<String> agentNames) {
        if (config.workflows() == null) {
            return NONE;
        }
        Path dir = Path.of(config.workflows());
        if (!Files.isDirectory(dir)) {
            throw invalid("the workflow directory " + dir + " (--workflows, CLUSTERNODE_WORKFLOWS) does not exist");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw invalid("cannot list the workflow directory " + dir + " (" + e.getClass().getSimpleName() + ")");
        }
        if (files.isEmpty()) {
            throw invalid("the workflow directory " + dir + " holds no *.json workflow file");
        }
        files.sort(null);
        Credentials credentials = config.credentials() == null ? Credentials.none()
                : Credentials.load(Path.of(config.credentials()));
        WorkflowRunner.Options options = WorkflowRunner.Options.defaults().withSettings(settings);
        List<String> problems = new ArrayList<>();
        List<Workflow> loaded = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                loaded.add(Workflow.load(file));
            } catch (WorkflowLoadException e) {
                e.problems().forEach(p -> problems.add(name + ": " + p));
            } catch (NodeExecutionException e) {
                problems.add(name + ": " + e.code() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new WorkflowsRefusedException(dir.toString(), problems);
        }
        List<ServedWorkflow> served = new ArrayList<>();
        try {
            for (Workflow workflow : loaded) {
                String name = workflow.file().getFileName().toString();
                try {
                    served.add(serve(workflow, credentials, options, settings));
                } catch (NodeExecutionException e) {
                    problems.add(name + ": " + e.code() + ": " + e.getMessage());
                }
            }
            checkUnique(served, agentNames, problems);
            if (!problems.isEmpty()) {
                throw new WorkflowsRefusedException(dir.toString(), problems);
            }
        } catch (RuntimeException e) {
            served.forEach(w -> w.runner().close());
            throw e;
        }
        WorkflowCatalog catalog = new WorkflowCatalog(served);
        if (!config.loopback()) {
            catalog.warnOpenEndpoints();
        }
        return catalog;
    }

    private static ServedWorkflow serve(Workflow workflow, Credentials credentials, WorkflowRunner.Options options,
                                        Settings settings) {
        String fileName = workflow.file().getFileName().toString();
        String id = fileName.substring(0, fileName.length() - ".json".length());
        if (!ID.matcher(id).matches()) {
            throw invalid("the file name (without .json) is the workflow's id on the server and must be 1-64"
                    + " letters, digits, '.', '_', ':' or '-'; rename the file");
        }
        NodeSpec chatNode = null;
        ChatHook chat = null;
        List<Hook> hooks = new ArrayList<>();
        for (NodeSpec node : workflow.nodes()) {
            if (node.disabled()) {
                continue;
            }
            switch (node.type()) {
                case CHAT_TRIGGER -> {
                    if (chatNode == null) {
                        chatNode = node;
                        chat = chatHook(node, credentials, settings);
                    }
                }
                case MANUAL_CHAT_TRIGGER -> {
                    if (chatNode == null) {
                        chatNode = node;
                    }
                }
                case WEBHOOK -> hooks.add(hook(node, credentials, settings));
                default -> {
                    // other nodes offer no endpoint
                }
            }
        }
        WorkflowRunner runner = workflow.bind(credentials, options);
        if (chat != null && "memory".equals(chat.loadPreviousSession()) && runner.memoryOf(chatNode.name()).isEmpty()) {
            runner.close();
            throw invalid("chat trigger '" + chatNode.name() + "' loads previous sessions from memory, but no memory"
                    + " is connected to it; connect the agent's memory node to the chat trigger too");
        }
        return new ServedWorkflow(id, workflow.file(), runner, chatNode, chat, hooks);
    }

    private static ChatHook chatHook(NodeSpec node, Credentials credentials, Settings settings) {
        String webhookId = webhookId(node);
        boolean open = node.parameter("public").asBoolean(false);
        if (webhookId == null) {
            if (open) {
                throw invalid("chat trigger '" + node.name() + "' is public but has no webhookId, which its URL"
                        + " /webhook/{webhookId}/chat needs; export the workflow from n8n again or add one");
            }
            return null;
        }
        String responseMode = node.parameter("options.responseMode").asText("lastNode");
        if (!List.of("lastNode", "responseNode", "streaming").contains(responseMode)) {
            throw invalid("chat trigger '" + node.name() + "': responseMode '" + responseMode
                    + "' is not supported (lastNode, responseNode and streaming are)");
        }
        String authentication = node.parameter("authentication").asText("none");
        Auth auth = switch (authentication) {
            case "none" -> new Auth.None();
            case "basicAuth" -> new Auth.Basic(credentials.resolve(node.name(), "httpBasicAuth",
                    node.credentials().get("httpBasicAuth"), settings));
            case "n8nUserAuth" -> open ? throwUnsupported(node, "authentication 'n8nUserAuth' (an n8n login) cannot"
                    + " be checked outside n8n; use basicAuth, or none") : new Auth.None();
            default -> throwUnsupported(node, "authentication '" + authentication + "' is not supported (none and"
                    + " basicAuth are)");
        };
        if (auth instanceof Auth.Basic basic) {
            basic.credential().require("user", null);
            basic.credential().require("password", null);
        }
        return new ChatHook(node, webhookId, open, responseMode, origins(node), auth,
                node.parameter("options.loadPreviousSession").asText("notSupported"));
    }

    private static Hook hook(NodeSpec node, Credentials credentials, Settings settings) {
        String path = node.parameter("path").asText("").strip();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = webhookId(node) == null ? "" : webhookId(node);
        }
        if (path.isEmpty()) {
            throw invalid("webhook '" + node.name() + "' has neither a path nor a webhookId");
        }
        List<String> segments = List.of(path.split("/", -1));
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw invalid("webhook '" + node.name() + "': its path '" + path + "' has an empty or invalid segment");
            }
        }
        List<String> methods = new ArrayList<>();
        JsonNode method = node.parameter("httpMethod");
        if (method.isArray() && node.parameter("multipleMethods").asBoolean(false)) {
            method.forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
        } else {
            methods.add(method.asText("GET").toUpperCase(Locale.ROOT));
        }
        for (String m : methods) {
            if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD").contains(m)) {
                throw invalid("webhook '" + node.name() + "': httpMethod '" + m + "' is not supported");
            }
        }
        String responseMode = node.parameter("responseMode").asText("onReceived");
        if (!List.of("onReceived", "lastNode", "responseNode").contains(responseMode)) {
            throw invalid("webhook '" + node.name() + "': responseMode '" + responseMode
                    + "' is not supported (onReceived, lastNode and responseNode are)");
        }
        String responseData = node.parameter("responseData").asText(
                node.parameter("options.responseData").asText("firstEntryJson"));
        if ("lastNode".equals(responseMode) && !List.of("firstEntryJson", "allEntries", "noData").contains(responseData)) {
            throw invalid("webhook '" + node.name() + "': responseData '" + responseData
                    + "' is not supported (firstEntryJson, allEntries and noData are)");
        }
        int code = node.parameter("responseCode").asInt(node.parameter("options.responseCode").asInt(200));
        if (code < 100 || code > 599) {
            throw invalid("webhook '" + node.name() + "': responseCode must be an HTTP status between 100 and 599");
        }
        String authentication = node.parameter("authentication").asText("none");
        Auth auth = switch (authentication) {
            case "none" -> new Auth.None();
            case "basicAuth" -> new Auth.Basic(credentials.resolve(node.name(), "httpBasicAuth",
                    node.credentials().get("httpBasicAuth"), settings));
            case "headerAuth" -> new Auth.Header(credentials.resolve(node.name(), "httpHeaderAuth",
                    node.credentials().get("httpHeaderAuth"), settings));
            case "jwtAuth" -> throwUnsupported(node, "authentication 'jwtAuth' is not supported (none, basicAuth and"
                    + " headerAuth are)");
            default -> throwUnsupported(node, "authentication '" + authentication + "' is not supported (none,"
                    + " basicAuth and headerAuth are)");
        };
        if (auth instanceof Auth.Basic basic) {
            basic.credential().require("user", null);
            basic.credential().require("password", null);
        } else if (auth instanceof Auth.Header header) {
            header.credential().require("name", null);
            header.credential().require("value", null);
        }
        return new Hook(node, methods, segments, responseMode, responseData, code, origins(node), auth);
    }

    private static String webhookId(NodeSpec node) {
        return node.webhookId();
    }

    private static List<String> origins(NodeSpec node) {
        List<String> origins = new ArrayList<>();
        for (String origin : node.parameter("options.allowedOrigins").asText("*").split(",", -1)) {
            if (!origin.isBlank()) {
                origins.add(origin.strip());
            }
        }
        return origins;
    }

    private static Auth throwUnsupported(NodeSpec node, String reason) {
        throw new NodeExecutionException(ErrorCode.UNSUPPORTED_NODE, "node '" + node.name() + "': " + reason);
    }

    private static void checkUnique(List<ServedWorkflow> served, Collection<String> agentNames, List<String> problems) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (ServedWorkflow workflow : served) {
            String file = workflow.file().getFileName().toString();
            if (workflow.chatModel() && agentNames.contains(workflow.id())) {
                problems.add(file + ": INVALID_WORKFLOW: its model name '" + workflow.id() + "' is also an agent's"
                        + " name; rename the file or the agent");
            }
            List<String> claimed = new ArrayList<>();
            if (workflow.chat() != null) {
                claimed.add("POST /webhook/" + workflow.chat().webhookId() + "/chat");
            }
            for (Hook hook : workflow.webhooks()) {
                String pattern = hook.segments().stream().map(s -> s.startsWith(":") ? ":" : s).toList().toString();
                hook.methods().forEach(m -> claimed.add(m + " /webhook/" + pattern));
            }
            for (String endpoint : claimed) {
                String other = endpoints.putIfAbsent(endpoint, file);
                if (other != null) {
                    problems.add(file + ": INVALID_WORKFLOW: " + endpoint.replace("[", "").replace("]", "")
                            .replace(", ", "/") + " is also served by " + other + "; each webhook path must be unique");
                }
            }
        }
    }

    private void warnOpenEndpoints() {
        for (ServedWorkflow workflow : byId.values()) {
            if (workflow.chat() != null && workflow.chat().open() && workflow.chat().auth() instanceof Auth.None) {
                LOG.warn("workflow {}: its chat endpoint /webhook/{}/chat has no authentication and is open to anyone"
                        + " who reaches this address, as the chat trigger says", workflow.id(), workflow.chat().webhookId());
            }
            for (Hook hook : workflow.webhooks()) {
                if (hook.auth() instanceof Auth.None) {
                    LOG.warn("workflow {}: its webhook /webhook/{} has no authentication and is open to anyone who"
                            + " reaches this address, as the webhook node says", workflow.id(), hook.path());
                }
            }
        }
    }

    /** Every served workflow, by file name. */
    public List<ServedWorkflow> all() {
        return List.copyOf(byId.values());
    }

    /** The chat-triggered workflow offered as model {@code id}. */
    public Optional<ServedWorkflow> model(String id) {
        ServedWorkflow workflow = byId.get(id);
        return workflow != null && workflow.chatModel() ? Optional.of(workflow) : Optional.empty();
    }

    /** The model names of the chat-triggered workflows, sorted. */
    public List<String> modelNames() {
        return byId.values().stream().filter(ServedWorkflow::chatModel).map(ServedWorkflow::id).sorted().toList();
    }

    /** The workflow whose chat trigger has {@code webhookId}. */
    public Optional<ServedWorkflow> chat(String webhookId) {
        return Optional.ofNullable(byChatWebhook.get(webhookId));
    }

    /**
     * The webhook trigger answering {@code segments} (the path after {@code /webhook/}), with its path parameters,
     * whichever method it takes; a literal path wins over one with parameters.
     */
    public List<Match> webhooks(List<String> segments) {
        List<Match> exact = new ArrayList<>();
        List<Match> withParams = new ArrayList<>();
        for (ServedWorkflow workflow : byId.values()) {
            for (Hook hook : workflow.webhooks()) {
                Map<String, String> params = match(hook.segments(), segments);
                if (params != null) {
                    (params.isEmpty() && hook.segments().stream().noneMatch(s -> s.startsWith(":")) ? exact : withParams)
                            .add(new Match(workflow, hook, params));
                }
            }
        }
        exact.addAll(withParams);
        return exact;
    }

    private static Map<String, String> match(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith(":")) {
                params.put(p.substring(1), segments.get(i));
            } else if (!p.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** A webhook trigger that answers a request path, with the path's parameters. */
    public record Match(ServedWorkflow workflow, Hook hook, Map<String, String> params) {
    }

    /** Whether there are workflows at all. */
    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Closes every bound workflow (its memory pools and model clients). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ServedWorkflow workflow : byId.values()) {
            try {
                workflow.runner().close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, message);
    }
}
