package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Memory store and retrieval per backend: the shape of hetumind's report (1000 messages over 100 sessions, one per store;
 * 1000 retrievals of the last 10) and a conversation shape (a conversation of 100 messages stored as 50
 * user/assistant turns, then the last 10 retrieved; one thread, then 64 concurrent sessions). Backends: the
 * in-process window always, a SQLite temporary file, PostgreSQL and Redis on their default local ports when
 * reachable; a backend whose module is absent is reported as not available.
 */
public final class MemoryScenario implements Scenario {

    private static final String S = "memory";

    private record Backend(String name, String spec, InetSocketAddress server) {
    }

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "memory store/retrieve per backend (window, sqlite, postgresql, redis): hetumind's shape and 100-message conversations";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Path db = Files.createTempFile(context.settings().workDir(), "clusternode-bench-", ".db");
        Files.deleteIfExists(db);
        List<Backend> backends = List.of(
                new Backend("window", "window", null),
                new Backend("sqlite", "sqlite:" + db.toAbsolutePath(), null),
                new Backend("postgresql", "postgresql://127.0.0.1:5432/test",
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432)),
                new Backend("redis", "redis://127.0.0.1:6379",
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379)));
        try {
            for (Backend backend : backends) {
                measure(context, backend);
            }
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(Path.of(db.toAbsolutePath() + suffix));
            }
        }
    }

    private void measure(BenchContext context, Backend backend) throws Exception {
        String metric = backend.name() + ": store/retrieve";
        if (backend.server() != null && !reachable(backend.server())) {
            context.add(Row.missing(S, metric, "not reachable at " + backend.server().getAddress().getHostAddress() + ":"
                    + backend.server().getPort()).withId(backend.name() + ".not_reachable"));
            return;
        }
        MemoryProvider memory;
        try {
            memory = Providers.memory(backend.spec(), Settings.environment());
            memory.initialize();
        } catch (NodeExecutionException e) {
            context.add(Row.missing(S, metric, e.code() == ErrorCode.UNKNOWN_NODE
                    ? "not available (no " + backend.name() + " memory module on the class path)"
                    : "failed to start: " + e.code()).withId(backend.name() + ".not_available"));
            return;
        }
        boolean inProcess = backend.server() == null && backend.name().equals("window");
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> touched = new ArrayList<>();
        try {
            run(context, backend.name(), memory, prefix, inProcess, touched);
        } finally {
            for (String session : touched) {
                memory.clear(session);
            }
            memory.close();
        }
    }

    private void run(BenchContext context, String name, MemoryProvider memory, String prefix, boolean inProcess,
                     List<String> touched) throws Exception {
        var settings = context.settings();
        int messages = settings.size(1000, 100);
        int sessionCount = settings.size(100, 10);
        String[] sessions = Fixtures.sessions(prefix + "-pass", sessionCount);
        touched.addAll(Arrays.asList(sessions));
        List<List<Message>> single = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            single.add(List.of(i % 2 == 0 ? Message.user("question " + i) : Message.assistant("answer " + i)));
        }
        long budget = settings.budget(inProcess ? 1500 : 2500, 100);
        int reps = inProcess ? settings.size(200, 5) : settings.size(20, 2);

        // hetumind's shape: the whole 1000-message pass is one timed operation; warm-up pass first.
        context.progress().phase(name + ": hetumind's shape", (long) reps * 2);
        Load.Op storePass = (w, r) -> {
            for (int i = 0; i < messages; i++) {
                memory.store(sessions[i % sessionCount], single.get(i));
            }
        };
        Load.Op retrievePass = (w, r) -> {
            for (int i = 0; i < messages; i++) {
                if (memory.retrieve(sessions[i % sessionCount], 10).isEmpty()) {
                    throw new AssertionError("retrieved nothing");
                }
            }
        };
        Load.run(1, 1, 0, false, null, storePass);
        Load.Result store = Load.run(1, reps, budget, true, context.progress(), storePass);
        Load.check(store);
        Load.Result retrieve = Load.run(1, reps, budget, true, context.progress(), retrievePass);
        Load.check(retrieve);
        context.add(Row.of(S, name + ": store " + messages + " msgs over " + sessionCount + " sessions",
                store.percentileMillis(50), "ms", "< 50 ms", "< 5 ms (0.5 ms/100 msgs)", 5.0, Better.LOWER).withId(name + ".store_pass.p50_ms"));
        context.add(Row.of(S, name + ": " + messages + " retrievals of last 10", retrieve.percentileMillis(50),
                "ms", "< 30 ms", "< 200 ms (0.2 ms each)", 200.0, Better.LOWER).withId(name + ".retrieve_pass.p50_ms"));

        // Conversation shape: a 100-message conversation as 50 turns, then the last 10.
        List<List<Message>> turns = new ArrayList<>(50);
        for (int i = 0; i < 50; i++) {
            turns.add(List.of(Message.user("question " + i), Message.assistant("answer " + i)));
        }
        int pool = settings.size(100, 4);
        String[] conversations = Fixtures.sessions(prefix + "-conv", Math.max(pool, 64));
        touched.addAll(Arrays.asList(conversations));
        long storeOps = inProcess ? settings.size(200_000, 50) : settings.size(500, 4);
        long retrieveOps = inProcess ? settings.size(5_000_000, 500) : settings.size(5_000, 20);
        Load.Op store100Single = (w, i) -> {
            String session = conversations[(int) (i % pool)];
            for (List<Message> turn : turns) {
                memory.store(session, turn);
            }
        };
        Load.Op store100Concurrent = (w, i) -> {
            for (List<Message> turn : turns) {
                memory.store(conversations[w], turn);
            }
        };
        Load.Op retrieveSingle = (w, i) -> {
            if (memory.retrieve(conversations[(int) (i % pool)], 10).size() != 10) {
                throw new AssertionError("expected 10 messages");
            }
        };
        Load.Op retrieveConcurrent = (w, i) -> {
            if (memory.retrieve(conversations[w], 10).size() != 10) {
                throw new AssertionError("expected 10 messages");
            }
        };
        context.progress().phase(name + ": 100 msgs + last 10, 1 thread", storeOps + retrieveOps);
        Load.run(1, storeOps / 4, budget / 4, false, null, store100Single);
        Load.Result s1 = Load.run(1, storeOps, budget, true, context.progress(), store100Single);
        Load.check(s1);
        // The timed store passes stop at their time budget, which a slow backend reaches before every
        // conversation is written; the retrievals must find 10 messages in each, so fill them (untimed).
        for (String conversation : conversations) {
            if (memory.retrieve(conversation, 10).size() < 10) {
                memory.store(conversation, turns.stream().limit(5).flatMap(List::stream).toList());
            }
        }
        Load.run(1, retrieveOps / 4, budget / 4, false, null, retrieveSingle);
        Load.Result r1 = Load.run(1, retrieveOps, budget, true, context.progress(), retrieveSingle);
        Load.check(r1);
        context.progress().phase(name + ": 100 msgs + last 10, 64 sessions", storeOps + retrieveOps);
        Load.Result s64 = Load.run(64, Math.max(1, storeOps / 64), budget, true, context.progress(),
                store100Concurrent);
        Load.check(s64);
        Load.Result r64 = Load.run(64, Math.max(1, retrieveOps / 64), budget, true, context.progress(),
                retrieveConcurrent);
        Load.check(r64);

        String storeTarget = inProcess ? "< 0.05 ms" : "< 0.5 ms (hetumind's)";
        double storeTargetValue = inProcess ? 0.05 : 0.5;
        String retrieveTarget = inProcess ? "< 0.01 ms" : "< 0.2 ms (hetumind's)";
        double retrieveTargetValue = inProcess ? 0.01 : 0.2;
        context.add(Row.of(S, name + ": store 100 msgs (50 turns), 1 thread, mean", s1.meanMillis(), "ms",
                "0.5 ms target", storeTarget, storeTargetValue, Better.LOWER).withId(name + ".store_100_turns.single_thread.mean_ms"));
        context.add(Row.of(S, name + ": retrieve last 10, 1 thread, mean", r1.meanMillis(), "ms", "0.2 ms target",
                retrieveTarget, retrieveTargetValue, Better.LOWER).withId(name + ".retrieve_10.single_thread.mean_ms"));
        context.add(Row.of(S, name + ": store 100 msgs, 64 sessions, wall per op", s64.wallMillisPerOp(), "ms", "",
                storeTarget, storeTargetValue, Better.LOWER).withId(name + ".store_100_turns.sessions_64.wall_ms"));
        context.add(Row.of(S, name + ": retrieve last 10, 64 sessions, wall per op", r64.wallMillisPerOp(), "ms",
                "", retrieveTarget, retrieveTargetValue, Better.LOWER)
                .withId(name + ".retrieve_10.sessions_64.wall_ms"));
        context.add(Row.info(S, name + ": store 100 msgs, 64 sessions, mean", s64.meanMillis(), "ms")
                .withId(name + ".store_100_turns.sessions_64.mean_ms"));
        context.add(Row.info(S, name + ": store 100 msgs, 64 sessions, p99", s64.percentileMillis(99), "ms")
                .withId(name + ".store_100_turns.sessions_64.p99_ms"));

        // The same 100 messages in one store call: one transaction / one script. A durable backend pays a
        // commit (fsync or a network round trip) per store, so this row shows its per-message cost, the
        // turn-by-turn rows above its per-commit cost.
        List<Message> hundred = turns.stream().flatMap(List::stream).toList();
        Load.Op storeHundredOnce = (w, i) -> memory.store(conversations[(int) (i % pool)], hundred);
        context.progress().phase(name + ": 100 msgs in one store", storeOps);
        Load.run(1, storeOps / 4, budget / 4, false, null, storeHundredOnce);
        Load.Result once = Load.run(1, storeOps, budget, true, context.progress(), storeHundredOnce);
        Load.check(once);
        context.add(Row.of(S, name + ": store 100 msgs in one call, 1 thread, mean", once.meanMillis(), "ms",
                "0.5 ms target", storeTarget, storeTargetValue, Better.LOWER)
                .withId(name + ".store_100_one_call.single_thread.mean_ms"));
        measureBatch(context, name, memory, prefix, inProcess, touched);
    }

    /**
     * One two-message turn for each of 100 sessions, written as 100 store calls and as one storeBatch call (one
     * transaction / one pipeline for the persistent backends).
     */
    private static void measureBatch(BenchContext context, String name, MemoryProvider memory, String prefix,
                                     boolean inProcess, List<String> touched) throws Exception {
        var settings = context.settings();
        int sessionCount = settings.size(100, 10);
        String[] sessions = Fixtures.sessions(prefix + "-batch", sessionCount);
        touched.addAll(Arrays.asList(sessions));
        List<Message> turn = List.of(Message.user("batched question"), Message.assistant("batched answer"));
        java.util.Map<String, List<Message>> batch = new java.util.LinkedHashMap<>();
        for (String session : sessions) {
            batch.put(session, turn);
        }
        long ops = inProcess ? settings.size(2_000, 20) : settings.size(100, 4);
        long budget = settings.budget(inProcess ? 1500 : 2500, 100);
        Load.Op perCall = (w, i) -> {
            for (String session : sessions) {
                memory.store(session, turn);
            }
        };
        Load.Op batched = (w, i) -> memory.storeBatch(batch);
        context.progress().phase(name + ": " + sessionCount + " sessions per call vs one batch", ops * 2);
        Load.run(1, ops / 4, budget / 4, false, null, perCall);
        Load.Result calls = Load.run(1, ops, budget, true, context.progress(), perCall);
        Load.check(calls);
        Load.run(1, ops / 4, budget / 4, false, null, batched);
        Load.Result once = Load.run(1, ops, budget, true, context.progress(), batched);
        Load.check(once);
        context.add(Row.info(S, name + ": 1 turn x " + sessionCount + " sessions, store per call, mean",
                calls.meanMillis(), "ms").withId(name + ".turn_per_session.store_per_call.mean_ms"));
        context.add(Row.info(S, name + ": 1 turn x " + sessionCount + " sessions, one storeBatch, mean",
                once.meanMillis(), "ms").withId(name + ".turn_per_session.store_batch.mean_ms"));
    }

    private static boolean reachable(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
