package io.clusternode.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The accepted bearer keys, held as SHA-256 digests and compared in constant time: every key is compared, and
 * comparing digests hides the keys' lengths. Never exposes a key, not even in {@link #toString()}.
 */
public final class ApiKeys {

    private static final String BEARER = "bearer ";

    private final List<byte[]> digests;

    /**
     * @param keys the accepted keys
     * empty disables authentication
     */
    public ApiKeys(Set<String> keys) {
        List<byte[]> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(sha256(key));
        }
        this.digests = List.copyOf(values);
    }

    /** Whether keys are configured at all; without any, every request is let through. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Whether an {@code Authorization} header value carries one of the keys. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] offered = sha256(authorization.substring(BEARER.length()).strip());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, offered);
        }
        return match;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + " key(s)]";
    }
}
