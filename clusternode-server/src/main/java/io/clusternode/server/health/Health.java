package io.clusternode.server.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.secret.Redaction;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.Runs;
import io.clusternode.server.http.Responses;
import io.clusternode.server.metrics.ServerMetrics;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready}: ready when the server is not
 * stopping, the memory backend answers a lookup, and the model endpoint's circuit breaker (for an HTTP model)
 * is not open. 200 with {@code "status":"UP"}, else 503 with {@code "DOWN"} and the failing check. The
 * memory check also feeds the {@code clusternode_memory_up} gauge, refreshed at most every 5 s.
 */
public final class Health implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private static final String PROBE_SESSION = "clusternode-health-probe";
    private static final long PROBE_EVERY_NANOS = 5_000_000_000L;

    private final AgentCatalog catalog;
    private final Runs runs;
    private final AtomicReference<String> memoryProblem = new AtomicReference<>();
    private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_EVERY_NANOS);

    /** Health checks of {@code catalog}'s memory and model; registers the {@code clusternode_memory_up} gauge. */
    public Health(AgentCatalog catalog, Runs runs, ServerMetrics metrics) {
        this.catalog = catalog;
        this.runs = runs;
        metrics.gauge("clusternode.memory.up", "1 when the memory backend answers, 0 when it does not",
                () -> cachedMemoryProblem() == null ? 1 : 0, "backend", catalog.memory().backend());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", (req, res) -> Responses.json(res, 200, Json.object().put("status", "UP")))
                .get("/ready", this::ready);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        ObjectNode checks = body.putObject("checks");
        boolean up = true;
        String problem = probeMemory();
        ObjectNode memory = checks.putObject("memory").put("status", problem == null ? "UP" : "DOWN")
                .put("backend", catalog.memory().backend());
        if (problem != null) {
            memory.put("error", problem);
            up = false;
        }
        String circuit = catalog.circuitState().orElse(null);
        if (circuit != null) {
            boolean open = circuit.contains("OPEN") && !circuit.equals("HALF_OPEN");
            checks.putObject("model").put("status", open ? "DOWN" : "UP").put("circuit", circuit);
            up &= !open;
        }
        if (runs.stopping()) {
            checks.putObject("server").put("status", "DOWN").put("error", "stopping");
            up = false;
        }
        body.put("status", up ? "UP" : "DOWN");
        Responses.json(res, up ? 200 : 503, body);
    }

    private String cachedMemoryProblem() {
        long now = System.nanoTime();
        long last = lastProbe.get();
        if (now - last >= PROBE_EVERY_NANOS && lastProbe.compareAndSet(last, now)) {
            return probeMemory();
        }
        return memoryProblem.get();
    }

    /** Looks a session up; returns null when the backend answers, else what failed. */
    private String probeMemory() {
        String problem = null;
        try {
            catalog.memory().stats(PROBE_SESSION);
        } catch (RuntimeException e) {
            problem = Redaction.line(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.warn("memory backend check failed: {}", problem);
        }
        memoryProblem.set(problem);
        lastProbe.set(System.nanoTime());
        return problem;
    }
}
