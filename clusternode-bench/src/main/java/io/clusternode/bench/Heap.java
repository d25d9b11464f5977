package io.clusternode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after garbage collection, the way the bench measures memory: {@link System#gc()} (a full,
 * stop-the-world collection on G1 and the other default collectors unless {@code -XX:+ExplicitGCInvokesConcurrent}
 * or {@code -XX:+DisableExplicitGC} is set), a short pause so reference processing and finalisation settle,
 * repeated until two consecutive readings of {@link MemoryMXBean#getHeapMemoryUsage()} differ by less than
 * 64 KiB (at most 10 rounds, at least 3). What remains is the live data of the whole JVM, so differences
 * between two readings are what the objects created in between keep alive.
 */
public final class Heap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final long TOLERANCE = 64 * 1024;

    private Heap() {
    }

    public static long usedAfterGc() {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int round = 0; round < 10; round++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = MEMORY.getHeapMemoryUsage().getUsed();
            if (round >= 2 && Math.abs(previous - used) < TOLERANCE) {
                break;
            }
            previous = used;
        }
        return used;
    }

    public static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
