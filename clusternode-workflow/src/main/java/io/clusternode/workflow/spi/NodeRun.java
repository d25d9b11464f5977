package io.clusternode.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunListener;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.model.NodeSpec;
import java.util.List;

/** One execution of a node in a run: its input items and its parameters resolved against them. */
public interface NodeRun {

    NodeSpec node();

    List<Item> input();

    /**
     * A parameter (dotted path, e.g. {@code options.systemMessage}) with its expressions evaluated for the
     * input item at {@code itemIndex}; a missing node when absent.
     */
    JsonNode parameter(String path, int itemIndex);

    /** What expressions see for the input item at {@code itemIndex}. */
    ExpressionScope scope(int itemIndex);

    /** What the node's sub-nodes see: the first input item, as n8n resolves sub-node parameters. */
    SubNodeScope subNodes(int itemIndex);

    Expressions expressions();

    RunListener listener();

    /** The session id the run was started with ({@code --session}), or null. */
    String requestedSession();

    /**
     * Gives the answer for the caller of the webhook that started the run ({@code respondToWebhook}); the first
     * answer of a run counts, later ones are ignored, as in n8n.
     */
    default void respond(io.clusternode.workflow.WebhookResponse response) {
    }
}
