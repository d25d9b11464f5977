package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WindowMemoryTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final List<WindowMemory> opened = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void closeAll() {
        opened.forEach(WindowMemory::close);
    }

    private WindowMemory memory(Consumer<WindowMemory.Builder> settings) {
        WindowMemory.Builder builder = WindowMemory.builder().clock(clock).ttl(Duration.ZERO);
        settings.accept(builder);
        WindowMemory memory = builder.build();
        opened.add(memory);
        return memory;
    }

    private static List<String> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }

    private static Message assistantCalling(String... ids) {
        List<ToolCall> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(new ToolCall(id, "calculator", "{}"));
        }
        return Message.assistant("", calls);
    }

    @Test
    void describesItself() {
        WindowMemory memory = memory(b -> b.maxMessages(7));
        assertThat(memory.type()).isEqualTo(NodeType.MEMORY);
        assertThat(memory.kind()).isEqualTo(WindowMemory.KIND);
        assertThat(memory.maxMessages()).isEqualTo(7);
        assertThat(memory.toString()).contains("maxMessages=7");
    }

    @Test
    void keepsOrderAcrossStores() {
        WindowMemory memory = memory(b -> { });
        memory.store("s", List.of(Message.user("1"), Message.assistant("2")));
        memory.store("s", List.of(Message.user("3")));
        memory.store("s", List.of());
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("1", "2", "3");
        assertThat(memory.retrieve("unknown", 10)).isEmpty();
    }

    @Test
    void retrievesLastN() {
        WindowMemory memory = memory(b -> { });
        for (int i = 1; i <= 10; i++) {
            memory.store("s", List.of(Message.user("m" + i)));
        }
        assertThat(contents(memory.retrieve("s", 3))).containsExactly("m8", "m9", "m10");
        assertThat(memory.retrieve("s", 0)).isEmpty();
        assertThat(memory.retrieve("s", 100)).hasSize(10);
        assertThatThrownBy(() -> memory.retrieve("s", -1)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void evictsOldestBeyondWindow() {
        WindowMemory memory = memory(b -> b.maxMessages(3));
        for (int i = 1; i <= 5; i++) {
            memory.store("s", List.of(Message.user("m" + i)));
        }
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("m3", "m4", "m5");
        memory.store("s", List.of(Message.user("a"), Message.user("b"), Message.user("c"), Message.user("d")));
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("b", "c", "d");
        assertThat(memory.stats("s").orElseThrow().messageCount()).isEqualTo(3);
    }

    @Test
    void neverEvictsSystemMessages() {
        WindowMemory memory = memory(b -> b.maxMessages(2));
        memory.store("s", List.of(Message.system("rules"), Message.user("u1")));
        for (int i = 2; i <= 6; i++) {
            memory.store("s", List.of(Message.user("u" + i)));
        }
        memory.store("s", List.of(Message.system("more rules")));
        List<Message> all = memory.retrieve("s", 10);
        assertThat(contents(all)).containsExactly("rules", "more rules", "u5", "u6");
        assertThat(contents(memory.retrieve("s", 1))).containsExactly("rules", "more rules", "u6");
        assertThat(contents(memory.retrieve("s", 0))).containsExactly("rules", "more rules");
        assertThat(memory.stats("s").orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    void evictingAnAssistantToolCallEvictsItsResults() {
        WindowMemory memory = memory(b -> b.maxMessages(4));
        memory.store("s", List.of(Message.user("q"), assistantCalling("c1", "c2"), Message.toolResult("c1", "r1"),
                Message.toolResult("c2", "r2")));
        assertThat(memory.retrieve("s", 10)).hasSize(4);
        // Two more messages evict the user message and the assistant call; its two results must follow it out.
        memory.store("s", List.of(Message.assistant("answer")));
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("", "r1", "r2", "answer");
        memory.store("s", List.of(Message.user("next")));
        List<Message> window = memory.retrieve("s", 10);
        assertThat(window.get(0).role()).isNotEqualTo(Role.TOOL);
        assertThat(contents(window)).containsExactly("answer", "next");
        assertThat(memory.stats("s").orElseThrow().messageCount()).isEqualTo(2);
    }

    @Test
    void windowNeverStartsWithToolResultUnderManyTurns() {
        WindowMemory memory = memory(b -> b.maxMessages(5));
        for (int turn = 0; turn < 50; turn++) {
            List<Message> messages = new ArrayList<>();
            messages.add(Message.user("q" + turn));
            int calls = turn % 3;
            if (calls > 0) {
                String[] ids = new String[calls];
                for (int c = 0; c < calls; c++) {
                    ids[c] = "t" + turn + "c" + c;
                }
                messages.add(assistantCalling(ids));
                for (String id : ids) {
                    messages.add(Message.toolResult(id, "r"));
                }
            }
            messages.add(Message.assistant("a" + turn));
            memory.store("s", messages);
            List<Message> window = memory.retrieve("s", 100);
            assertThat(window).isNotEmpty();
            assertThat(window.get(0).role()).as("turn %d", turn).isNotEqualTo(Role.TOOL);
            assertThat(window.size()).isLessThanOrEqualTo(5);
            for (int n = 0; n <= 5; n++) {
                List<Message> last = memory.retrieve("s", n);
                if (!last.isEmpty()) {
                    assertThat(last.get(0).role()).as("turn %d last %d", turn, n).isNotEqualTo(Role.TOOL);
                }
                assertThat(last.size()).isLessThanOrEqualTo(n);
            }
        }
    }

    @Test
    void retrieveLastNSkipsLeadingToolResults() {
        WindowMemory memory = memory(b -> b.maxMessages(100));
        memory.store("s", List.of(Message.user("q"), assistantCalling("c1", "c2"), Message.toolResult("c1", "r1"),
                Message.toolResult("c2", "r2"), Message.assistant("done")));
        assertThat(contents(memory.retrieve("s", 2))).containsExactly("done");
        assertThat(contents(memory.retrieve("s", 3))).containsExactly("done");
        assertThat(memory.retrieve("s", 4)).extracting(Message::role)
                .containsExactly(Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.ASSISTANT);
    }

    @Test
    void reportsStats() {
        WindowMemory memory = memory(b -> b.ttl(Duration.ofHours(1)));
        assertThat(memory.stats("s")).isEmpty();
        memory.store("s", List.of(Message.user("hello"), Message.assistant("hi")));
        clock.advance(Duration.ofSeconds(5));
        memory.retrieve("s", 1);
        SessionStats stats = memory.stats("s").orElseThrow();
        assertThat(stats.sessionId()).isEqualTo("s");
        assertThat(stats.messageCount()).isEqualTo(2);
        assertThat(stats.createdAt()).isEqualTo(T0);
        assertThat(stats.lastAccessAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(stats.approximateBytes()).isPositive();
        long before = stats.approximateBytes();
        memory.store("s", List.of(Message.user("x".repeat(1000))));
        assertThat(memory.stats("s").orElseThrow().approximateBytes()).isGreaterThan(before);
    }

    @Test
    void bytesShrinkWhenMessagesAreEvicted() {
        WindowMemory memory = memory(b -> b.maxMessages(1));
        memory.store("s", List.of(Message.user("x".repeat(10_000))));
        long big = memory.stats("s").orElseThrow().approximateBytes();
        memory.store("s", List.of(Message.user("y")));
        assertThat(memory.stats("s").orElseThrow().approximateBytes()).isLessThan(big).isPositive();
    }

    @Test
    void listsSessionsMostRecentlyUsedFirst() {
        WindowMemory memory = memory(b -> { });
        memory.store("a", List.of(Message.user("1")));
        clock.advance(Duration.ofSeconds(1));
        memory.store("b", List.of(Message.user("1")));
        clock.advance(Duration.ofSeconds(1));
        memory.retrieve("a", 1);
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).containsExactly("a", "b");
    }

    @Test
    void storesBatches() {
        WindowMemory memory = memory(b -> { });
        Map<String, List<Message>> batch = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            batch.put("s" + i, List.of(Message.user("u" + i), Message.assistant("a" + i)));
        }
        memory.storeBatch(batch);
        assertThat(memory.sessions()).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(contents(memory.retrieve("s" + i, 10))).containsExactly("u" + i, "a" + i);
        }
    }

    @Test
    void clearsSessions() {
        WindowMemory memory = memory(b -> { });
        memory.store("s", List.of(Message.user("1")));
        memory.store("t", List.of(Message.user("2")));
        assertThat(memory.clear("s")).isTrue();
        assertThat(memory.clear("s")).isFalse();
        assertThat(memory.retrieve("s", 10)).isEmpty();
        assertThat(memory.stats("s")).isEmpty();
        assertThat(contents(memory.retrieve("t", 10))).containsExactly("2");
        memory.store("s", List.of(Message.user("fresh")));
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("fresh");
    }

    @Test
    void rejectsInvalidSessionIds() {
        WindowMemory memory = memory(b -> { });
        List<String> invalid = new ArrayList<>(List.of("", "a\u0000b", "tab\there", "line\n", "del\u007f"));
        invalid.add("x".repeat(SessionIds.MAX_LENGTH + 1));
        for (String id : invalid) {
            for (Runnable call : List.<Runnable>of(() -> memory.store(id, List.of(Message.user("x"))),
                    () -> memory.retrieve(id, 1), () -> memory.stats(id), () -> memory.clear(id))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_ID));
            }
        }
        assertThatThrownBy(() -> memory.store(null, List.of(Message.user("x"))))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_ID));
        assertThat(memory.sessionCount()).isZero();

        String longest = "x".repeat(SessionIds.MAX_LENGTH);
        memory.store(longest, List.of(Message.user("ok")));
        memory.store("üñíçødé 会话 🙂", List.of(Message.user("ok")));
        assertThat(memory.sessionCount()).isEqualTo(2);
    }

    @Test
    void sessionIdErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> SessionIds.requireValid("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SessionIds.requireValid("y".repeat(300))).hasMessageContaining("300")
                .hasMessageContaining(Integer.toString(SessionIds.MAX_LENGTH));
        assertThatThrownBy(() -> SessionIds.requireValid("ab\u0001")).hasMessageContaining("U+0001")
                .hasMessageContaining("index 2");
        assertThat(SessionIds.requireValid("ok")).isEqualTo("ok");
    }

    @Test
    void rejectsNullMessagesWithoutStoringAny() {
        WindowMemory memory = memory(b -> { });
        List<Message> withNull = new ArrayList<>();
        withNull.add(Message.user("a"));
        withNull.add(null);
        assertThatThrownBy(() -> memory.store("s", withNull)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(memory.retrieve("s", 10)).isEmpty();
    }

    @Test
    void builderRejectsBadSettings() {
        for (Runnable bad : List.<Runnable>of(() -> WindowMemory.builder().maxMessages(0),
                () -> WindowMemory.builder().ttl(Duration.ofSeconds(-1)), () -> WindowMemory.builder().ttl(null),
                () -> WindowMemory.builder().sweepInterval(Duration.ZERO))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(NodeExecutionException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        assertThatThrownBy(() -> WindowMemory.builder().maxMessages(0)).hasMessage(
                "max messages must be at least 1, was 0");
    }

    @Test
    void idleSessionsExpireAfterTtl() {
        WindowMemory memory = memory(b -> b.ttl(Duration.ofMinutes(10)).sweepInterval(Duration.ofHours(1)));
        memory.store("idle", List.of(Message.user("old")));
        memory.store("busy", List.of(Message.user("kept")));

        clock.advance(Duration.ofMinutes(6));
        memory.retrieve("busy", 1);
        clock.advance(Duration.ofMinutes(4));
        // Exactly the TTL idle: still alive.
        assertThat(memory.stats("idle")).isPresent();
        clock.advance(Duration.ofMillis(1));

        assertThat(memory.sessions()).extracting(SessionStats::sessionId).containsExactly("busy");
        assertThat(memory.retrieve("idle", 10)).isEmpty();
        assertThat(memory.stats("idle")).isEmpty();
        assertThat(memory.clear("idle")).isFalse();
        assertThat(contents(memory.retrieve("busy", 10))).containsExactly("kept");

        clock.advance(Duration.ofMinutes(11));
        assertThat(memory.expireIdleSessions()).isEqualTo(1);
        assertThat(memory.sessionCount()).isZero();
        assertThat(memory.expireIdleSessions()).isZero();
    }

    @Test
    void writingToAnExpiredSessionStartsAFreshOne() {
        WindowMemory memory = memory(b -> b.ttl(Duration.ofMinutes(1)).sweepInterval(Duration.ofHours(1)));
        memory.store("s", List.of(Message.user("before")));
        clock.advance(Duration.ofMinutes(2));
        memory.store("s", List.of(Message.user("after")));
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("after");
        assertThat(memory.stats("s").orElseThrow().createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void zeroTtlNeverExpires() {
        WindowMemory memory = memory(b -> b.ttl(Duration.ZERO));
        memory.store("s", List.of(Message.user("forever")));
        clock.advance(Duration.ofDays(3650));
        assertThat(memory.expireIdleSessions()).isZero();
        assertThat(contents(memory.retrieve("s", 10))).containsExactly("forever");
    }

    @Test
    void backgroundSweepRemovesIdleSessions() throws InterruptedException {
        WindowMemory memory = WindowMemory.builder().ttl(Duration.ofMillis(50)).sweepInterval(Duration.ofMillis(20))
                .build();
        opened.add(memory);
        for (int i = 0; i < 5; i++) {
            memory.store("s" + i, List.of(Message.user("x")));
        }
        assertThat(memory.sessionCount()).isEqualTo(5);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (memory.sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(memory.sessionCount()).as("sessions left after the sweep had 5 s").isZero();
    }

    @Test
    void closeDropsSessions() {
        WindowMemory memory = memory(b -> b.ttl(Duration.ofMinutes(1)));
        memory.store("s", List.of(Message.user("x")));
        memory.close();
        assertThat(memory.sessionCount()).isZero();
        memory.close();
    }

    /** Content "t<thread>:<seq>" so each message names its writer and position. */
    private static void concurrentStores(WindowMemory memory, int threads, int perThread, int sessions)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int seq = 0; seq < perThread; seq++) {
                        memory.store("session-" + ((thread + seq) % sessions),
                                List.of(Message.user("t" + thread + ":" + seq)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    /** Checks no duplicates and that each writer's messages keep their order; returns every content seen. */
    private static Set<String> checkSessions(WindowMemory memory, int sessions) {
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < sessions; s++) {
            Map<Integer, Integer> lastSeqByThread = new HashMap<>();
            for (Message message : memory.retrieve("session-" + s, Integer.MAX_VALUE)) {
                assertThat(seen.add(message.content())).as("duplicate %s", message.content()).isTrue();
                String[] parts = message.content().substring(1).split(":", -1);
                int thread = Integer.parseInt(parts[0]);
                int seq = Integer.parseInt(parts[1]);
                assertThat((thread + seq) % sessions).as("session of %s", message.content()).isEqualTo(s);
                Integer previous = lastSeqByThread.put(thread, seq);
                if (previous != null) {
                    assertThat(seq).as("order of thread %d in session %d", thread, s).isGreaterThan(previous);
                }
            }
        }
        return seen;
    }

    @Test
    void concurrentStoresLoseNothing() throws Exception {
        int threads = 64;
        int perThread = 1000;
        int sessions = 16;
        WindowMemory memory = memory(b -> b.maxMessages(5000));
        concurrentStores(memory, threads, perThread, sessions);

        Set<String> seen = checkSessions(memory, sessions);
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int seq = 0; seq < perThread; seq++) {
                expected.add("t" + t + ":" + seq);
            }
        }
        // Set equality (hash look-ups), not AssertJ's contains, which scans the whole set per element.
        assertThat(seen.equals(expected)).as("every stored message is held exactly once").isTrue();
        assertThat(seen).hasSize(threads * perThread);
        for (int s = 0; s < sessions; s++) {
            assertThat(memory.stats("session-" + s).orElseThrow().messageCount())
                    .isEqualTo(threads * perThread / sessions);
        }
    }

    @Test
    void concurrentStoresIntoSmallWindowsKeepExactlyTheWindow() throws Exception {
        int sessions = 16;
        int window = 50;
        WindowMemory memory = memory(b -> b.maxMessages(window));
        concurrentStores(memory, 64, 500, sessions);
        checkSessions(memory, sessions);
        for (int s = 0; s < sessions; s++) {
            assertThat(memory.retrieve("session-" + s, Integer.MAX_VALUE)).hasSize(window);
            assertThat(memory.stats("session-" + s).orElseThrow().messageCount()).isEqualTo(window);
        }
    }

    @Test
    void concurrentMultiMessageStoresAreAtomic() throws Exception {
        WindowMemory memory = memory(b -> b.maxMessages(100_000));
        int writers = 32;
        int turns = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int turn = 0; turn < turns; turn++) {
                        String id = writer + "-" + turn;
                        memory.store("shared", List.of(Message.user("q" + id), Message.assistant("a" + id)));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    List<Message> window = memory.retrieve("shared", Integer.MAX_VALUE);
                    assertThat(window.size() % 2).isZero();
                }
                return null;
            }));
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        List<Message> all = memory.retrieve("shared", Integer.MAX_VALUE);
        assertThat(all).hasSize(writers * turns * 2);
        for (int i = 0; i < all.size(); i += 2) {
            assertThat(all.get(i + 1).content()).isEqualTo("a" + all.get(i).content().substring(1));
        }
    }
}
