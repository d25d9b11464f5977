package io.clusternode.mcp;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How to reach an MCP server: a command line (stdio), a Streamable HTTP endpoint or an SSE endpoint. */
public sealed interface McpTransportSpec {

    /** A short name for messages: the command's program or the endpoint's host and path (redacted). */
    String label();

    /**
     * A server started as a child process speaking MCP on its standard input and output.
     *
     * @param command the program and its arguments
     * @param environment variables added to the inherited environment
     */
    record Stdio(List<String> command, Map<String, String> environment) implements McpTransportSpec {
        public Stdio {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "an MCP server command line is empty");
            }
        }

        @Override
        public String label() {
            return String.join(" ", command);
        }

        @Override
        public String toString() {
            // Environment values may be keys: only their names are shown.
            return "Stdio[" + label() + ", environment=" + environment.keySet() + "]";
        }
    }

    /**
     * A server reached over HTTP.
     *
     * @param url the endpoint, e.g. {@code http://127.0.0.1:3001/mcp}
     * @param headers sent with every request (authentication); never printed
     * @param sse true for the older HTTP+SSE transport, false for Streamable HTTP
     */
    record Http(URI url, Map<String, String> headers, boolean sse) implements McpTransportSpec {
        public Http {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                    || url.getHost() == null) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                        "an MCP server URL must be an http:// or https:// URL with a host");
            }
        }

        @Override
        public String label() {
            return Redaction.url(url.toString());
        }

        @Override
        public String toString() {
            return "Http[" + label() + ", headers=" + headers.keySet() + ", sse=" + sse + "]";
        }
    }

    /**
     * Reads the short form the CLI takes: an {@code http(s)://} URL is a Streamable HTTP endpoint (an SSE one
     * when its path ends in {@code /sse}); anything else is a command line, split at spaces outside quotes.
     *
     * @throws NodeExecutionException {@code INVALID_INPUT} for an empty command or a malformed URL
     */
    static McpTransportSpec parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            URI url;
            try {
                url = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "an MCP server URL is malformed: "
                        + Redaction.url(trimmed));
            }
            return new Http(url, Map.of(), url.getPath() != null && url.getPath().endsWith("/sse"));
        }
        return new Stdio(splitCommandLine(trimmed), Map.of());
    }

    /** Splits a command line at whitespace, keeping what is inside single or double quotes together. */
    static List<String> splitCommandLine(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "an MCP server command line has an unclosed "
                    + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
