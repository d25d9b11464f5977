package io.clusternode.workflow.spi;

import io.clusternode.workflow.Item;
import java.util.List;

/** A node that takes items on its {@code main} input and emits items on its outputs. */
public interface MainNode extends WorkflowNode {

    /**
     * Runs the node once over all its input items.
     *
     * @return one list of items per output (most nodes have one output; {@code if} has two); an empty list
     *         stops that branch
     */
    List<List<Item>> execute(NodeRun run);
}
