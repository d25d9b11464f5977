package io.clusternode.workflow;

import io.clusternode.workflow.model.NodeSpec;

/**
 * What the engine does with one node of a workflow file ({@code clusternode workflow validate}).
 *
 * @param node   the node
 * @param state  supported, ignored or unsupported
 * @param reason why it is ignored or unsupported; the role for a supported node
 */
public record NodeStatus(NodeSpec node, State state, String reason) {

    public enum State { SUPPORTED, IGNORED, UNSUPPORTED }
}
