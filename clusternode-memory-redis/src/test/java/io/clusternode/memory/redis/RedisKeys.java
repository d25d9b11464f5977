package io.clusternode.memory.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Unique key prefixes on the test server and their clean-up, so runs never share keys. */
final class RedisKeys {

    static final RedisConnection CONNECTION = RedisConnection.of("127.0.0.1", 6379);

    private final List<String> prefixes = new ArrayList<>();

    String newPrefix() {
        String prefix = "cn-test:" + UUID.randomUUID() + ":";
        prefixes.add(prefix);
        return prefix;
    }

    void deleteAll() {
        if (prefixes.isEmpty()) {
            return;
        }
        try (RedisClient redis = RedisClient.create("127.0.0.1", 6379)) {
            for (String prefix : prefixes) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                    if (!page.getResult().isEmpty()) {
                        redis.del(page.getResult().toArray(String[]::new));
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
        prefixes.clear();
    }
}
