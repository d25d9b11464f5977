package io.clusternode.memory.postgresql;

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
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selecting the PostgreSQL memory by specification; secrets, driver errors and deadlines. */
class PostgresMemoryFactoryTest {

    @Test
    void postgresSpecsKeepThePasswordOutOfUrlsAndMessages() {
        PostgresMemoryFactory.PostgresSpec spec = PostgresMemoryFactory.parse(
                "postgresql://bob:s3cr%40t@db.example:6543/chat?max=20&ttl=60&pool=3&prefix=cn_&sslmode=require",
                Settings.empty());
        assertThat(spec.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/chat");
        assertThat(spec.connection().user()).isEqualTo("bob");
        assertThat(spec.connection().password()).isEqualTo("s3cr@t");
        assertThat(spec.connection().properties()).isEqualTo(Map.of("sslmode", "require"));
        assertThat(spec.options()).isEqualTo(new JdbcMemoryOptions(new MemoryOptions(20, Duration.ofSeconds(60)), 3,
                "cn_"));
        assertThat(spec.connection().toString()).doesNotContain("s3cr");
        assertThat(new PostgresMemory(spec.connection(), spec.options()).toString()).doesNotContain("s3cr");

        PostgresMemoryFactory.PostgresSpec jdbc = PostgresMemoryFactory.parse(
                "jdbc:postgresql://127.0.0.1/test?user=alice&password=pw-SECRET", Settings.of(Map.of("PGPASSWORD", "other")));
        assertThat(jdbc.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(jdbc.connection().user()).isEqualTo("alice");
        assertThat(jdbc.connection().password()).isEqualTo("pw-SECRET");
        assertThat(jdbc.connection().properties()).isEmpty();
        assertThat(new PostgresMemory(jdbc.connection(), jdbc.options()).toString()).doesNotContain("pw-SECRET");

        PostgresMemoryFactory.PostgresSpec fromSettings = PostgresMemoryFactory.parse("postgres://h/db",
                Settings.of(Map.of("PGUSER", "u", "PGPASSWORD", "p", "MEMORY_MAX_MESSAGES", "7")));
        assertThat(fromSettings.connection().user()).isEqualTo("u");
        assertThat(fromSettings.connection().password()).isEqualTo("p");
        assertThat(fromSettings.options().maxMessages()).isEqualTo(7);
    }

    @Test
    void badSpecificationsNeverShowThePassword() {
        for (String spec : List.of("postgresql://bob:pw-SECRET@db.example/chat?max=1&max=2",
                "postgresql://bob:pw-SECRET@db.example/chat?max=ten",
                "jdbc:postgresql://db.example/chat?password=pw-SECRET&pool=0",
                "postgresql://bob:pw-SECRET@/chat")) {
            assertThatThrownBy(() -> Providers.memory(spec, Settings.empty()))
                    .as(spec.replace("pw-SECRET", "***"))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageNotContaining("pw-SECRET");
        }
        assertThatThrownBy(() -> Providers.memory("postgresql://bob:pw-SECRET@db.example/chat?max=1&max=2",
                Settings.empty())).hasMessageContaining("postgresql://bob:***@db.example/chat");
    }

    @Test
    void aWrongPostgresPasswordFailsWithoutShowingIt() {
        RequiredServices.requirePostgres();
        // Trust authentication accepts any password, so use a database that does not exist to force a failure.
        try (MemoryProvider memory = Providers.memory(
                "postgresql://postgres:TopSecret99@127.0.0.1:5432/no_such_db_cn?pool=1", Settings.empty())) {
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("x"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_ERROR);
                        assertThat(e.getMessage()).contains("127.0.0.1:5432/no_such_db_cn")
                                .doesNotContain("TopSecret99");
                    });
        }
    }

    @Test
    void aRefusedStoreIsSummarisedWithoutSqlOrUserData() throws Exception {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        String prefix = tables.newPrefix();
        try (MemoryProvider memory = Providers.memory("postgresql://postgres@127.0.0.1:5432/test?prefix=" + prefix,
                Settings.empty())) {
            // PostgreSQL refuses NUL characters in text: a 1 MB message of user data on many lines fails to store.
            String content = "user-data-line secret-ish text\n".repeat(1_048_576 / 31) + "\u0000 end";
            Message huge = Message.user(content);
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("question"), huge)))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_ERROR);
                        assertThat(e.getMessage()).hasSizeLessThan(600).doesNotContain("user-data-line")
                                .doesNotContain("INSERT").doesNotContain("question").doesNotContain("\n")
                                .contains("cannot store messages of session 's'");
                        assertThat(e.getCause()).isNull();
                    });
            assertThat(memory.retrieve("s", 10)).isEmpty();
        } finally {
            tables.dropAll();
        }
    }

    @Test
    void aRefusedTurnAmongConcurrentStoresFailsAlone() throws Exception {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        try (MemoryProvider memory = Providers.memory("postgresql://postgres@127.0.0.1:5432/test?pool=2&prefix="
                + tables.newPrefix(), Settings.empty());
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            memory.initialize();
            List<Future<?>> stores = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String text = i == 17 ? "refused \u0000" : "fine " + i;
                int session = i;
                stores.add(executor.submit(() -> memory.store("s" + session, List.of(Message.user(text)))));
            }
            for (int i = 0; i < stores.size(); i++) {
                if (i == 17) {
                    assertThatThrownBy(stores.get(i)::get).hasCauseInstanceOf(NodeExecutionException.class);
                } else {
                    stores.get(i).get();
                    assertThat(memory.retrieve("s" + i, 10)).containsExactly(Message.user("fine " + i));
                }
            }
            assertThat(memory.stats("s17")).isEmpty();
        } finally {
            tables.dropAll();
        }
    }

    @Test
    void aServerThatNeverAnswersFailsWithATimeout() throws Exception {
        try (BlackHoleServer blackHole = new BlackHoleServer();
             MemoryProvider memory = Providers.memory("postgresql://postgres:pw-SECRET@127.0.0.1:" + blackHole.port()
                     + "/test?connectTimeout=1&loginTimeout=1&socketTimeout=1", Settings.empty())) {
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("x"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                    .hasMessageContaining("127.0.0.1:" + blackHole.port())
                    .hasMessageNotContaining("pw-SECRET");
            assertThat(blackHole.acceptedCount()).isPositive();
        }
    }

    @Test
    void postgresSpecSelectsThePostgresMemory() throws Exception {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        String prefix = tables.newPrefix();
        try {
            try (MemoryProvider memory = Providers.memory("postgresql://postgres@127.0.0.1:5432/test?prefix=" + prefix,
                    Settings.empty())) {
                assertThat(memory.kind()).isEqualTo(PostgresMemory.KIND);
                memory.store("alice", List.of(Message.user("My name is Alice")));
            }
            try (MemoryProvider again = Providers.memory("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&prefix="
                    + prefix, Settings.empty())) {
                assertThat(again.retrieve("alice", 10)).containsExactly(Message.user("My name is Alice"));
            }
        } finally {
            tables.dropAll();
        }
    }
}
