package io.clusternode.memory.redis;

import io.clusternode.core.memory.SharedStoreMemoryContract;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.testing.RequiredServices;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Redis memory against the shared contract, on the machine's server (127.0.0.1:6379). Each test uses its own
 * key prefix, whose keys are deleted afterwards.
 */
class RedisMemoryContractTest extends SharedStoreMemoryContract {

    private final RedisKeys keys = new RedisKeys();

    @BeforeEach
    void requireRedis() {
        RequiredServices.requireRedis();
    }

    @AfterEach
    void deleteKeys() {
        keys.deleteAll();
    }

    @Override
    protected MemoryProvider create(int maxMessages, Duration ttl, Clock clock) {
        RedisMemoryOptions options = RedisMemoryOptions.defaults().withMaxMessages(maxMessages).withTtl(ttl)
                .withKeyPrefix(keys.newPrefix());
        return new RedisMemory(RedisKeys.CONNECTION, options, clock);
    }

    @Override
    protected MemoryProvider createSecondInstance(MemoryProvider first) {
        return new RedisMemory(RedisKeys.CONNECTION, ((RedisMemory) first).options(), clock());
    }
}
