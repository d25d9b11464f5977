package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MemoryProvider} backend must show, as one suite each backend's test extends.
 * Keeping it in one place is what lets users swap {@code window}, {@code sqlite:}, {@code postgresql://} and
 * {@code redis://} without noticing: the window rules, the orphan tool-result rule and the error codes are
 * checked here once, against {@link WindowMemory}'s semantics.
 *
 * <p>Each test asks {@link #create} for a fresh, empty store; the subclass makes it unique (a new file, table
 * prefix or key prefix) so runs never see each other's data. Providers created through {@link #create} and
 * {@link #createSharing} are closed after each test.
 */
public abstract class MemoryProviderContract {

    private final List<MemoryProvider> opened = Collections.synchronizedList(new ArrayList<>());

    /** The clock every provider of a test reads; tests move it instead of sleeping. */
    private final MutableClock clock = new MutableClock(Instant.now());

    /**
     * A new provider over a new, empty store.
     *
     * @param maxMessages non-system messages kept per session
     * @param ttl         idle time after which a session expires; {@link Duration#ZERO} for never
     * @param clock       the clock that times idleness and stamps sessions (the test moves it)
     */
    protected abstract MemoryProvider create(int maxMessages, Duration ttl, Clock clock);

    /** The test's clock, for subclasses creating a second instance over the same store. */
    protected final Clock clock() {
        return clock;
    }

    /**
     * A second provider instance over the same store as {@code first} (same settings), for backends that are
     * shared by several processes ({@link SharedStoreMemoryContract}); empty for in-process backends.
     */
    protected Optional<MemoryProvider> createSharing(MemoryProvider first) {
        return Optional.empty();
    }

    MemoryProvider open(int maxMessages, Duration ttl) {
        MemoryProvider provider = create(maxMessages, ttl, clock);
        provider.initialize();
        opened.add(provider);
        return provider;
    }

    Optional<MemoryProvider> openSharing(MemoryProvider first) {
        Optional<MemoryProvider> second = createSharing(first);
        second.ifPresent(p -> {
            p.initialize();
            opened.add(p);
        });
        return second;
    }

    @AfterEach
    void closeProviders() {
        synchronized (opened) {
            for (MemoryProvider provider : opened) {
                provider.close();
            }
            opened.clear();
        }
    }

    static String session() {
        return "s-" + UUID.randomUUID();
    }

    @Test
    void isAMemoryNode() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        assertThat(memory.type()).isEqualTo(NodeType.MEMORY);
        assertThat(memory.kind()).isNotBlank();
    }

    @Test
    void keepsMessagesInOrderAcrossTurns() {
        MemoryProvider memory = open(100, Duration.ofHours(1));
        String id = session();
        List<Message> expected = new ArrayList<>();
        for (int turn = 0; turn < 5; turn++) {
            List<Message> messages = List.of(Message.user("question " + turn), Message.assistant("answer " + turn));
            memory.store(id, messages);
            expected.addAll(messages);
        }
        assertThat(memory.retrieve(id, 100)).containsExactlyElementsOf(expected);
    }

    @Test
    void unknownSessionIsEmpty() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String id = session();
        assertThat(memory.retrieve(id, 10)).isEmpty();
        assertThat(memory.stats(id)).isEmpty();
        assertThat(memory.clear(id)).isFalse();
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).doesNotContain(id);
    }

    @Test
    void storingNothingCreatesNoSession() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String id = session();
        memory.store(id, List.of());
        assertThat(memory.stats(id)).isEmpty();
    }

    @Test
    void rejectsNullMessagesWithoutStoringAnything() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String id = session();
        List<Message> withNull = new ArrayList<>();
        withNull.add(Message.user("kept out"));
        withNull.add(null);
        assertThatThrownBy(() -> memory.store(id, withNull))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(memory.retrieve(id, 10)).isEmpty();
    }

    @Test
    void retrievesSystemMessagesAndTheLastNOthers() {
        MemoryProvider memory = open(100, Duration.ofHours(1));
        String id = session();
        Message system = Message.system("be brief");
        memory.store(id, List.of(system, Message.user("u1"), Message.assistant("a1")));
        memory.store(id, List.of(Message.user("u2"), Message.assistant("a2")));

        assertThat(memory.retrieve(id, 2)).containsExactly(system, Message.user("u2"), Message.assistant("a2"));
        assertThat(memory.retrieve(id, 3))
                .containsExactly(system, Message.assistant("a1"), Message.user("u2"), Message.assistant("a2"));
        assertThat(memory.retrieve(id, 0)).containsExactly(system);
        assertThat(memory.retrieve(id, 1000)).hasSize(5);
        assertThatThrownBy(() -> memory.retrieve(id, -1))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void windowEvictsOldestButNeverSystemMessages() {
        MemoryProvider memory = open(4, Duration.ofHours(1));
        String id = session();
        Message system = Message.system("rules");
        memory.store(id, List.of(system));
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<Message> turn = List.of(Message.user("u" + i), Message.assistant("a" + i));
            memory.store(id, turn);
            all.addAll(turn);
        }
        Message lateSystem = Message.system("late rule");
        memory.store(id, List.of(lateSystem));

        List<Message> expected = new ArrayList<>(List.of(system, lateSystem));
        expected.addAll(all.subList(all.size() - 4, all.size()));
        assertThat(memory.retrieve(id, 100)).containsExactlyElementsOf(expected);
        assertThat(memory.stats(id)).get().extracting(SessionStats::messageCount).isEqualTo(6);
    }

    @Test
    void windowInOneLargeTurnKeepsOnlyTheNewest() {
        MemoryProvider memory = open(3, Duration.ofHours(1));
        String id = session();
        List<Message> turn = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            turn.add(i % 2 == 0 ? Message.user("u" + i) : Message.assistant("a" + i));
        }
        memory.store(id, turn);
        assertThat(memory.retrieve(id, 100)).containsExactlyElementsOf(turn.subList(7, 10));
    }

    @Test
    void windowNeverStartsWithAnOrphanToolResult() {
        MemoryProvider memory = open(3, Duration.ofHours(1));
        String id = session();
        Message a1 = Message.assistant("", List.of(new ToolCall("c1", "calculator", "{\"expression\":\"1+1\"}")));
        Message t1 = Message.toolResult("c1", "2");
        Message a2 = Message.assistant("it is 2");
        memory.store(id, List.of(Message.user("u1"), a1, t1, a2));
        assertThat(memory.retrieve(id, 10)).containsExactly(a1, t1, a2);

        // Evicting a1 would leave t1 first: it goes too, so the window shrinks below its maximum.
        Message u2 = Message.user("u2");
        memory.store(id, List.of(u2));
        assertThat(memory.retrieve(id, 10)).containsExactly(a2, u2);
        assertThat(memory.stats(id)).get().extracting(SessionStats::messageCount).isEqualTo(2);

        Message a3 = Message.assistant("", List.of(new ToolCall("c2", "datetime", "{}"),
                new ToolCall("c3", "calculator", "{ \"expression\" : \"2*3\" }")));
        Message t2 = Message.toolResult("c2", "2024-01-01");
        Message t3 = Message.toolResult("c3", "6");
        memory.store(id, List.of(Message.user("u3"), a3, t2, t3));
        assertThat(memory.retrieve(id, 10)).containsExactly(a3, t2, t3);

        // Retrieving only the last two would start with a tool result: it is skipped.
        Message system = Message.system("sys");
        memory.store(id, List.of(system));
        assertThat(memory.retrieve(id, 2)).containsExactly(system);
        assertThat(memory.retrieve(id, 3)).containsExactly(system, a3, t2, t3);

        Message a4 = Message.assistant("done");
        memory.store(id, List.of(a4));
        assertThat(memory.retrieve(id, 10)).containsExactly(system, a4);
    }

    @Test
    void statsCountHeldMessagesAndTheirSize() {
        MemoryProvider memory = open(3, Duration.ofHours(1));
        String id = session();
        memory.store(id, List.of(Message.system("s"), Message.user("hello"), Message.assistant("hi there")));
        memory.store(id, List.of(Message.user("again"), Message.assistant("yes")));
        SessionStats stats = memory.stats(id).orElseThrow();
        List<Message> held = memory.retrieve(id, 100);
        assertThat(stats.sessionId()).isEqualTo(id);
        assertThat(stats.messageCount()).isEqualTo(4).isEqualTo(held.size());
        assertThat(stats.approximateBytes()).isEqualTo(held.stream().mapToLong(StoredSize::of).sum());
        assertThat(stats.createdAt()).isNotNull();
        assertThat(stats.lastAccessAt()).isAfterOrEqualTo(stats.createdAt());
    }

    @Test
    void listsLiveSessionsMostRecentlyUsedFirst() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String first = session();
        String second = session();
        Instant created = clock.instant();
        memory.store(first, List.of(Message.user("one")));
        clock.advance(Duration.ofSeconds(1));
        memory.store(second, List.of(Message.user("two"), Message.assistant("2")));
        List<SessionStats> sessions = memory.sessions();
        assertThat(sessions).extracting(SessionStats::sessionId).containsExactly(second, first);
        assertThat(sessions.get(0).messageCount()).isEqualTo(2);
        assertThat(sessions.get(1).createdAt()).isEqualTo(created);
        assertThat(sessions.get(0).lastAccessAt()).isEqualTo(created.plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        memory.store(first, List.of(Message.assistant("1")));
        assertThat(memory.stats(first)).get().satisfies(stats -> {
            assertThat(stats.createdAt()).isEqualTo(created);
            assertThat(stats.lastAccessAt()).isEqualTo(created.plusSeconds(2));
        });
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).containsExactly(first, second);
    }

    @Test
    void storesABatchPerSession() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        Map<String, List<Message>> batch = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            batch.put(session(), List.of(Message.user("q" + i), Message.assistant("a" + i)));
        }
        memory.storeBatch(batch);
        batch.forEach((id, messages) -> assertThat(memory.retrieve(id, 10)).containsExactlyElementsOf(messages));
        assertThat(memory.sessions()).hasSize(5);
        memory.storeBatch(Map.of());
        assertThat(memory.sessions()).hasSize(5);
    }

    @Test
    void aBatchAppliesTheWindowRuleToEachSessionAsSingleStoresWould() {
        MemoryProvider batched = open(3, Duration.ofHours(1));
        MemoryProvider single = WindowMemory.builder().maxMessages(3).ttl(Duration.ZERO).build();
        opened.add(single);
        List<String> ids = List.of(session(), session(), session());
        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            Map<String, List<Message>> batch = new LinkedHashMap<>();
            for (String id : ids) {
                List<Message> turn = RandomConversation.turn(random, round, 6);
                batch.put(id, turn);
                single.store(id, turn);
            }
            batched.storeBatch(batch);
        }
        for (String id : ids) {
            assertThat(batched.retrieve(id, 100)).containsExactlyElementsOf(single.retrieve(id, 100));
        }
    }

    @Test
    void aBatchWithAnInvalidEntryStoresNothing() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String good = session();
        Map<String, List<Message>> batch = new LinkedHashMap<>();
        batch.put(good, List.of(Message.user("fine")));
        List<Message> withNull = new ArrayList<>();
        withNull.add(null);
        batch.put(session(), withNull);
        assertThatThrownBy(() -> memory.storeBatch(batch)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        Map<String, List<Message>> badId = new LinkedHashMap<>();
        badId.put(good, List.of(Message.user("fine")));
        badId.put("bad\nid", List.of(Message.user("x")));
        assertThatThrownBy(() -> memory.storeBatch(badId)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_ID));
        assertThat(memory.stats(good)).isEmpty();
    }

    @Test
    void concurrentBatchesOverlappingSessionsLoseNothing() throws Exception {
        MemoryProvider memory = open(10_000, Duration.ofHours(1));
        List<String> ids = List.of(session(), session(), session(), session());
        int writers = 8;
        int rounds = 10;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(executor.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        Map<String, List<Message>> batch = new LinkedHashMap<>();
                        // Each writer walks the sessions in its own order, which would deadlock a store that
                        // locked sessions in batch order.
                        for (int k = 0; k < ids.size(); k++) {
                            String tag = writer + "/" + round;
                            batch.put(ids.get((k + writer) % ids.size()),
                                    List.of(Message.user("q " + tag), Message.assistant("a " + tag)));
                        }
                        memory.storeBatch(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        for (String id : ids) {
            List<Message> held = memory.retrieve(id, 100_000);
            assertThat(held).hasSize(writers * rounds * 2);
            for (int i = 0; i < held.size(); i += 2) {
                assertThat(held.get(i + 1).content()).isEqualTo("a " + held.get(i).content().substring(2));
            }
        }
    }

    /**
     * The window every backend keeps is the core planner's: long random conversations (system messages,
     * tool-call runs longer than any backend's look-ahead, windows of 1..50, turns of 1..60 messages) are stored
     * into the backend and into {@link PlannedWindow}, which applies {@link WindowPlanner} to a plain list, and
     * after every turn both must hold the same window and retrieve the same messages.
     */
    @Test
    void windowsMatchTheCorePlannerOnLongRandomConversations() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int[] windows = {1, 2, 3, 5, 8, 17, 33, 50, 1 + random.nextInt(50), 1 + random.nextInt(50)};
        for (int max : windows) {
            MemoryProvider memory = open(max, Duration.ofHours(1));
            String id = session();
            PlannedWindow expected = new PlannedWindow(max);
            for (int turn = 0; turn < 12; turn++) {
                List<Message> messages = RandomConversation.turn(random, turn, 60);
                memory.store(id, messages);
                expected.store(messages);
                String where = "seed " + seed + ", window " + max + ", turn " + turn;
                assertThat(memory.stats(id)).as(where).get().extracting(SessionStats::messageCount)
                        .isEqualTo(expected.heldCount());
                assertThat(memory.retrieve(id, max)).as(where).containsExactlyElementsOf(expected.retrieve(max));
                int count = random.nextInt(max + 2);
                assertThat(memory.retrieve(id, count)).as(where + ", last " + count)
                        .containsExactlyElementsOf(expected.retrieve(count));
            }
        }
    }

    @Test
    void reportsTheStoredSizeOfMessages() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String id = session();
        Message call = Message.assistant("é", List.of(new ToolCall("c1", "calc", "{\"x\":1}")));
        memory.store(id, List.of(Message.user("hello"), call, Message.toolResult("c1", "ü🙂")));
        // 5 + (2 + 2 + 4 + 7) + (6 + 2) UTF-8 bytes: content, tool call id/name/arguments, tool-call id.
        assertThat(memory.stats(id)).get().extracting(SessionStats::approximateBytes).isEqualTo(28L);
        assertThat(memory.sessions()).singleElement().extracting(SessionStats::approximateBytes).isEqualTo(28L);
    }

    @Test
    void clearRemovesOnlyThatSession() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String gone = session();
        String kept = session();
        memory.store(gone, List.of(Message.system("s"), Message.user("bye")));
        memory.store(kept, List.of(Message.user("stay")));
        assertThat(memory.clear(gone)).isTrue();
        assertThat(memory.clear(gone)).isFalse();
        assertThat(memory.retrieve(gone, 10)).isEmpty();
        assertThat(memory.stats(gone)).isEmpty();
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).containsExactly(kept);
        assertThat(memory.retrieve(kept, 10)).containsExactly(Message.user("stay"));

        memory.store(gone, List.of(Message.user("new start")));
        assertThat(memory.retrieve(gone, 10)).containsExactly(Message.user("new start"));
    }

    @Test
    void idleSessionsExpireAfterTheTtl() {
        MemoryProvider memory = open(10, Duration.ofMinutes(10));
        String id = session();
        memory.store(id, List.of(Message.system("old rules"), Message.user("old")));
        clock.advance(Duration.ofMinutes(9));
        // stats() does not count as use; retrieve() does.
        assertThat(memory.stats(id)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(memory.stats(id)).isEmpty();
        assertThat(memory.retrieve(id, 10)).isEmpty();
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).doesNotContain(id);

        memory.store(id, List.of(Message.user("fresh")));
        assertThat(memory.retrieve(id, 10)).containsExactly(Message.user("fresh"));
    }

    @Test
    void retrievingCountsAsUse() {
        MemoryProvider memory = open(10, Duration.ofMinutes(10));
        String id = session();
        memory.store(id, List.of(Message.user("kept alive")));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(6));
            assertThat(memory.retrieve(id, 10)).containsExactly(Message.user("kept alive"));
        }
    }

    @Test
    void sessionsWithoutTtlDoNotExpire() {
        MemoryProvider memory = open(10, Duration.ZERO);
        String id = session();
        memory.store(id, List.of(Message.user("forever")));
        clock.advance(Duration.ofDays(3650));
        assertThat(memory.retrieve(id, 10)).containsExactly(Message.user("forever"));
    }

    @Test
    void keepsUnicodeAndLargeContentsExactly() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        String id = "会话-ÄÖÜ-🙂-'; DROP TABLE messages; --:{x}*%_";
        StringBuilder large = new StringBuilder(1_100_000);
        while (large.length() < 1_000_000) {
            large.append("línea ").append(large.length()).append(" 🚀 \"quoted\" \\ back\\slash\ttab\n");
        }
        List<Message> messages = List.of(
                Message.system("Réponds en français, s'il te plaît. 日本語も OK. مرحبا"),
                Message.user("emoji 👩‍👩‍👧‍👦 and surrogates 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
                Message.assistant("", List.of(new ToolCall("call_1", "calculator",
                        "{\n  \"expression\": \"2 + 2\",  \"note\": \"ünïcødé\"\n}"))),
                Message.toolResult("call_1", "4"),
                Message.assistant(large.toString()),
                Message.user(""));
        memory.store(id, messages);
        assertThat(memory.retrieve(id, 10)).containsExactlyElementsOf(messages);
        assertThat(memory.sessions()).extracting(SessionStats::sessionId).contains(id);
        String longest = "x".repeat(SessionIds.MAX_LENGTH);
        memory.store(longest, List.of(Message.user("max length id")));
        assertThat(memory.retrieve(longest, 1)).containsExactly(Message.user("max length id"));
    }

    @Test
    void rejectsInvalidSessionIds() {
        MemoryProvider memory = open(10, Duration.ofHours(1));
        List<String> invalid = new ArrayList<>();
        invalid.add(null);
        invalid.add("");
        invalid.add("x".repeat(SessionIds.MAX_LENGTH + 1));
        invalid.add("line\nbreak");
        invalid.add("bell\u0007");
        invalid.add("nul\u0000");
        for (String id : invalid) {
            expectInvalidSessionId(() -> memory.store(id, List.of(Message.user("x"))));
            expectInvalidSessionId(() -> memory.retrieve(id, 10));
            expectInvalidSessionId(() -> memory.stats(id));
            expectInvalidSessionId(() -> memory.clear(id));
        }
        assertThat(memory.sessions()).isEmpty();
    }

    private static void expectInvalidSessionId(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_ID))
                .hasMessageContaining("session id");
    }

    @Test
    void concurrentWritersLoseAndDuplicateNothing() throws Exception {
        MemoryProvider memory = open(10_000, Duration.ofHours(1));
        List<MemoryProvider> writers = new ArrayList<>(List.of(memory));
        openSharing(memory).ifPresent(writers::add);
        runConcurrentTurns(writers, memory);
    }

    /** Writers on several threads (and instances) each append whole two-message turns to one session. */
    static void runConcurrentTurns(List<MemoryProvider> writers, MemoryProvider reader) throws Exception {
        String id = session();
        String other = session();
        int threads = 12;
        int turnsPerThread = 15;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                MemoryProvider writer = writers.get(t % writers.size());
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int turn = 0; turn < turnsPerThread; turn++) {
                        String tag = thread + "/" + turn;
                        writer.store(id, List.of(Message.user("q " + tag), Message.assistant("a " + tag)));
                        if (turn % 5 == 0) {
                            writer.store(other, List.of(Message.user("side " + tag)));
                            assertThat(writer.retrieve(id, 4)).isNotEmpty();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        List<Message> all = reader.retrieve(id, 100_000);
        assertThat(all).hasSize(threads * turnsPerThread * 2);
        assertThat(all.stream().map(Message::content).distinct().count()).isEqualTo(all.size());
        Map<Integer, Integer> nextTurn = new HashMap<>();
        for (int i = 0; i < all.size(); i += 2) {
            Message question = all.get(i);
            Message answer = all.get(i + 1);
            assertThat(question.role()).isEqualTo(Role.USER);
            String tag = question.content().substring(2);
            assertThat(answer).isEqualTo(Message.assistant("a " + tag));
            String[] parts = tag.split("/", -1);
            int thread = Integer.parseInt(parts[0]);
            int turn = Integer.parseInt(parts[1]);
            assertThat(turn).as("turns of writer %d in order", thread).isEqualTo(nextTurn.getOrDefault(thread, 0));
            nextTurn.put(thread, turn + 1);
        }
        assertThat(reader.retrieve(other, 1000)).hasSize(threads * 3);
        assertThat(reader.stats(id)).get().extracting(SessionStats::messageCount).isEqualTo(all.size());
    }

    @Test
    void concurrentWritersKeepTheWindowBounded() throws Exception {
        MemoryProvider memory = open(7, Duration.ofHours(1));
        List<MemoryProvider> writers = new ArrayList<>(List.of(memory));
        openSharing(memory).ifPresent(writers::add);
        String id = session();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                MemoryProvider writer = writers.get(t % writers.size());
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (int turn = 0; turn < 10; turn++) {
                        writer.store(id, List.of(Message.user("q" + thread + "-" + turn),
                                Message.assistant("a" + thread + "-" + turn)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        List<Message> window = memory.retrieve(id, 100);
        assertThat(window).hasSize(7);
        assertThat(memory.stats(id)).get().extracting(SessionStats::messageCount).isEqualTo(7);
    }
}
