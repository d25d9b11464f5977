package io.clusternode.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.server.Runs;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Bodies;
import io.clusternode.server.http.Responses;
import io.clusternode.server.http.Safe;
import io.clusternode.server.openai.SseStream;
import io.clusternode.server.workflows.ServedWorkflow.Auth;
import io.clusternode.server.workflows.ServedWorkflow.ChatHook;
import io.clusternode.server.workflows.ServedWorkflow.Hook;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.RunResult;
import io.clusternode.workflow.WebhookResponse;
import io.clusternode.workflow.model.NodeSpec;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * n8n's endpoints for the served workflows, under {@code /webhook} and {@code /webhook-test} (the two behave the
 * same):
 * <ul>
 *   <li>{@code POST /webhook/{webhookId}/chat}: a chat trigger, speaking the protocol of n8n's chat widget
 *       ({@code @n8n/chat}): {@code {action: "sendMessage", sessionId, chatInput}} answers the workflow's reply
 *       (the last node's first item, e.g. {@code {"output": "..."}}), or streams newline-delimited JSON
 *       {@code begin} / {@code item} / {@code end} chunks when the trigger's {@code responseMode} is
 *       {@code streaming}; {@code {action: "loadPreviousSession", sessionId}} answers {@code {data: [...]}}, the
 *       session's messages in LangChain's serialised form, from the memory attached to the trigger.</li>
 *   <li>{@code /webhook/{path}}: webhook triggers, with n8n's {@code responseMode}s {@code onReceived},
 *       {@code lastNode} and {@code responseNode}.</li>
 * </ul>
 * They follow the nodes' own authentication (none, basic, header), not the server's API keys, and the nodes'
 * {@code allowedOrigins} for CORS. Errors are JSON in the server's error shape.
 */
public final class WorkflowEndpoints implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEndpoints.class);
    private static final String STARTED = "Workflow was started";

    private final WorkflowCatalog catalog;
    private final WorkflowRuns workflowRuns;
    private final Runs runs;
    private final long maxBodyBytes;

    /** The endpoints of {@code catalog}'s workflows, within {@code runs}' limits and {@code maxBodyBytes}. */
    public WorkflowEndpoints(WorkflowCatalog catalog, WorkflowRuns workflowRuns, Runs runs, long maxBodyBytes) {
        this.catalog = catalog;
        this.workflowRuns = workflowRuns;
        this.runs = runs;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/*", Safe.handler(this::handle));
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().path();
        String prefix = path.startsWith("/webhook-test/") ? "/webhook-test/" : "/webhook/";
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> segments = rest.isEmpty() ? List.of() : List.of(rest.split("/", -1));
        if (segments.size() == 2 && segments.get(1).equals("chat")) {
            ServedWorkflow workflow = catalog.chat(segments.get(0)).orElse(null);
            if (workflow != null) {
                chat(req, res, workflow, workflow.chat());
                return;
            }
        }
        webhook(req, res, segments, rest);
    }

    // ---- the chat trigger -----------------------------------------------------------------------------------

    private void chat(ServerRequest req, ServerResponse res, ServedWorkflow workflow, ChatHook hook) {
        if (preflight(req, res, hook.allowedOrigins(), "POST, OPTIONS")) {
            return;
        }
        if (!hook.open()) {
            throw new ApiException(ApiError.notFound("webhook_not_found", "the chat trigger of workflow '"
                    + workflow.id() + "' is not public; set its 'Make Chat Publicly Available' option (public) to"
                    + " true to serve it"));
        }
        if (!req.prologue().method().equals(Method.POST)) {
            res.header(HeaderNames.ALLOW, "POST, OPTIONS");
            throw new ApiException(new ApiError(405, "invalid_request_error", "method_not_allowed",
                    "the chat endpoint takes POST requests from n8n's chat widget; the hosted chat page is not served"
                            + " (embed @n8n/chat with this URL as its webhookUrl)"));
        }
        authenticate(req, res, hook.auth());
        if (req.headers().contentType().map(t -> t.mediaType().subtype().equals("form-data")).orElse(false)) {
            throw new ApiException(new ApiError(415, "invalid_request_error", "unsupported_media_type",
                    "file uploads are not supported; send the message as JSON"));
        }
        JsonNode body = parseJson(Bodies.read(req, maxBodyBytes));
        if (!(body instanceof ObjectNode request)) {
            throw bad("the request body must be a JSON object with 'action', 'sessionId' and 'chatInput'");
        }
        String action = text(request, "action", false);
        String session = text(request, "sessionId", true);
        try {
            SessionIds.requireValid(session);
        } catch (NodeExecutionException e) {
            throw new ApiException(ApiError.badRequest("'sessionId' is not a valid session id: " + e.getMessage()));
        }
        if ("loadPreviousSession".equals(action)) {
            Responses.json(res, 200, previousSession(workflow, hook, session));
            return;
        }
        if (action != null && !"sendMessage".equals(action)) {
            throw bad("'action' must be sendMessage or loadPreviousSession");
        }
        String message = text(request, "chatInput", true);
        RunRequest run = new RunRequest(hook.node().name(), message, session, request);
        if ("streaming".equals(hook.responseMode())) {
            stream(res, workflow, run, runs.acquire());
            return;
        }
        RunResult result;
        try (Runs.Permit permit = runs.acquire()) {
            result = workflowRuns.measured(workflow, "chat", () -> permit.run(() -> workflow.runner().run(run)));
        }
        if ("responseNode".equals(hook.responseMode())) {
            respond(res, workflow, result.webhookResponse());
        } else {
            Responses.json(res, 200, result.items().isEmpty() ? Json.object() : result.items().get(0).json());
        }
    }

    /** {@code {data: [...]}}: the session's user and assistant messages as LangChain serialises them. */
    private static ObjectNode previousSession(ServedWorkflow workflow, ChatHook hook, String session) {
        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        if (!"memory".equals(hook.loadPreviousSession())) {
            return body;
        }
        MemoryProvider memory = workflow.runner().memoryOf(hook.node().name()).orElse(null);
        if (memory == null) {
            return body;
        }
        for (Message message : memory.retrieve(session, 1000)) {
            boolean user = message.role() == Role.USER;
            boolean answer = message.role() == Role.ASSISTANT && !message.hasToolCalls();
            if ((user || answer) && message.content() != null && !message.content().isEmpty()) {
                ObjectNode item = data.addObject();
                item.put("lc", 1);
                item.put("type", "constructor");
                item.putArray("id").add("langchain_core").add("messages").add(user ? "HumanMessage" : "AIMessage");
                ObjectNode kwargs = item.putObject("kwargs");
                kwargs.put("content", message.content());
                kwargs.putObject("additional_kwargs");
                kwargs.putObject("response_metadata");
            }
        }
        return body;
    }

    /**
     * n8n's streaming response: newline-delimited JSON, {@code begin} when a node starts answering, an
     * {@code item} per piece of its answer, {@code end} when it is done; {@code error} when the run fails. A
     * workflow whose agents streamed nothing sends its whole answer as one item.
     */
    private void stream(ServerResponse res, ServedWorkflow workflow, RunRequest run, Runs.Permit permit) {
        try (permit) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header(HeaderNames.create("X-Accel-Buffering"), "no");
            SseStream out = SseStream.ndjson(res.outputStream());
            Set<String> begun = new HashSet<>();
            boolean[] streamed = {false};
            WorkflowRuns.Collector listener = new WorkflowRuns.Collector(node -> new StreamListener() {
                @Override
                public void onContent(String delta) {
                    if (begun.add(node.name())) {
                        out.send(chunk("begin", node, null));
                    }
                    streamed[0] = true;
                    out.send(chunk("item", node, delta));
                }
            }) {
                @Override
                public void nodeFinished(NodeSpec node, int items, long nanos) {
                    if (begun.remove(node.name())) {
                        out.send(chunk("end", node, null));
                    }
                }
            };
            RunResult result;
            try {
                result = workflowRuns.measured(workflow, "chat",
                        () -> permit.runAside(() -> workflow.runner().run(run, listener)));
            } catch (ApiException e) {
                out.send(error(run, e.error().message()));
                out.finish(false);
                return;
            } catch (NodeExecutionException e) {
                out.send(error(run, ApiError.of(e).message()));
                out.finish(false);
                return;
            }
            if (!streamed[0]) {
                NodeSpec last = workflow.workflow().node(result.lastNode());
                out.send(chunk("begin", last, null));
                out.send(chunk("item", last, WorkflowRuns.answer(result.items())));
                out.send(chunk("end", last, null));
            }
            out.finish(true);
        }
    }

    private static ObjectNode chunk(String type, NodeSpec node, String content) {
        ObjectNode chunk = Json.object().put("type", type);
        if (content != null) {
            chunk.put("content", content);
        }
        chunk.putObject("metadata").put("nodeId", node.id()).put("nodeName", node.name()).put("itemIndex", 0)
                .put("runIndex", 0).put("timestamp", System.currentTimeMillis());
        return chunk;
    }

    private static ObjectNode error(RunRequest run, String message) {
        ObjectNode chunk = Json.object().put("type", "error").put("content", message);
        chunk.putObject("metadata").put("nodeId", run.trigger()).put("timestamp", System.currentTimeMillis());
        return chunk;
    }

    // ---- webhook triggers -----------------------------------------------------------------------------------

    private void webhook(ServerRequest req, ServerResponse res, List<String> segments, String path) {
        List<WorkflowCatalog.Match> matches = catalog.webhooks(segments);
        if (matches.isEmpty()) {
            throw new ApiException(ApiError.notFound("webhook_not_found", "no served workflow has a webhook at '/"
                    + abbreviate(path) + "'"));
        }
        String method = req.prologue().method().text();
        Set<String> allowed = new java.util.TreeSet<>();
        WorkflowCatalog.Match match = null;
        for (WorkflowCatalog.Match candidate : matches) {
            allowed.addAll(candidate.hook().methods());
            if (match == null && candidate.hook().methods().contains(method)) {
                match = candidate;
            }
        }
        if (preflight(req, res, matches.get(0).hook().allowedOrigins(), String.join(", ", allowed) + ", OPTIONS")) {
            return;
        }
        if (match == null) {
            res.header(HeaderNames.ALLOW, String.join(", ", allowed));
            throw new ApiException(new ApiError(405, "invalid_request_error", "method_not_allowed", "the webhook at '/"
                    + abbreviate(path) + "' takes " + String.join(", ", allowed) + ", not " + abbreviate(method)));
        }
        Hook hook = match.hook();
        ServedWorkflow workflow = match.workflow();
        authenticate(req, res, hook.auth());
        ObjectNode item = Json.object();
        ObjectNode headers = item.putObject("headers");
        for (Header header : req.headers()) {
            headers.put(header.name().toLowerCase(Locale.ROOT), header.get());
        }
        ObjectNode params = item.putObject("params");
        match.params().forEach(params::put);
        ObjectNode query = item.putObject("query");
        for (String name : req.query().names()) {
            List<String> values = req.query().all(name);
            if (values.size() == 1) {
                query.put(name, values.get(0));
            } else {
                ArrayNode array = query.putArray(name);
                values.forEach(array::add);
            }
        }
        item.set("body", body(req));
        RunRequest run = new RunRequest(hook.node().name(), null, null, item);
        Runs.Permit permit = runs.acquire();
        if (hook.responseMode().equals("onReceived")) {
            background(workflow, run, permit);
            headers(res, hook.node());
            Responses.json(res, hook.responseCode(), Json.object().put("message", STARTED));
            return;
        }
        RunResult result;
        try (permit) {
            result = workflowRuns.measured(workflow, "webhook", () -> permit.run(() -> workflow.runner().run(run)));
        }
        if (hook.responseMode().equals("responseNode")) {
            respond(res, workflow, result.webhookResponse());
            return;
        }
        headers(res, hook.node());
        List<Item> items = result.items();
        switch (hook.responseData()) {
            case "noData" -> res.status(Status.create(hook.responseCode())).send();
            case "allEntries" -> {
                ArrayNode all = Json.MAPPER.createArrayNode();
                items.forEach(i -> all.add(i.json()));
                Responses.json(res, hook.responseCode(), all);
            }
            default -> Responses.json(res, hook.responseCode(), items.isEmpty() ? Json.object() : items.get(0).json());
        }
    }

    /** {@code onReceived}: the run goes on after the answer, holding its permit until it ends. */
    private void background(ServedWorkflow workflow, RunRequest run, Runs.Permit permit) {
        String requestId = MDC.get("requestId");
        Thread.ofVirtual().name("webhook-run").start(() -> {
            MDC.put("requestId", requestId == null ? "" : requestId);
            try (permit) {
                workflowRuns.measured(workflow, "webhook", () -> permit.runAside(() -> workflow.runner().run(run)));
            } catch (ApiException e) {
                LOG.warn("workflow {} (started by its webhook) failed: {}", workflow.id(), e.error().message());
            } catch (NodeExecutionException e) {
                LOG.warn("workflow {} (started by its webhook) failed: {}: {}", workflow.id(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("workflow {} (started by its webhook) failed unexpectedly", workflow.id(), e);
            } finally {
                MDC.remove("requestId");
            }
        });
    }

    /** The answer of a {@code respondToWebhook} node. */
    private static void respond(ServerResponse res, ServedWorkflow workflow, WebhookResponse response) {
        if (response == null) {
            throw new ApiException(new ApiError(500, "server_error", "no_webhook_response", "workflow '"
                    + workflow.id() + "' finished without running a Respond to Webhook node, so it has no answer"));
        }
        boolean typed = false;
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            res.header(HeaderNames.create(header.getKey()), header.getValue());
            typed |= header.getKey().equalsIgnoreCase("content-type");
        }
        res.status(Status.create(response.status()));
        if (response.body() != null) {
            if (!typed) {
                res.header(HeaderNames.CONTENT_TYPE, Responses.JSON);
            }
            res.send(Json.write(response.body()).getBytes(StandardCharsets.UTF_8));
        } else if (response.text() != null) {
            if (!typed) {
                res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            }
            res.send(response.text().getBytes(StandardCharsets.UTF_8));
        } else {
            res.send();
        }
    }

    /** The webhook node's {@code options.responseHeaders}. */
    private static void headers(ServerResponse res, NodeSpec node) {
        JsonNode entries = node.parameter("options.responseHeaders.entries");
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                String name = entry.path("name").asText("").strip();
                if (!name.isEmpty() && !name.startsWith("=")) {
                    res.header(HeaderNames.create(name), entry.path("value").asText(""));
                }
            }
        }
    }

    /** The request body as n8n's webhook gives it: JSON, form fields, else the text; {} when empty. */
    private JsonNode body(ServerRequest req) {
        byte[] bytes = Bodies.read(req, maxBodyBytes);
        if (bytes.length == 0) {
            return Json.object();
        }
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("").toLowerCase(Locale.ROOT);
        if (type.endsWith("/json") || type.endsWith("+json")) {
            return parseJson(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (type.equals("application/x-www-form-urlencoded")) {
            ObjectNode form = Json.object();
            for (String pair : text.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                form.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            return form;
        }
        if (type.startsWith("multipart/")) {
            throw new ApiException(new ApiError(415, "invalid_request_error", "unsupported_media_type",
                    "multipart bodies (file uploads) are not supported; send JSON, form fields or text"));
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("the form body is not valid URL encoding");
        }
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /** Adds CORS headers for an allowed origin; answers a preflight (returns true then). */
    private static boolean preflight(ServerRequest req, ServerResponse res, List<String> origins, String methods) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        boolean allowed = origin != null && (origins.contains("*") || origins.contains(origin));
        if (allowed) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origins.contains("*") ? "*" : origin);
            res.header(HeaderNames.create("Vary"), "Origin");
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id, Retry-After");
        }
        if (!req.prologue().method().equals(Method.OPTIONS)) {
            return false;
        }
        if (allowed) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, req.headers()
                    .first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS).orElse("Content-Type, Authorization"));
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        res.status(204).send();
        return true;
    }

    /** The node's authentication: basic (401 without credentials, 403 with wrong ones) or a header (403). */
    private static void authenticate(ServerRequest req, ServerResponse res, Auth auth) {
        switch (auth) {
            case Auth.None none -> {
                // open, as the node says
            }
            case Auth.Basic basic -> {
                String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
                if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
                    res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Webhook\"");
                    throw new ApiException(new ApiError(401, "invalid_request_error", "unauthorized",
                            "this endpoint needs HTTP basic authentication"));
                }
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = "";
                }
                int colon = decoded.indexOf(':');
                boolean user = same(colon < 0 ? "" : decoded.substring(0, colon),
                        basic.credential().get("user").orElse(""));
                boolean password = same(colon < 0 ? "" : decoded.substring(colon + 1),
                        basic.credential().get("password").orElse(""));
                if (colon < 0 || !(user && password)) {
                    throw forbidden();
                }
            }
            case Auth.Header header -> {
                String name = header.credential().get("name").orElse("");
                String given = req.headers().first(HeaderNames.create(name)).orElse("");
                if (!same(given, header.credential().get("value").orElse(""))) {
                    throw forbidden();
                }
            }
        }
    }

    /** Compares in constant time (digests of equal length, every byte compared). */
    private static boolean same(String given, String expected) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ApiException forbidden() {
        return new ApiException(new ApiError(403, "invalid_request_error", "forbidden", "authorization data is wrong"));
    }

    private static JsonNode parseJson(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(ApiError.invalidJson("the request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new ApiException(ApiError.invalidJson("the request body cannot be read as JSON"));
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw bad("'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw bad("'" + field + "' must be a string");
        }
        if (required && value.textValue().isEmpty()) {
            throw bad("'" + field + "' must not be empty");
        }
        return value.textValue();
    }

    private static ApiException bad(String message) {
        return new ApiException(ApiError.badRequest(message));
    }

    private static String abbreviate(String text) {
        String plain = text.replaceAll("\\p{Cntrl}", "?");
        return plain.length() <= 64 ? plain : plain.substring(0, 61) + "...";
    }

}
