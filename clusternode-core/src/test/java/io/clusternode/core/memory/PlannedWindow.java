package io.clusternode.core.memory;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import java.util.ArrayList;
import java.util.List;

/** The reference for differential tests: {@link WindowPlanner} applied to plain lists. */
public final class PlannedWindow {

    private final int maxMessages;
    private final List<Message> system = new ArrayList<>();
    private List<Message> window = new ArrayList<>();

    public PlannedWindow(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Stores one turn as a backend must. */
    public void store(List<Message> messages) {
        boolean[] newIsTool = WindowPlanner.nonSystemToolFlags(messages);
        List<Message> held = window;
        int first = WindowPlanner.firstSurvivor(held.size(), held.size(),
                position -> held.get(position).role() == Role.TOOL, newIsTool, maxMessages);
        List<Message> next = new ArrayList<>(held.subList(Math.min(first, held.size()), held.size()));
        int position = held.size();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                system.add(message);
            } else if (position++ >= first) {
                next.add(message);
            }
        }
        window = next;
    }

    /** Messages held: system ones plus the window. */
    public int heldCount() {
        return system.size() + window.size();
    }

    /** What {@code retrieve(count)} must return. */
    public List<Message> retrieve(int count) {
        int n = Math.min(count, window.size());
        return WindowPlanner.retrieved(system, window.subList(window.size() - n, window.size()));
    }
}
