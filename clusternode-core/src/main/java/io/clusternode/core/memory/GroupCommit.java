package io.clusternode.core.memory;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Group commit for persistent memories: concurrent stores are written together, one transaction (or one
 * pipeline) for every turn waiting at that moment, instead of one commit each.
 *
 * <p>A store queues its turn in its session's lane. If no group of that lane is being written, it becomes the
 * lane's writer: it drains the queue and writes everything in it, so while one group is written the next one
 * gathers. Otherwise it parks until its turn is written, or until the writer hands the lane over to it (the
 * writer wakes the oldest queued turn when it is done). Waiting stores never queue on a lock, so a group of 64
 * turns costs one write and 64 wake-ups, not 64 lock hand-overs in a row.
 * Stores of one session always share a lane, so their order is kept; different lanes write in parallel (on
 * different connections). Each turn still succeeds or fails on its own: the writer reports per-turn failures,
 * and a store returns only once its turn is durable, exactly as an unbatched store would.
 *
 * <p>Why: with one commit per turn, 64 concurrent sessions queue behind each other's commits (an fsync, a
 * network round trip, SQLite's single writer), and whoever loses the race for the lock repeatedly waits for
 * seconds; a group pays one commit for all of them, and the queue serves turns in arrival order.
 *
 * @param <T> what one turn carries
 */
public final class GroupCommit<T> {

    /** Writes one group; marks turns that failed on their own with {@link Turn#fail}. */
    @FunctionalInterface
    public interface Writer<T> {
        /**
         * Writes the turns, durably, before returning. Throwing fails every turn not failed yet.
         *
         * @param group the turns, in arrival order
         */
        void write(List<Turn<T>> group) throws Exception;
    }

    /** One queued turn. */
    public static final class Turn<T> {
        private final String sessionId;
        private final T value;
        private final Thread waiter = Thread.currentThread();
        private volatile boolean done;
        private volatile boolean lead;
        private @Nullable RuntimeException failure;

        Turn(String sessionId, T value) {
            this.sessionId = sessionId;
            this.value = value;
        }

        void finish() {
            done = true;
            LockSupport.unpark(waiter);
        }

        void handOver() {
            lead = true;
            LockSupport.unpark(waiter);
        }

        public String sessionId() {
            return sessionId;
        }

        public T value() {
            return value;
        }

        /** Marks this turn as failed; the store that queued it throws {@code failure}. */
        public void fail(RuntimeException failure) {
            if (this.failure == null) {
                this.failure = failure;
            }
        }
    }

    private static final class Lane<T> {
        final ReentrantLock lock = new ReentrantLock();
        final ConcurrentLinkedQueue<Turn<T>> queue = new ConcurrentLinkedQueue<>();
    }

    private final List<Lane<T>> lanes;
    private final int maxGroup;
    private final Writer<T> writer;

    /**
     * @param lanes    groups written in parallel, at least 1 (e.g. the connections available for writing)
     * @param maxGroup most turns in one group, at least 1
     * @param writer   writes a group
     */
    public GroupCommit(int lanes, int maxGroup, Writer<T> writer) {
        if (lanes < 1 || maxGroup < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "group commit needs at least one lane and turn");
        }
        List<Lane<T>> created = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            created.add(new Lane<>());
        }
        this.lanes = List.copyOf(created);
        this.maxGroup = maxGroup;
        this.writer = writer;
    }

    /**
     * Writes one turn, together with whatever other turns are waiting, and returns once it is written.
     *
     * @throws RuntimeException the turn's own failure, or the group's
     */
    public void submit(String sessionId, T value) {
        Turn<T> turn = new Turn<>(sessionId, value);
        Lane<T> lane = lanes.get(Math.floorMod(sessionId.hashCode(), lanes.size()));
        lane.queue.add(turn);
        while (!turn.done) {
            if (lane.lock.tryLock()) {
                try {
                    while (!turn.done) {
                        List<Turn<T>> group = new ArrayList<>(Math.min(maxGroup, 64));
                        Turn<T> next;
                        while (group.size() < maxGroup && (next = lane.queue.poll()) != null) {
                            group.add(next);
                        }
                        write(group);
                    }
                } finally {
                    lane.lock.unlock();
                }
                // A store that queued while this group was written found the lane busy and parked: wake the
                // oldest one to write the next group. (One queued after this check takes the free lane itself.)
                Turn<T> oldest = lane.queue.peek();
                if (oldest != null) {
                    oldest.handOver();
                }
                break;
            }
            turn.lead = false;
            while (!turn.done && !turn.lead && lane.lock.isLocked()) {
                LockSupport.park(this);
            }
        }
        if (turn.failure != null) {
            throw turn.failure;
        }
    }

    /** Turns queued and not yet taken into a group, over all lanes (for tests and monitoring). */
    public int queued() {
        int count = 0;
        for (Lane<T> lane : lanes) {
            count += lane.queue.size();
        }
        return count;
    }

    private void write(List<Turn<T>> group) {
        try {
            writer.write(group);
        } catch (Exception | Error e) {
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new NodeExecutionException(ErrorCode.MEMORY_ERROR, "writing a group of turns failed: "
                            + e.getClass().getSimpleName(), e);
            for (Turn<T> turn : group) {
                turn.fail(failure);
            }
        } finally {
            for (Turn<T> turn : group) {
                turn.finish();
            }
        }
    }
}
