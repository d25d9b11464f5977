package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.spi.Settings;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.ClusterNodeServer;
import io.clusternode.server.ServerConfig;
import io.clusternode.server.metrics.ServerMetrics;
import io.helidon.http.HeaderNames;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code clusternode serve} under load: a server in its own JVM (simulated model at 0 ms, window memory, the
 * default agent) answering {@code POST /v1/chat/completions} whole and streamed, and, as the framework's own
 * limit, a bare route answering a canned completion of the same size. The load comes from {@code wrk} when it
 * is installed, else from keep-alive HTTP/1.1 connections on virtual threads; either shares the machine with the
 * server. Targets: at least 20,000 requests/s at 64 connections non-streamed, and at least 70 % of the canned
 * route's rate. Also the server's resident memory (RSS) idle and after 100,000 requests.
 */
public final class ServerScenario implements Scenario {

    private static final String S = "server";
    private static final String CANNED_PATH = "/bench/canned";
    private static final String CHAT_PATH = "/v1/chat/completions";
    private static final String CHAT = "{\"model\":\"clusternode\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, server\"}]}";
    private static final String STREAM = "{\"model\":\"clusternode\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello, server\"}]}";
    private static final int MANY = 64;

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "HTTP server: /v1/chat/completions whole and streamed vs a canned route, 1 and 64 connections; RSS";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        boolean quick = context.settings().quick();
        int seconds = quick ? 1 : 5;
        String wrk = executable("wrk");
        String generator = wrk != null ? "wrk" : "virtual-thread client";
        try (Child server = Child.start()) {
            context.add(Row.info(S, "server RSS idle", server.rssMegabytes(), "MB"));
            context.progress().phase("warm-up", 0);
            measure(wrk, server.port(), CHAT_PATH, CHAT, MANY, quick ? 1 : 3);
            measure(wrk, server.port(), CANNED_PATH, "", MANY, quick ? 1 : 2);
            double chatMany = 0;
            double cannedMany = 0;
            for (int connections : new int[] {1, MANY}) {
                String at = connections == 1 ? "1 connection" : connections + " connections";
                context.progress().phase("chat completions, " + at, 0);
                Result chat = measure(wrk, server.port(), CHAT_PATH, CHAT, connections, seconds);
                context.progress().phase("streamed chat completions, " + at, 0);
                Result streamed = measure(wrk, server.port(), CHAT_PATH, STREAM, connections, seconds);
                context.progress().phase("canned route, " + at, 0);
                Result canned = measure(wrk, server.port(), CANNED_PATH, "", connections, seconds);
                String note = "load from " + generator + " on the same machine; " + loadAverage();
                report(context, "chat completions, " + at, chat, connections == MANY ? 20_000.0 : null, note);
                report(context, "streamed chat completions, " + at, streamed, null, note);
                report(context, "canned route (framework limit), " + at, canned, null, note);
                if (connections == MANY) {
                    chatMany = chat.perSecond();
                    cannedMany = canned.perSecond();
                }
            }
            context.add(Row.of(S, "chat completions / canned route, 64 connections", chatMany / cannedMany * 100,
                    "%", "", ">= 70 % of the canned route", 70.0, Better.HIGHER));
            context.progress().phase("100,000 requests for RSS", 0);
            long requests = quick ? 10_000 : 100_000;
            Result bulk = count(server.port(), CHAT_PATH, CHAT, MANY, requests);
            context.add(Row.info(S, "server RSS after " + bulk.requests() + " more requests", server.rssMegabytes(), "MB")
                    .withNote(bulk.errors() == 0 ? null : bulk.errors() + " errors"));
        }
    }

    private static void report(BenchContext context, String what, Result result, Double target, String note) {
        Row rate = target != null
                ? Row.of(S, "requests/s, " + what, result.perSecond(), "req/s", "", ">= 20,000 req/s", target,
                        Better.HIGHER)
                : Row.info(S, "requests/s, " + what, result.perSecond(), "req/s");
        context.add(rate.withNote(note));
        context.add(Row.info(S, "latency p50, " + what, result.p50Millis(), "ms"));
        context.add(Row.info(S, "latency p99, " + what, result.p99Millis(), "ms"));
        context.add(Row.of(S, "errors, " + what, (double) result.errors(), "count", "", "0", 0.0, Better.LOWER));
    }

    /** Requests/s, latency percentiles and errors of one load run. */
    record Result(double perSecond, double p50Millis, double p99Millis, long errors, long requests) {
    }

    private static Result measure(String wrk, int port, String path, String body, int connections, int seconds)
            throws Exception {
        return wrk != null ? Wrk.run(wrk, port, path, body, connections, seconds)
                : VirtualThreadClient.run(port, path, body, connections, seconds * 1_000_000_000L, Long.MAX_VALUE);
    }

    private static Result count(int port, String path, String body, int connections, long requests) throws Exception {
        return VirtualThreadClient.run(port, path, body, connections, 0, requests / connections);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** The server in a child JVM, so its RSS is its own and the load generator is another process. */
    private record Child(Process process, int port) implements AutoCloseable {

        static Child start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ServerScenario.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IOException("the benchmark server did not start");
            }
            return new Child(process, Integer.parseInt(line.substring(5).strip()));
        }

        double rssMegabytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The child JVM: a server on a free loopback port with the canned route added, printing {@code PORT n}; it
     * stops when its standard input closes or on SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.MAX_CONCURRENT_RUNS, "256"),
                Settings.empty());
        ServerMetrics metrics = new ServerMetrics();
        AgentCatalog catalog = AgentCatalog.create(config, Settings.empty(), metrics);
        byte[] canned = ("{\"id\":\"chatcmpl-0123456789abcdef0123456789abcdef\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"clusternode\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Simulated reply to \\\"Hello, server\\\" (I received 0"
                + " earlier conversation messages).\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":23,\"total_tokens\":31}}")
                .getBytes(StandardCharsets.UTF_8);
        ClusterNodeServer server = ClusterNodeServer.start(config, catalog, metrics, routing ->
                routing.any(CANNED_PATH, (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(canned);
                }));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("PORT " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        server.close();
    }

    /** Keep-alive HTTP/1.1 connections, one virtual thread each, reading whole responses (chunked or not). */
    static final class VirtualThreadClient {

        static Result run(int port, String path, String body, int connections, long budgetNanos, long perConnection)
                throws Exception {
            byte[] request = request(port, path, body);
            Socket[] sockets = new Socket[connections];
            InputStream[] ins = new InputStream[connections];
            OutputStream[] outs = new OutputStream[connections];
            for (int i = 0; i < connections; i++) {
                sockets[i] = new Socket();
                sockets[i].setTcpNoDelay(true);
                sockets[i].connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                ins[i] = new BufferedInputStream(sockets[i].getInputStream(), 16 * 1024);
                outs[i] = sockets[i].getOutputStream();
            }
            try {
                Load.Result result = Load.run(connections, perConnection, budgetNanos, true, null, (worker, i) -> {
                    outs[worker].write(request);
                    outs[worker].flush();
                    int status = readResponse(ins[worker]);
                    if (status != 200) {
                        throw new IOException("HTTP " + status);
                    }
                });
                return new Result(result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                        result.errors(), result.ops());
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }

        private static byte[] request(int port, String path, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = (body.isEmpty() ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[headBytes.length + bytes.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
            return all;
        }

        /** Reads one response; returns its status. */
        static int readResponse(InputStream in) throws IOException {
            String status = line(in);
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).strip();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(header.substring(colon + 1).strip());
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                }
            }
            if (chunked) {
                for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                    in.skipNBytes(size);
                    line(in);
                }
                while (!line(in).isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            return code;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** Runs wrk with a Lua script for the request, and reads its summary. */
    static final class Wrk {

        private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
        private static final Pattern PERCENTILE = Pattern.compile("\\s(50|99)%\\s+([0-9.]+)(us|ms|s)\\b");
        private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
        private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
        private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

        static Result run(String wrk, int port, String path, String body, int connections, int seconds)
                throws Exception {
            Path script = Files.createTempFile("clusternode-wrk-", ".lua");
            try {
                Files.writeString(script, body.isEmpty() ? "" : "wrk.method = \"POST\"\nwrk.body = [[" + body
                        + "]]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
                int threads = Math.min(connections, Math.max(1, Runtime.getRuntime().availableProcessors()));
                List<String> command = new ArrayList<>(List.of(wrk, "-t" + threads, "-c" + connections,
                        "-d" + seconds + "s", "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + path));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor();
                Matcher rate = RATE.matcher(output);
                if (!rate.find()) {
                    throw new IOException("wrk printed no rate: " + output.strip());
                }
                double p50 = Double.NaN;
                double p99 = Double.NaN;
                Matcher percentile = PERCENTILE.matcher(output);
                while (percentile.find()) {
                    double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                        case "us" -> 0.001;
                        case "s" -> 1000.0;
                        default -> 1.0;
                    };
                    if (percentile.group(1).equals("50")) {
                        p50 = value;
                    } else {
                        p99 = value;
                    }
                }
                long errors = 0;
                Matcher non2xx = NON_2XX.matcher(output);
                if (non2xx.find()) {
                    errors += Long.parseLong(non2xx.group(1));
                }
                Matcher socket = SOCKET.matcher(output);
                if (socket.find()) {
                    for (int g = 1; g <= 4; g++) {
                        errors += Long.parseLong(socket.group(g));
                    }
                }
                Matcher total = TOTAL.matcher(output);
                long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
                return new Result(Double.parseDouble(rate.group(1)), p50, p99, errors, requests);
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }

    /** The size of an HTTP chunk from its size line (hexadecimal, maybe followed by extensions). */
    private static long chunkSize(String sizeLine) {
        int semicolon = sizeLine.indexOf(';');
        return Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
    }
}
