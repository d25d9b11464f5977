package io.clusternode.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How to start a run.
 *
 * @param trigger   name of the trigger node to start from; null picks one (a chat trigger for a message, else a
 *                  webhook when there is input, else the manual trigger, else the only trigger)
 * @param message   the chat message ({@code chatInput} of a chat trigger); null for none
 * @param sessionId the chat session; null for {@value io.clusternode.core.model.AgentConfig#DEFAULT_SESSION}
 * @param input     the trigger's item, e.g. a webhook's {@code {"body": {...}}}; null for none
 */
public record RunRequest(String trigger, String message, String sessionId, ObjectNode input) {

    /** A chat message on a session. */
    public static RunRequest chat(String message, String sessionId) {
        return new RunRequest(null, message, sessionId, null);
    }

    /** A run with the trigger item {@code input}. */
    public static RunRequest of(ObjectNode input) {
        return new RunRequest(null, null, null, input);
    }

    /** This request starting from the named trigger. */
    public RunRequest withTrigger(String name) {
        return new RunRequest(name, message, sessionId, input);
    }
}
