package io.clusternode.server.playground;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The playground: a chat page at {@code /} with its script and style under {@code /playground/}. Plain files
 * from the class path, read once; no build step.
 */
public final class Playground implements HttpService {

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    /** Reads the page's files from the class path. */
    public Playground() {
        this.files = Map.of("index.html", load("index.html"), "app.js", load("app.js"), "style.css", load("style.css"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"))
                .get("/playground/{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        if (!files.containsKey(name) || name.equals("index.html")) {
            res.status(404).send();
            return;
        }
        send(res, name);
    }

    private void send(ServerResponse res, String name) {
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(files.get(name));
    }

    private static byte[] load(String name) {
        try (InputStream in = Playground.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the playground file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
