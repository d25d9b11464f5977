package io.clusternode.workflow.expression;

import io.clusternode.workflow.Item;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** What expressions read from the run they are evaluated in. Implemented by the engine's execution. */
public interface RunData {

    /** The items a node emitted in this run, or null when it has not run (yet). */
    List<Item> outputOf(String nodeName);

    /** Whether the workflow has a node of that name. */
    boolean hasNode(String nodeName);

    /** The parameters of a node, as written. */
    com.fasterxml.jackson.databind.JsonNode parametersOf(String nodeName);

    String executionId();

    String workflowId();

    String workflowName();

    /** When the run started, in the run's time zone ({@code $now}). */
    ZonedDateTime startedAt();

    /** The environment {@code $env} shows, or null when access to it is off. */
    Map<String, String> environment();
}
