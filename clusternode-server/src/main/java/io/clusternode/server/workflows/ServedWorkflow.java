package io.clusternode.server.workflows;

import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.model.NodeSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One served workflow: loaded, bound to its credentials, with what its triggers offer over HTTP.
 *
 * @param id       its id on the server: the file name without {@code .json}; its {@code model} name when it
 *                 takes chat messages
 * @param file     the workflow file
 * @param runner   the bound workflow (shared by every run)
 * @param chatNode its chat trigger (chatTrigger or manualChatTrigger), or null: then it is not a model
 * @param chat     its chat trigger's webhook (a {@code chatTrigger} with a webhook id), or null
 * @param webhooks its webhook triggers
 */
public record ServedWorkflow(String id, Path file, WorkflowRunner runner, NodeSpec chatNode, ChatHook chat,
                             List<Hook> webhooks) {

    public ServedWorkflow {
        webhooks = List.copyOf(webhooks);
    }

    /** The workflow as loaded. */
    public Workflow workflow() {
        return runner.workflow();
    }

    /** Whether it is offered as a model of the OpenAI API. */
    public boolean chatModel() {
        return chatNode != null;
    }

    /** A webhook's authentication as its node sets it. */
    public sealed interface Auth {
        /** Open to anyone who reaches the server. */
        record None() implements Auth {
        }

        /** HTTP basic authentication against an {@code httpBasicAuth} credential. */
        record Basic(Credential credential) implements Auth {
        }

        /** A header ({@code httpHeaderAuth}'s {@code name}) that must carry the credential's {@code value}. */
        record Header(Credential credential) implements Auth {
        }
    }

    /**
     * A chat trigger's endpoint, {@code POST /webhook/{webhookId}/chat}.
     *
     * @param node                the chat trigger
     * @param webhookId           its {@code webhookId}
     * @param open                its {@code public} flag: false answers 404, as n8n's production URL does
     * @param responseMode        {@code lastNode}, {@code streaming}, or answered by a Respond to Webhook node
     * @param allowedOrigins      {@code options.allowedOrigins}, split on commas ({@code *} by default)
     * @param auth                none or basic
     * @param loadPreviousSession {@code options.loadPreviousSession}: {@code memory} answers from the memory
     *                            attached to the trigger; anything else with no messages
     */
    public record ChatHook(NodeSpec node, String webhookId, boolean open, String responseMode,
                           List<String> allowedOrigins, Auth auth, String loadPreviousSession) {
        public ChatHook {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

    /**
     * A webhook trigger's endpoint, {@code /webhook/{path}} and {@code /webhook-test/{path}}.
     *
     * @param node           the webhook node
     * @param methods        the HTTP methods it answers ({@code httpMethod}, GET by default)
     * @param segments       its path split on '/'; a segment starting with ':' is a path parameter
     * @param responseMode   {@code onReceived}, {@code lastNode}, or answered by a Respond to Webhook node
     * @param responseData   for {@code lastNode}: {@code firstEntryJson}, {@code allEntries} or {@code noData}
     * @param responseCode   the status of {@code onReceived} and {@code lastNode} answers
     * @param allowedOrigins {@code options.allowedOrigins} ({@code *} by default)
     * @param auth           none, basic or header
     */
    public record Hook(NodeSpec node, List<String> methods, List<String> segments, String responseMode,
                       String responseData, int responseCode, List<String> allowedOrigins, Auth auth) {
        public Hook {
            methods = List.copyOf(methods);
            segments = List.copyOf(segments);
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        /** The path as written, e.g. {@code orders/:id}. */
        public String path() {
            return String.join("/", segments);
        }
    }
}
