package io.clusternode.workflow;

import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.NodeRole;
import io.clusternode.workflow.spi.NodeRun;
import io.clusternode.workflow.spi.NodeTypeFactory;
import io.clusternode.workflow.spi.WorkflowNode;
import java.util.List;
import java.util.Set;

/** A disabled node in the item flow: as in n8n, its input items go on unchanged on its first output. */
final class DisabledNode implements MainNode {

    static final NodeTypeFactory FACTORY = new NodeTypeFactory() {
        @Override
        public Set<String> types() {
            return Set.of();
        }

        @Override
        public NodeRole role(NodeSpec node) {
            return NodeRole.MAIN;
        }

        @Override
        public WorkflowNode create(NodeContext context) {
            return new DisabledNode();
        }
    };

    @Override
    public List<List<Item>> execute(NodeRun run) {
        return List.of(run.input());
    }
}
