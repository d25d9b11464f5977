/**
 * Runs n8n workflow JSON: {@link io.clusternode.workflow.Workflow} loads and checks a file,
 * {@link io.clusternode.workflow.Workflow#bind} gives a thread-safe {@link io.clusternode.workflow.WorkflowRunner}
 * that runs it with n8n's item model and v1 execution order.
 */
package io.clusternode.workflow;
