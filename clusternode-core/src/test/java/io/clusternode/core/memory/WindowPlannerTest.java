package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner against the rule it plans, applied one message at a time. */
class WindowPlannerTest {

    @Test
    void planMatchesAppendingOneMessageAtATime() {
        Random random = new Random(42);
        for (int max = 1; max <= 50; max++) {
            List<Message> naive = new ArrayList<>();
            PlannedWindow planned = new PlannedWindow(max);
            for (int turn = 0; turn < 30; turn++) {
                List<Message> messages = RandomConversation.turn(random, turn, 60);
                planned.store(messages);
                for (Message message : messages) {
                    if (message.role() == Role.SYSTEM) {
                        continue;
                    }
                    boolean evicted = false;
                    if (naive.size() == max) {
                        naive.remove(0);
                        evicted = true;
                    }
                    naive.add(message);
                    while (evicted && !naive.isEmpty() && naive.get(0).role() == Role.TOOL) {
                        naive.remove(0);
                    }
                }
                List<Message> window = planned.retrieve(Integer.MAX_VALUE).stream()
                        .filter(m -> m.role() != Role.SYSTEM).toList();
                List<Message> naiveRetrieved = WindowPlanner.retrieved(List.of(), naive);
                assertThat(window).as("window %d, turn %d", max, turn).containsExactlyElementsOf(naiveRetrieved);
            }
        }
    }

    @Test
    void asksForMoreRolesWhenItsPrefixRunsOut() {
        // Held: assistant, tool, tool, tool; a new user message evicts the assistant and its orphan results.
        boolean[] heldIsTool = {false, true, true, true};
        assertThat(WindowPlanner.firstSurvivor(4, 2, p -> heldIsTool[p], new boolean[] {false}, 4))
                .isEqualTo(WindowPlanner.NEED_MORE);
        assertThat(WindowPlanner.firstSurvivor(4, 4, p -> heldIsTool[p], new boolean[] {false}, 4)).isEqualTo(4);
        assertThat(WindowPlanner.firstSurvivor(4, 0, p -> heldIsTool[p], new boolean[] {false}, 5)).isZero();
    }

    @Test
    void retrievedSkipsLeadingToolResultsOnly() {
        Message system = Message.system("s");
        Message tool = Message.toolResult("c", "r");
        Message user = Message.user("u");
        assertThat(WindowPlanner.retrieved(List.of(system), List.of(tool, tool, user, tool)))
                .containsExactly(system, user, tool);
        assertThat(WindowPlanner.retrieved(List.of(), List.of(tool))).isEmpty();
    }
}
