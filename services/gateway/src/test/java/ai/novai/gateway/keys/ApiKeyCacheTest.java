package ai.novai.gateway.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ApiKeyCacheTest {

    private static final ApiKey KEY = new ApiKey("key_1", "ci", Optional.empty(), "sk-novai-abcd",
                                                 ApiKey.DEFAULT_TIER, KeyLimits.NONE, Optional.empty(), Optional.empty(),
                                                 Instant.EPOCH, Optional.empty(), Optional.empty());

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final Function<String, Optional<ApiKey>> store = hash -> {
        loads.incrementAndGet();
        return hash.equals("known") ? Optional.of(KEY) : Optional.empty();
    };

    @Test
    void reusesALookupUntilItsTtlEnds() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(5), 100, now::get);

        assertThat(cache.get("known", store), is(Optional.of(KEY)));
        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(cache.get("known", store), is(Optional.of(KEY)));
        assertThat(loads.get(), is(1));

        now.addAndGet(Duration.ofMillis(2).toNanos());
        cache.get("known", store);
        assertThat(loads.get(), is(2));
    }

    @Test
    void whileTheStoreIsDownAKeySeenBeforeAnswersAsLastSeenAndAnUnseenOneFails() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(5), 100, now::get);
        cache.get("known", store);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        AtomicInteger failedLoads = new AtomicInteger();
        Function<String, Optional<ApiKey>> down = hash -> {
            failedLoads.incrementAndGet();
            throw new KeyStoreUnavailable(new IllegalStateException("connection refused"));
        };

        assertThat("a valid key keeps working", cache.get("known", down), is(Optional.of(KEY)));
        org.junit.jupiter.api.Assertions.assertThrows(KeyStoreUnavailable.class, () -> cache.get("never-seen", down));
        // the store is not asked again until a ttl passed: one slow failure per period, not one per request
        for (int i = 0; i < 10; i++) {
            cache.get("known", down);
        }
        assertThat(failedLoads.get(), is(1));

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat("asked again after the ttl, and back", cache.get("never-seen", store), is(Optional.empty()));
        assertThat(cache.get("known", store), is(Optional.of(KEY)));
    }

    @Test
    void remembersUnknownKeysToo() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(5), 100, now::get);

        for (int i = 0; i < 10; i++) {
            assertThat(cache.get("unknown", store).isPresent(), is(false));
        }

        assertThat(loads.get(), is(1));
    }

    @Test
    void forgetsARevokedKeyAtOnce() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(5), 100, now::get);
        cache.get("known", store);

        cache.forget("key_1");
        cache.get("known", store);

        assertThat(loads.get(), is(2));
    }

    @Test
    void staysWithinItsBound() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(5), 3, now::get);
        for (int i = 0; i < 10; i++) {
            cache.get("wrong-" + i, store);
        }
        cache.get("known", store);
        cache.get("known", store);

        assertThat(loads.get(), is(11));
    }
}
