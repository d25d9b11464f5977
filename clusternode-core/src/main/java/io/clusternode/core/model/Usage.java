package io.clusternode.core.model;

import org.jspecify.annotations.Nullable;

/**
 * Token usage of one or more model calls.
 *
 * @param promptTokens           tokens in the request
 * @param completionTokens       tokens in the reply
 * @param totalTokens            prompt plus completion
 * @param promptCacheHitTokens   prompt tokens served from the endpoint's context cache (DeepSeek), else 0
 * @param promptCacheMissTokens  prompt tokens not served from that cache (DeepSeek), else 0
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens,
                    long promptCacheHitTokens, long promptCacheMissTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, 0, 0);
    }

    /** This usage plus {@code other}; null adds nothing. */
    public Usage plus(@Nullable Usage other) {
        if (other == null || other.equals(ZERO)) {
            return this;
        }
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens, promptCacheHitTokens + other.promptCacheHitTokens,
                promptCacheMissTokens + other.promptCacheMissTokens);
    }
}
