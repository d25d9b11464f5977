package io.clusternode.core.model;

import java.util.Locale;

/** Who wrote a {@link Message}. The wire names are the lower-case names used by OpenAI-style APIs. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Role fromWireName(String name) {
        return switch (name) {
            case "system" -> SYSTEM;
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            case "tool" -> TOOL;
            default -> throw new IllegalArgumentException("unknown message role '" + name + "'");
        };
    }
}
