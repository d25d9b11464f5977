package io.clusternode.core.memory;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random conversation turns for differential tests of the window rule: users, assistants, the occasional
 * system message, and tool-call runs of up to 40 results (longer than any backend's look-ahead), sometimes
 * starting a turn with tool results so eviction must chase them. Every content is unique.
 */
public final class RandomConversation {

    private RandomConversation() {
    }

    /** One turn of 1..{@code maxLength} messages. */
    public static List<Message> turn(Random random, int turn, int maxLength) {
        int length = 1 + random.nextInt(maxLength);
        List<Message> messages = new ArrayList<>(length);
        int i = 0;
        while (messages.size() < length) {
            String tag = "t" + turn + "m" + i++;
            int kind = random.nextInt(20);
            if (kind == 0) {
                messages.add(Message.system("system " + tag));
            } else if (kind < 7) {
                messages.add(Message.user("user " + tag));
            } else if (kind < 11) {
                messages.add(Message.assistant("assistant " + tag));
            } else {
                int results = random.nextInt(4) == 0 ? 17 + random.nextInt(24) : 1 + random.nextInt(3);
                if (kind != 19) {
                    messages.add(Message.assistant("", List.of(new ToolCall("c-" + tag, "calculator", "{}"))));
                }
                for (int r = 0; r < results && messages.size() < length; r++) {
                    messages.add(Message.toolResult("c-" + tag, "result " + tag + "." + r));
                }
            }
        }
        return messages;
    }
}
