package io.clusternode.memory.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/** SHA1 digests of the Lua scripts, as EVALSHA names them; computed once per script. */
final class Scripts {

    private static final ConcurrentHashMap<String, String> DIGESTS = new ConcurrentHashMap<>();

    private Scripts() {
    }

    static String sha1(String script) {
        return DIGESTS.computeIfAbsent(script, s -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-1", e);
            }
        });
    }
}
