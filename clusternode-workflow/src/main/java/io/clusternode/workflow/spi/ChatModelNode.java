package io.clusternode.workflow.spi;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.spi.LlmProvider;

/** A chat model sub-node: supplies its root node with a provider and the call settings. */
public interface ChatModelNode extends WorkflowNode {

    /** The model for one root-node run; return the same provider instance whenever the settings are the same. */
    Supply model(SubNodeScope scope);

    /**
     * @param provider the model
     * @param config   model name and sampling parameters the node sets (null fields: the endpoint's defaults)
     */
    record Supply(LlmProvider provider, LlmConfig config) {
    }
}
