package io.clusternode.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import java.util.Objects;

/**
 * One n8n item: a JSON object flowing from node to node, with the index of the input item it came from.
 *
 * <p>The JSON object is shared, never copied, between the nodes that read it: treat it as read-only. A node
 * that changes data builds a new object (see {@link #derive}).
 *
 * @param json        the item's data (n8n's {@code json})
 * @param pairedItem  index of the input item this item was made from (n8n's {@code pairedItem.item}); 0 for
 *                    trigger items
 * @param node        name of the node that produced the item
 * @param origin      the input item it was made from, null for trigger items; followed by
 *                    {@code $('Node').item} to find the item of an earlier node
 */
public record Item(ObjectNode json, int pairedItem, String node, Item origin) {

    public Item {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(node, "node");
    }

    /** An item a trigger produced. */
    public static Item trigger(String node, ObjectNode json) {
        return new Item(json, 0, node, null);
    }

    /** An item {@code node} made from {@code input}, the {@code index}-th item of its input. */
    public static Item derive(String node, ObjectNode json, Item input, int index) {
        return new Item(json, index, node, input);
    }

    /** The item n8n shows: {@code {"json": {...}, "pairedItem": {"item": n}}}. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.set("json", json);
        out.putObject("pairedItem").put("item", pairedItem);
        return out;
    }

    /** The item this one descends from that {@code nodeName} produced, or null when there is none. */
    public Item ancestorFrom(String nodeName) {
        for (Item current = this; current != null; current = current.origin) {
            if (current.node.equals(nodeName)) {
                return current;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Item[node=" + node + ", pairedItem=" + pairedItem + ", json=" + json + "]";
    }
}
