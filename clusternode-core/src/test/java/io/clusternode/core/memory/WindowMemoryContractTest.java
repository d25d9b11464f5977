package io.clusternode.core.memory;

import io.clusternode.core.spi.MemoryProvider;
import java.time.Clock;
import java.time.Duration;

/** The in-process window memory against the shared memory contract. */
class WindowMemoryContractTest extends MemoryProviderContract {

    @Override
    protected MemoryProvider create(int maxMessages, Duration ttl, Clock clock) {
        return WindowMemory.builder().maxMessages(maxMessages).ttl(ttl).clock(clock).build();
    }
}
