package io.clusternode.mcp;

import java.util.Set;

/**
 * Which of a server's tools an agent gets, as n8n's MCP Client Tool offers it: all of them, only the selected
 * ones, or all except some.
 *
 * @param mode which rule applies
 * @param names the tools the rule names (ignored for {@link Mode#ALL})
 */
public record ToolFilter(Mode mode, Set<String> names) {

    /** n8n's {@code include} values: {@code all}, {@code selected} and {@code except}. */
    public enum Mode { ALL, SELECTED, EXCEPT }

    public ToolFilter {
        names = Set.copyOf(names);
    }

    public static ToolFilter all() {
        return new ToolFilter(Mode.ALL, Set.of());
    }

    public static ToolFilter selected(Set<String> names) {
        return new ToolFilter(Mode.SELECTED, names);
    }

    public static ToolFilter except(Set<String> names) {
        return new ToolFilter(Mode.EXCEPT, names);
    }

    /** Whether a tool of this name is kept. */
    public boolean includes(String name) {
        return switch (mode) {
            case ALL -> true;
            case SELECTED -> names.contains(name);
            case EXCEPT -> !names.contains(name);
        };
    }
}
