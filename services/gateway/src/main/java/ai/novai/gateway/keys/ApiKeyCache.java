package ai.novai.gateway.keys;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Recent key lookups, so that the request path does no database round trip. An entry lives
 * {@code ttl} (a revocation or expiry made elsewhere takes effect within that bound); unknown keys
 * are remembered too, so a client hammering with a wrong key does not hammer the database. Bounded: at
 * {@code maxEntries} the cache is emptied and refills with the keys in use.
 */
final class ApiKeyCache {

    private record Entry(Optional<ApiKey> key, long expiresAtNanos) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    ApiKeyCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** The key with this hash, from the cache while fresh, else from the loader. */
    Optional<ApiKey> get(String keyHash, java.util.function.Function<String, Optional<ApiKey>> loader) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(keyHash);
        if (entry != null && now - entry.expiresAtNanos() < 0) {
            return entry.key();
        }
        Optional<ApiKey> key = loader.apply(keyHash);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(keyHash, new Entry(key, now + ttlNanos));
        return key;
    }

    /** Forgets a key at once, for changes made by this gateway (revocation through its admin API). */
    void forget(String keyId) {
        entries.values().removeIf(entry -> entry.key().map(key -> key.id().equals(keyId)).orElse(false));
    }
}
