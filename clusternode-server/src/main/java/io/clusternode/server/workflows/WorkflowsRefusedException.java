package io.clusternode.server.workflows;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.List;

/**
 * The served workflows cannot all be served: every problem of every file, one line each, each line starting with
 * the file's name, e.g. {@code search.json: UNSUPPORTED_NODE: node 'SerpAPI' (...) is not supported}.
 */
public final class WorkflowsRefusedException extends NodeExecutionException {

    private final List<String> problems;

    /** @param problems one line per problem, each naming its file */
    public WorkflowsRefusedException(String directory, List<String> problems) {
        super(ErrorCode.INVALID_WORKFLOW, "cannot serve the workflows in " + directory + ":\n"
                + String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the file's name. */
    public List<String> problems() {
        return problems;
    }
}
