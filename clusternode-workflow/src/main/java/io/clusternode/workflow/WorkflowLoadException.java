package io.clusternode.workflow;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.List;

/**
 * A workflow that cannot run, with every problem found at load time: one line each, e.g.
 * {@code UNSUPPORTED_NODE: node 'SerpAPI' (@n8n/n8n-nodes-langchain.toolSerpApi v1) is not supported}. The
 * code is the first problem's.
 */
public final class WorkflowLoadException extends NodeExecutionException {

    /** One problem: its code and a message naming the node. */
    public record Problem(ErrorCode code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }

    private final List<Problem> problems;

    public WorkflowLoadException(List<Problem> problems) {
        super(problems.get(0).code(), join(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String join(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        StringBuilder out = new StringBuilder(problems.get(0).message());
        for (int i = 1; i < problems.size(); i++) {
            out.append('\n').append(problems.get(i));
        }
        return out.toString();
    }
}
