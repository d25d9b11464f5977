package io.clusternode.bench.jmh;

import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The memory hot paths: storing a 100-message conversation as 50 turns, and retrieving the last 10 messages. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoryBenchmark {

    private WindowMemory memory;
    private List<List<Message>> turns;
    private String[] sessions;
    private int next;

    @Setup
    public void setUp() {
        memory = WindowMemory.builder().build();
        turns = new ArrayList<>(50);
        for (int i = 0; i < 50; i++) {
            turns.add(List.of(Message.user("question " + i), Message.assistant("answer " + i)));
        }
        sessions = new String[100];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = "jmh-" + i;
            for (List<Message> turn : turns) {
                memory.store(sessions[i], turn);
            }
        }
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }

    /** Stores 100 messages (50 user/assistant turns) into one of 100 sessions. */
    @Benchmark
    public void store100Messages() {
        String session = sessions[next++ % sessions.length];
        for (List<Message> turn : turns) {
            memory.store(session, turn);
        }
    }

    /** Retrieves the last 10 messages of one of 100 full sessions. */
    @Benchmark
    public List<Message> retrieveLast10() {
        return memory.retrieve(sessions[next++ % sessions.length], 10);
    }
}
