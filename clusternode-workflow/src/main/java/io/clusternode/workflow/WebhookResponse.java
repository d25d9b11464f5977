package io.clusternode.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * The answer a {@code respondToWebhook} node gave during a run, for the server to send to the webhook's caller.
 *
 * @param node        the respond node's name
 * @param respondWith n8n's {@code respondWith}: {@code firstIncomingItem}, {@code allIncomingItems}, {@code json},
 *                    {@code text} or {@code noData}
 * @param status      the HTTP status ({@code options.responseCode}, 200 by default)
 * @param headers     extra response headers ({@code options.responseHeaders})
 * @param body        the JSON body ({@code firstIncomingItem}, {@code allIncomingItems}, {@code json}); null otherwise
 * @param text        the text body ({@code text}); null otherwise
 */
public record WebhookResponse(String node, String respondWith, int status, Map<String, String> headers, JsonNode body,
                              String text) {

    public WebhookResponse {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(respondWith, "respondWith");
        headers = Map.copyOf(headers);
    }
}
