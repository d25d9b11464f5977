package io.clusternode.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MCP servers the tests talk to, from npm, pinned: installed once into {@code .cache/npm} at the
 * repository root (git-ignored) by {@code .ci/run} or, failing that, by the first test that needs them. Without
 * node or npm the tests are skipped with a message, and fail under {@code CI=true}.
 */
public final class NpmServers {

    /** The packages and versions the tests use; {@code .ci/run} installs exactly these. */
    public static final List<String> PACKAGES = List.of("@modelcontextprotocol/server-everything@2026.8.31",
            "@modelcontextprotocol/server-filesystem@2026.8.31", "@modelcontextprotocol/inspector@2.12.0");

    private static final ReentrantLock LOCK = new ReentrantLock();

    private NpmServers() {
    }

    /** The repository root: the nearest directory up from the working directory holding {@code mvnw}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    /** The installed packages' {@code node_modules}, installing them first when missing. */
    public static Path nodeModules() {
        Path prefix = repositoryRoot().resolve(".cache/npm");
        Path modules = prefix.resolve("node_modules");
        LOCK.lock();
        try {
            if (!Files.exists(modules.resolve("@modelcontextprotocol/server-everything/dist/index.js"))
                    || !Files.exists(modules.resolve("@modelcontextprotocol/server-filesystem/dist/index.js"))
                    || !Files.exists(modules.resolve("@modelcontextprotocol/inspector/package.json"))) {
                install(prefix);
            }
        } finally {
            LOCK.unlock();
        }
        return modules;
    }

    /** {@code node .../server-everything/dist/index.js MODE}: the everything server on stdio, sse or streamableHttp. */
    public static List<String> everything(String mode) {
        return List.of(node(), nodeModules().resolve("@modelcontextprotocol/server-everything/dist/index.js").toString(),
                mode);
    }

    /** The filesystem server allowed to work in one directory. */
    public static List<String> filesystem(Path allowed) {
        return List.of(node(), nodeModules().resolve("@modelcontextprotocol/server-filesystem/dist/index.js").toString(),
                allowed.toString());
    }

    /** The node executable, or the test is skipped (failed under CI) when there is none. */
    public static String node() {
        if (!runs("node", "--version")) {
            unavailable("node is not installed (apt-get install nodejs npm)");
        }
        return "node";
    }

    private static void install(Path prefix) {
        if (!runs("npm", "--version")) {
            unavailable("npm is not installed (apt-get install nodejs npm)");
        }
        List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                "--no-fund", "--ignore-scripts"));
        command.addAll(PACKAGES);
        try {
            Files.createDirectories(prefix);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                unavailable("'" + String.join(" ", command) + "' failed");
            }
        } catch (IOException e) {
            unavailable("'" + String.join(" ", command) + "' failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable("interrupted while installing the MCP servers from npm");
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void unavailable(String why) {
        String message = "the real MCP servers from npm are not available: " + why;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true: " + message);
        }
        Assumptions.abort(message);
    }
}
