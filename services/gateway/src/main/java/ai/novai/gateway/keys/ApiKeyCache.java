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
 * <p>
 * While the key store is unavailable a key seen before answers as it was last seen, however old the entry
 * (a valid key keeps working through a database outage, never a 401); one never seen fails with
 * {@link KeyStoreUnavailable} (503). After a failed lookup the store is not asked again for {@code ttl}, so that
 * an outage costs one request per period the store's connection timeout, not every request.
 */
final class ApiKeyCache {

    private record Entry(Optional<ApiKey> key, long expiresAtNanos) {
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private volatile long storeRetryAtNanos;
    private volatile boolean storeDown;

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
        Optional<ApiKey> key;
        try {
            if (storeDown && now - storeRetryAtNanos < 0) {
                throw new KeyStoreUnavailable(null);
            }
            key = loader.apply(keyHash);
            storeDown = false;
        } catch (KeyStoreUnavailable unavailable) {
            if (!storeDown || now - storeRetryAtNanos >= 0) {
                storeDown = true;
                storeRetryAtNanos = now + ttlNanos;
            }
            if (entry != null) {
                return entry.key();
            }
            throw unavailable;
        }
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
