/** Nodes and connections of a workflow file, as written. */
package io.clusternode.workflow.model;
