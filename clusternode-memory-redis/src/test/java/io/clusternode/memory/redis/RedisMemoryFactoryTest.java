package io.clusternode.memory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.MemoryOptions;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.BlackHoleServer;
import io.clusternode.core.testing.RequiredServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Selecting the Redis memory by specification, its key layout and its handling of secrets. */
class RedisMemoryFactoryTest {

    @Test
    void parsesEveryPartOfTheSpecification() {
        RedisMemory memory = RedisMemoryFactory.parse(
                "rediss://app:p%40ss@cache.example:6380/3?prefix=cn:&ttl=3600&max=50&pool=4", Settings.empty());
        assertThat(memory.connection()).isEqualTo(new RedisConnection("cache.example", 6380, "app", "p@ss", 3, true));
        assertThat(memory.options()).isEqualTo(new RedisMemoryOptions(new MemoryOptions(50, Duration.ofHours(1)), 4,
                "cn:", RedisMemoryOptions.DEFAULT_TIMEOUT));
        assertThat(memory.toString()).doesNotContain("p@ss").contains("cache.example:6380");

        RedisMemory defaults = RedisMemoryFactory.parse("redis://:secret@localhost",
                Settings.of(Map.of("MEMORY_TTL_SECONDS", "0")));
        assertThat(defaults.connection()).isEqualTo(new RedisConnection("localhost", 6379, null, "secret", 0, false));
        assertThat(defaults.options().ttl()).isZero();
        assertThat(defaults.options().keyPrefix()).isEqualTo(RedisMemoryOptions.DEFAULT_KEY_PREFIX);

        RedisMemory fromSettings = RedisMemoryFactory.parse("redis://localhost",
                Settings.of(Map.of("REDIS_PASSWORD", "fromenv")));
        assertThat(fromSettings.connection().password()).isEqualTo("fromenv");
    }

    @Test
    void rejectsBadSpecificationsWithoutShowingThePassword() {
        for (String spec : List.of("redis://:hunter2@localhost?colour=blue", "redis://default:hunter2@localhost?max=1&max=2",
                "redis://:hunter2@localhost/notanumber", "redis://:hunter2@localhost?timeout=soon")) {
            assertThatThrownBy(() -> Providers.memory(spec, Settings.empty()))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageNotContaining("hunter2");
        }
        assertThatThrownBy(() -> Providers.memory("redis://:hunter2@localhost?colour=blue", Settings.empty()))
                .hasMessageContaining("colour").hasMessageContaining("redis://:***@localhost");
        assertThatThrownBy(() -> Providers.memory("redis://localhost?max=0", Settings.empty()))
                .hasMessageContaining("max messages");
        assertThatThrownBy(() -> Providers.memory("redis://localhost?max=1&max=2", Settings.empty()))
                .hasMessageContaining("'max' twice");
        RedisMemory withSecret = RedisMemoryFactory.parse("redis://default:hunter2@localhost", Settings.empty());
        assertThat(withSecret.toString()).doesNotContain("hunter2").contains("password set");
    }

    @Test
    void aServerThatNeverAnswersFailsWithATimeout() throws Exception {
        try (BlackHoleServer blackHole = new BlackHoleServer();
             MemoryProvider memory = Providers.memory("redis://:pw-SECRET@127.0.0.1:" + blackHole.port() + "?timeout=1",
                     Settings.empty())) {
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("x"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                    .hasMessageContaining("127.0.0.1:" + blackHole.port())
                    .hasMessageNotContaining("pw-SECRET");
            assertThat(blackHole.acceptedCount()).isPositive();
        }
    }

    @Test
    void aBatchIsOnePipelineAndEachTurnStaysWhole() {
        RequiredServices.requireRedis();
        RedisKeys keys = new RedisKeys();
        String prefix = keys.newPrefix();
        try (MemoryProvider memory = Providers.memory("redis://127.0.0.1:6379?max=3&prefix=" + prefix,
                Settings.empty());
             RedisClient redis = RedisClient.create("127.0.0.1", 6379)) {
            memory.storeBatch(Map.of("a", List.of(Message.user("1"), Message.assistant("2")),
                    "b", List.of(Message.user("3"), Message.assistant("4"), Message.user("5"), Message.assistant("6"))));
            assertThat(redis.llen(prefix + "w:a")).isEqualTo(2);
            assertThat(redis.llen(prefix + "w:b")).isEqualTo(3);
            // The server forgets its scripts (as after a restart): the next batch loads them again.
            redis.scriptFlush();
            memory.storeBatch(Map.of("a", List.of(Message.user("7"))));
            assertThat(memory.retrieve("a", 10)).containsExactly(Message.user("1"), Message.assistant("2"),
                    Message.user("7"));
        } finally {
            keys.deleteAll();
        }
    }

    @Test
    void aWrongPasswordFailsClearlyWithoutShowingIt() {
        RequiredServices.requireRedis();
        try (MemoryProvider memory = Providers.memory("redis://no_such_user_cn:NotThePassword42@127.0.0.1:6379", Settings.empty())) {
            // The test server has no such ACL user: AUTH is refused, which must surface as MEMORY_ERROR.
            assertThatThrownBy(memory::initialize)
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_ERROR))
                    .hasMessageContaining("127.0.0.1:6379").hasMessageNotContaining("NotThePassword42");
        }
    }

    @Test
    void specSelectsRedisAndKeepsOneListPerSessionWithItsTtl() {
        RequiredServices.requireRedis();
        RedisKeys keys = new RedisKeys();
        String prefix = keys.newPrefix();
        try (MemoryProvider memory = Providers.memory("redis://127.0.0.1:6379?ttl=600&max=3&prefix=" + prefix,
                Settings.empty());
             RedisClient redis = RedisClient.create("127.0.0.1", 6379)) {
            assertThat(memory.kind()).isEqualTo(RedisMemory.KIND);
            memory.store("alice", List.of(Message.system("s"), Message.user("1"), Message.assistant("2"),
                    Message.user("3"), Message.assistant("4")));
            assertThat(redis.llen(prefix + "w:alice")).isEqualTo(3);
            assertThat(redis.llen(prefix + "s:alice")).isEqualTo(1);
            assertThat(redis.pttl(prefix + "w:alice")).isPositive();
            assertThat(redis.pttl(prefix + "m:alice")).isPositive();
        } finally {
            keys.deleteAll();
        }
    }
}
