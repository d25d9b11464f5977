package io.clusternode.core.spi;

/**
 * Receives the pieces of a streamed model answer as they arrive. Called on the calling thread, in order.
 */
public interface StreamListener {

    /** A listener that ignores everything; agents skip streaming entirely when given it. */
    StreamListener NONE = new StreamListener() { };

    /** A piece of the answer text. */
    default void onContent(String delta) {
    }

    /** A piece of the reasoning text of a reasoning model. */
    default void onReasoning(String delta) {
    }
}
