package io.clusternode.core.memory;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import java.util.List;

/**
 * The size every memory backend reports for its messages ({@code sessions list}, {@link
 * io.clusternode.core.model.SessionStats#approximateBytes()}): the UTF-8 bytes of the content, of each tool
 * call's id, name and arguments, and of the tool-call id. It is what the user's data weighs, the same in
 * every backend, without any backend's encoding overhead.
 */
public final class StoredSize {

    private StoredSize() {
    }

    /** The UTF-8 size of a message's content, tool calls and tool-call id. */
    public static long of(Message message) {
        long bytes = utf8(message.content());
        List<ToolCall> calls = message.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            bytes += utf8(call.id()) + utf8(call.name()) + utf8(call.arguments());
        }
        if (message.toolCallId() != null) {
            bytes += utf8(message.toolCallId());
        }
        return bytes;
    }

    /** UTF-8 length without encoding the string. */
    static long utf8(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

}
