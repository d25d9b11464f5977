package io.clusternode.js;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contexts of one sandbox. A new context costs milliseconds (its global object and the prelude), a warm
 * evaluation microseconds, so contexts are reused: an evaluation takes an idle one (or creates one) and gives it
 * back. A pool rather than one context per thread because runs are virtual threads: a thread-local context
 * would be created for nearly every run. The most recently used context is taken first, so its compiled
 * functions are the warmest; at most {@code maxIdleContexts} are kept, extra ones made under load are closed.
 */
final class ContextPool {

    private final JsSandbox.Limits limits;
    private final ConcurrentLinkedDeque<PooledContext> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    ContextPool(JsSandbox.Limits limits) {
        this.limits = limits;
        // Starts the engine and proves a context can be made, so a broken installation fails on first use
        // with its real cause rather than in the middle of an evaluation.
        release(new PooledContext(limits));
    }

    Object execute(Script script, List<Object> values) {
        PooledContext context = borrow();
        try {
            return context.execute(script, values);
        } finally {
            release(context);
        }
    }

    private PooledContext borrow() {
        PooledContext context = idle.pollFirst();
        if (context == null) {
            return new PooledContext(limits);
        }
        idleCount.decrementAndGet();
        return context;
    }

    private void release(PooledContext context) {
        if (context.broken() || idleCount.incrementAndGet() > limits.maxIdleContexts()) {
            if (!context.broken()) {
                idleCount.decrementAndGet();
            }
            context.close();
            return;
        }
        idle.offerFirst(context);
    }
}
