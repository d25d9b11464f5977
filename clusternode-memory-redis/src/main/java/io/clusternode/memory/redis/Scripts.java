package io.clusternode.memory.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of {@link RedisMemory}, read from the resource files next to this class ({@code store.lua},
 * {@code retrieve.lua}, ...), each preceded by {@code prelude.lua}, with the SHA1 digest EVALSHA names it by.
 */
enum Scripts {
    STORE("store"),
    RETRIEVE("retrieve"),
    STATS("stats"),
    CLEAR("clear"),
    LIST("list");

    final String source;
    final String sha1;

    Scripts(String name) {
        this.source = read("prelude") + "\n" + read(name);
        this.sha1 = sha1(source);
    }

    private static String read(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("the Redis memory's script " + name + ".lua is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }
}
