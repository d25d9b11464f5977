package io.clusternode.bench;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The progress bar on stderr. On a terminal a daemon thread redraws one line five times a second; elsewhere
 * (a pipe, a CI log) each phase prints one line, so logs stay readable. Workers only add to a
 * {@link LongAdder}, which costs a few nanoseconds and never contends.
 */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean interactive;
    private final int scenarioCount;
    private final LongAdder done = new LongAdder();
    private final ReentrantLock renderLock = new ReentrantLock();
    private final Thread renderer;
    private final AtomicInteger scenarioIndex = new AtomicInteger();
    private volatile String scenario = "";
    private volatile String phase = "";
    private volatile long total;
    private volatile long scenarioStart = System.nanoTime();
    private volatile boolean closed;

    public Progress(PrintWriter out, int scenarioCount) {
        this(out, isTerminal(), scenarioCount);
    }

    public Progress(PrintWriter out, boolean interactive, int scenarioCount) {
        this.out = out;
        this.interactive = interactive;
        this.scenarioCount = scenarioCount;
        if (interactive) {
            renderer = Thread.ofPlatform().daemon().name("bench-progress").start(this::renderLoop);
        } else {
            renderer = null;
        }
    }

    /** Starts the next scenario. */
    public void scenario(String name) {
        scenarioIndex.incrementAndGet();
        scenario = name;
        scenarioStart = System.nanoTime();
        phase = "";
        total = 0;
        done.reset();
    }

    /** Starts a phase of the current scenario with {@code units} expected steps (0 when unknown). */
    public void phase(String label, long units) {
        phase = label;
        total = units;
        done.reset();
        if (!interactive) {
            out.printf(Locale.ROOT, "[%d/%d] %s: %s%n", scenarioIndex.get(), scenarioCount, scenario, label);
        }
    }

    /** Adds finished steps of the current phase. */
    public void advance(long units) {
        done.add(units);
    }

    /** Ends the current scenario's line. */
    public void scenarioDone() {
        double seconds = (System.nanoTime() - scenarioStart) / 1e9;
        if (interactive) {
            render();
            out.printf(Locale.ROOT, "%n");
        } else {
            out.printf(Locale.ROOT, "[%d/%d] %s: done in %.1f s%n", scenarioIndex.get(), scenarioCount, scenario, seconds);
        }
        phase = "";
        scenario = "";
    }

    @Override
    public void close() {
        closed = true;
        if (renderer != null) {
            renderer.interrupt();
            try {
                renderer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }


    private void renderLoop() {
        while (!closed) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (!scenario.isEmpty()) {
                render();
            }
        }
    }

    private void render() {
        renderLock.lock();
        try {
            draw();
        } finally {
            renderLock.unlock();
        }
    }

    private void draw() {
        long t = total;
        long d = done.sum();
        double fraction = t <= 0 ? 0 : Math.min(1.0, (double) d / t);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        double seconds = (System.nanoTime() - scenarioStart) / 1e9;
        String line = String.format(Locale.ROOT, "\r[%d/%d] %-18s [%s] %3.0f%% %6.1f s  %-40s", scenarioIndex.get(),
                scenarioCount, scenario, bar, fraction * 100, seconds, phase);
        out.print(line);
        out.flush();
    }

    /** Whether stderr is an interactive terminal (Java 22+ answers exactly; on 21 a console means one). */
    @SuppressWarnings("SystemConsoleNull") // null is Java 21's answer; 22+ is asked isTerminal() below
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
