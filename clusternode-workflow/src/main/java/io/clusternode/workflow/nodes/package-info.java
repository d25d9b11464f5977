/** The built-in node types: triggers, core nodes, the AI Agent and its chat model, memory and tool sub-nodes. */
package io.clusternode.workflow.nodes;
