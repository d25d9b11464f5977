package io.clusternode.core.memory;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * In-process chat memory with a sliding window per session (kind {@value #KIND}, n8n's "Window Buffer
 * Memory"), the embedded default.
 *
 * <p>Design, object by object:
 * <ul>
 *   <li>Sessions live in a {@link ConcurrentHashMap}; look-ups take no global lock.</li>
 *   <li>Each session holds its non-system messages in a fixed ring of {@code maxMessages} slots, so an append
 *       is O(1) with no copying and eviction is overwriting the oldest slot. System messages sit in a small
 *       separate list and are never evicted.</li>
 *   <li>One {@link ReentrantLock} per session (not {@code synchronized}, which pins virtual threads on Java 21)
 *       makes a store atomic: concurrent writers to one session serialise, writers to different sessions
 *       never contend.</li>
 *   <li>Retrieving the last N copies only those N references into one array.</li>
 *   <li>After an eviction, tool results at the head of the window whose assistant call was evicted are evicted
 *       too: models reject a history that starts with an orphan tool result.</li>
 *   <li>Idle sessions expire after the TTL. One shared daemon thread sweeps all window memories periodically
 *       (no thread per session or per memory); a read of an expired session that the sweep has not reached yet
 *       already sees it as gone. A session is marked dead under its lock before removal, so a writer racing
 *       with the sweep retries on a fresh session instead of writing into a removed one.</li>
 * </ul>
 */
public final class WindowMemory implements MemoryProvider {

    public static final String KIND = "memory_buffer_window";
    /** Default window, as {@link MemoryOptions#DEFAULT_MAX_MESSAGES}. */
    public static final int DEFAULT_MAX_MESSAGES = MemoryOptions.DEFAULT_MAX_MESSAGES;
    /** Default idle TTL, as {@link MemoryOptions#DEFAULT_TTL}. */
    public static final Duration DEFAULT_TTL = MemoryOptions.DEFAULT_TTL;

    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.MEMORY,
            "Window Buffer Memory", 1, null);

    private static final class SweeperHolder {
        static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "clusternode-window-memory-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    private final int maxMessages;
    private final long ttlMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final @Nullable ScheduledFuture<?> sweep;

    private WindowMemory(Builder builder) {
        this.maxMessages = builder.maxMessages;
        this.ttlMillis = builder.ttl.isZero() ? Long.MAX_VALUE : builder.ttl.toMillis();
        this.clock = builder.clock;
        if (ttlMillis == Long.MAX_VALUE) {
            this.sweep = null;
        } else {
            long interval = builder.sweepInterval != null ? builder.sweepInterval.toMillis()
                    : Math.max(10, Math.min(ttlMillis / 2, 60_000));
            this.sweep = SweeperHolder.SWEEPER.scheduleWithFixedDelay(new Sweep(this), interval, interval,
                    TimeUnit.MILLISECONDS);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    public int maxMessages() {
        return maxMessages;
    }

    @Override
    public void store(String sessionId, List<Message> messages) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireMessages(messages);
        if (messages.isEmpty()) {
            return;
        }
        boolean[] newIsTool = WindowPlanner.nonSystemToolFlags(messages);
        while (true) {
            long now = clock.millis();
            Session session = sessions.computeIfAbsent(sessionId, id -> new Session(id, now, maxMessages));
            session.lock.lock();
            try {
                if (session.dead) {
                    continue;
                }
                if (session.expired(now, ttlMillis)) {
                    session.dead = true;
                    sessions.remove(sessionId, session);
                    continue;
                }
                session.append(messages, newIsTool);
                session.lastAccess = now;
                return;
            } finally {
                session.lock.unlock();
            }
        }
    }

    /** Checks the whole batch first, then stores each session's messages atomically. */
    @Override
    public void storeBatch(Map<String, List<Message>> messagesBySession) {
        MemoryArguments.requireBatch(messagesBySession);
        messagesBySession.forEach(this::store);
    }

    @Override
    public List<Message> retrieve(String sessionId, int count) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireCount(count);
        Session session = live(sessionId);
        if (session == null) {
            return List.of();
        }
        session.lock.lock();
        try {
            if (session.dead) {
                return List.of();
            }
            session.lastAccess = clock.millis();
            return session.last(count);
        } finally {
            session.lock.unlock();
        }
    }

    @Override
    public Optional<SessionStats> stats(String sessionId) {
        SessionIds.requireValid(sessionId);
        Session session = live(sessionId);
        if (session == null) {
            return Optional.empty();
        }
        session.lock.lock();
        try {
            return session.dead ? Optional.empty() : Optional.of(session.stats());
        } finally {
            session.lock.unlock();
        }
    }

    @Override
    public List<SessionStats> sessions() {
        long now = clock.millis();
        List<SessionStats> result = new ArrayList<>(sessions.size());
        for (Session session : sessions.values()) {
            session.lock.lock();
            try {
                if (!session.dead && !session.expired(now, ttlMillis)) {
                    result.add(session.stats());
                }
            } finally {
                session.lock.unlock();
            }
        }
        result.sort(Comparator.comparing(SessionStats::lastAccessAt).reversed());
        return result;
    }

    @Override
    public boolean clear(String sessionId) {
        SessionIds.requireValid(sessionId);
        Session session = sessions.remove(sessionId);
        if (session == null) {
            return false;
        }
        session.lock.lock();
        try {
            boolean existed = !session.dead && !session.expired(clock.millis(), ttlMillis);
            session.dead = true;
            return existed;
        } finally {
            session.lock.unlock();
        }
    }

    /** Removes every session idle for longer than the TTL; returns how many. Runs periodically by itself. */
    public int expireIdleSessions() {
        long now = clock.millis();
        int removed = 0;
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (!session.expired(now, ttlMillis)) {
                continue;
            }
            session.lock.lock();
            try {
                if (!session.dead && session.expired(now, ttlMillis)) {
                    session.dead = true;
                    sessions.remove(entry.getKey(), session);
                    removed++;
                }
            } finally {
                session.lock.unlock();
            }
        }
        return removed;
    }

    /** Number of sessions held, including expired ones the sweep has not removed yet. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Stops the periodic sweep and drops every session. */
    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        sessions.clear();
    }

    private @Nullable Session live(String sessionId) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        if (session.expired(clock.millis(), ttlMillis)) {
            expireIdleSessions();
            return null;
        }
        return session;
    }

    @Override
    public String toString() {
        return "WindowMemory[maxMessages=" + maxMessages + ", ttlMillis=" + ttlMillis + ", sessions=" + sessions.size()
                + "]";
    }

    /**
     * The periodic sweep task. It holds its memory weakly, so a memory that its user drops without closing
     * is still garbage-collected; the task then cancels itself by throwing, which stops a fixed-delay schedule.
     */
    private static final class Sweep implements Runnable {
        private final java.lang.ref.WeakReference<WindowMemory> memory;

        Sweep(WindowMemory memory) {
            this.memory = new java.lang.ref.WeakReference<>(memory);
        }

        @Override
        public void run() {
            WindowMemory target = memory.get();
            if (target == null) {
                throw new IllegalStateException("window memory was garbage-collected; sweep ends");
            }
            target.expireIdleSessions();
        }
    }

    /** One session's messages. All fields are guarded by {@link #lock}, except {@code lastAccess} read racily. */
    private static final class Session {
        final ReentrantLock lock = new ReentrantLock();
        final String id;
        final long createdAt;
        volatile long lastAccess;
        boolean dead;
        List<Message> system = List.of();
        final Message[] ring;
        int head;
        int size;

        Session(String id, long now, int capacity) {
            this.id = id;
            this.createdAt = now;
            this.lastAccess = now;
            this.ring = new Message[capacity];
        }

        boolean expired(long now, long ttlMillis) {
            return now - lastAccess > ttlMillis;
        }

        /** Appends one store's messages, evicting as {@link WindowPlanner} decides. */
        void append(List<Message> messages, boolean[] newIsTool) {
            int first = WindowPlanner.firstSurvivor(size, size, position -> at(position).role() == Role.TOOL,
                    newIsTool, ring.length);
            int skipNew = Math.max(0, first - size);
            for (int evicted = Math.min(first, size); evicted > 0; evicted--) {
                evictOldest();
            }
            int nonSystem = 0;
            for (int i = 0; i < messages.size(); i++) {
                Message message = messages.get(i);
                if (message.role() == Role.SYSTEM) {
                    List<Message> grown = new ArrayList<>(system.size() + 1);
                    grown.addAll(system);
                    grown.add(message);
                    system = grown;
                } else if (nonSystem++ >= skipNew) {
                    ring[(head + size) % ring.length] = message;
                    size++;
                }
            }
        }

        private Message at(int position) {
            return ring[(head + position) % ring.length];
        }

        private void evictOldest() {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }

        List<Message> last(int count) {
            int n = Math.min(count, size);
            return WindowPlanner.retrieved(system, new RingView(size - n, n));
        }

        /** The {@code length} ring messages from window position {@code from}, without copying. */
        private final class RingView extends java.util.AbstractList<Message> {
            private final int from;
            private final int length;

            RingView(int from, int length) {
                this.from = from;
                this.length = length;
            }

            @Override
            public Message get(int index) {
                return at(from + index);
            }

            @Override
            public int size() {
                return length;
            }
        }

        /**
         * The session's figures. Its size is summed here, when asked, rather than kept up to date on every
         * store: counting the UTF-8 bytes of each stored and each evicted message cost an agent run more
         * than the rest of the store did, for a figure only {@code sessions} and {@code stats} read.
         */
        SessionStats stats() {
            long bytes = 0;
            for (Message message : system) {
                bytes += StoredSize.of(message);
            }
            for (int position = 0; position < size; position++) {
                bytes += StoredSize.of(at(position));
            }
            return new SessionStats(id, system.size() + size, Instant.ofEpochMilli(createdAt),
                    Instant.ofEpochMilli(lastAccess), bytes);
        }
    }

    /** Settings of a {@link WindowMemory}. */
    public static final class Builder {
        private int maxMessages = DEFAULT_MAX_MESSAGES;
        private Duration ttl = DEFAULT_TTL;
        private @Nullable Duration sweepInterval;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Non-system messages kept per session (default {@value #DEFAULT_MAX_MESSAGES}). */
        public Builder maxMessages(int value) {
            this.maxMessages = MemoryArguments.requireMaxMessages(value);
            return this;
        }

        /** Idle time after which a session expires (default 1 hour); {@link Duration#ZERO} never expires. */
        public Builder ttl(Duration value) {
            this.ttl = MemoryArguments.requireTtl(value);
            return this;
        }

        /** Window and TTL at once. */
        public Builder options(MemoryOptions value) {
            this.maxMessages = value.maxMessages();
            this.ttl = value.ttl();
            return this;
        }

        /** How often idle sessions are swept (default: half the TTL, at most a minute). */
        public Builder sweepInterval(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "sweep interval must be positive");
            }
            this.sweepInterval = value;
            return this;
        }

        /** The clock that times idleness (tests pass a controllable one). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public WindowMemory build() {
            return new WindowMemory(this);
        }
    }
}
