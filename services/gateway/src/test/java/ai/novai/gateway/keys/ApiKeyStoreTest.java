package ai.novai.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ai.novai.gateway.store.Database;
import ai.novai.gateway.testing.MutableClock;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The same migrations and the same store on both databases NovAI runs on.
 */
class ApiKeyStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123456Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(named("H2", TestDatabases::h2)),
                         Arguments.of(named("PostgreSQL", TestDatabases::postgres)));
    }

    private static List<String> ids(ApiKeyStore.Page page) {
        return page.keys().stream().map(ApiKey::id).toList();
    }

    private static org.junit.jupiter.api.Named<Supplier<TestDatabase>> named(String name,
                                                                              Supplier<TestDatabase> database) {
        return org.junit.jupiter.api.Named.of(name, database);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storesOnlyTheHashAndFindsTheKeyByIt(Supplier<TestDatabase> databases) {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            ApiKeyStore store = new ApiKeyStore(database.client(), CLOCK);

            ApiKeyStore.CreatedKey created = store.create(settings("ci", Optional.of("platform-team"), Optional.empty()));

            assertThat(created.secret(), startsWith("sk-novai-"));
            assertThat(created.secret().length(), is(52));
            assertThat(created.key().keyPrefix(), is(created.secret().substring(0, 13)));
            ApiKey found = store.findByHash(ApiKeySecrets.hash(created.secret())).orElseThrow();
            assertThat(found, is(created.key()));
            assertThat(found.createdAt(), is(NOW.truncatedTo(ChronoUnit.MICROS)));
            assertThat(found.owner(), is(Optional.of("platform-team")));
            long secretsStored = database.client().execute()
                    .query("SELECT key_hash FROM api_keys")
                    .filter(row -> row.column("key_hash").getString().contains(created.secret()))
                    .count();
            assertThat(secretsStored, is(0L));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void listsRevokesAndExpires(Supplier<TestDatabase> databases) {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            ApiKeyStore store = new ApiKeyStore(database.client(), CLOCK);
            ApiKey first = store.create(settings("first", Optional.empty(), Optional.of(NOW.plus(Duration.ofHours(1))))).key();
            ApiKey second = store.create(settings("second", Optional.empty(), Optional.empty())).key();

            ApiKey revoked = store.revoke(second.id()).orElseThrow();
            ApiKey revokedAgain = store.revoke(second.id()).orElseThrow();

            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.empty(), true)), contains(
                    List.of(first.id(), second.id()).stream().sorted(Comparator.reverseOrder()).toArray()));
            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.empty(), false)), contains(first.id()));
            assertThat(revoked.isUsableAt(NOW), is(false));
            assertThat(revokedAgain.revokedAt(), is(revoked.revokedAt()));
            assertThat(first.isUsableAt(NOW), is(true));
            assertThat(first.isUsableAt(NOW.plus(Duration.ofHours(2))), is(false));
            assertThat(store.revoke("key_missing").isPresent(), is(false));
            assertThat(store.find(first.id()).orElseThrow().expiresAt(), is(first.expiresAt()));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pagesNewestFirstByCursorAndFiltersByOwner(Supplier<TestDatabase> databases) {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            MutableClock clock = new MutableClock(NOW);
            ApiKeyStore store = new ApiKeyStore(database.client(), clock);
            List<String> created = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                created.add(store.create(settings("k" + i, Optional.of(i % 2 == 0 ? "even" : "odd"), Optional.empty())).key().id());
            }

            ApiKeyStore.Page first = store.page(Optional.empty(), 2, Optional.empty(), Optional.empty(), false);
            ApiKeyStore.Page second = store.page(Optional.of(first.keys().getLast().id()), 2, Optional.empty(),
                                                 Optional.empty(), false);
            ApiKeyStore.Page last = store.page(Optional.of(second.keys().getLast().id()), 2, Optional.empty(),
                                               Optional.empty(), false);

            assertThat(ids(first), contains(created.get(4), created.get(3)));
            assertThat(first.hasMore(), is(true));
            assertThat(ids(second), contains(created.get(2), created.get(1)));
            assertThat(ids(last), contains(created.get(0)));
            assertThat(last.hasMore(), is(false));
            assertThat(ids(store.page(Optional.empty(), 10, Optional.of("even"), Optional.empty(), false)),
                       contains(created.get(4), created.get(2), created.get(0)));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void searchMatchesNameOwnerOrPrefixIgnoringCaseAndTakesWildcardsLiterally(Supplier<TestDatabase> databases) {
        try (TestDatabase testDatabase = databases.get(); Database database = Database.open(testDatabase.config())) {
            MutableClock clock = new MutableClock(NOW);
            ApiKeyStore store = new ApiKeyStore(database.client(), clock);
            clock.advance(Duration.ofSeconds(1));
            ApiKey search = store.create(settings("Search-Prod", Optional.of("team-a"), Optional.empty())).key();
            clock.advance(Duration.ofSeconds(1));
            ApiKey owned = store.create(settings("batch", Optional.of("SEARCH@example.com"), Optional.empty())).key();
            clock.advance(Duration.ofSeconds(1));
            ApiKey percent = store.create(settings("100% off_peak", Optional.empty(), Optional.empty())).key();

            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.of("search"), false)),
                       contains(owned.id(), search.id()));
            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.of("%"), false)),
                       contains(percent.id()));
            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.of("f_p"), false)),
                       contains(percent.id()));
            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.of("o_f"), false)),
                       is(List.of()));
            String prefix = search.keyPrefix().substring(9).toUpperCase(java.util.Locale.ROOT);
            assertThat(ids(store.page(Optional.empty(), 10, Optional.empty(), Optional.of(prefix), false)),
                       contains(search.id()));
            assertThat(ids(store.page(Optional.of(owned.id()), 10, Optional.empty(), Optional.of("search"), false)),
                       contains(search.id()));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ensuringAFixedKeyIsIdempotentAndMigrationsRunOnce(Supplier<TestDatabase> databases) {
        try (TestDatabase testDatabase = databases.get()) {
            String secret = "sk-novai-fixed-development-key-000";
            ApiKey first;
            try (Database database = Database.open(testDatabase.config())) {
                first = new ApiKeyStore(database.client(), CLOCK).ensure(secret, "dev");
            }
            try (Database reopened = Database.open(testDatabase.config())) {
                ApiKeyStore store = new ApiKeyStore(reopened.client(), CLOCK);
                assertThat(store.ensure(secret, "dev"), is(first));
                assertThat(store.page(Optional.empty(), 10, Optional.empty(), Optional.empty(), true).keys().size(), is(1));
                assertThat(store.create(settings("other", Optional.empty(), Optional.empty())).key().id(), not(first.id()));
            }
        }
    }

    private static KeySettings settings(String name, Optional<String> owner, Optional<java.time.Instant> expiresAt) {
        return new KeySettings(name, owner, ApiKey.DEFAULT_TIER, KeyLimits.NONE, Optional.empty(), Optional.empty(),
                               expiresAt);
    }
}
