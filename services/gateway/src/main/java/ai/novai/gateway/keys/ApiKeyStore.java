package ai.novai.gateway.keys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import ai.novai.gateway.store.Columns;
import ai.novai.gateway.store.RandomIds;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbRow;

/**
 * API keys in the database ({@code api_keys}, see {@code db/migration}).
 */
public final class ApiKeyStore {

    private static final String COLUMNS = "id, name, owner, key_prefix, tier, rpm_limit, tpm_limit, budget_micro_usd, "
            + "budget_period, allowed_models, allowed_tools, created_at, expires_at, revoked_at";

    private final DbClient db;
    private final Clock clock;

    public ApiKeyStore(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A key that was just created, with the only copy of its secret. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    /**
     * Creates a key with a new random secret.
     *
     * @param settings name, owner, tier, limits, models and expiry of the key
     * @return the key and its secret, which is not kept anywhere
     */
    public CreatedKey create(KeySettings settings) {
        String secret = ApiKeySecrets.newKey();
        return new CreatedKey(insert(secret, settings), secret);
    }

    /**
     * Makes sure a key with this secret exists, creating it if needed. For the development key, which
     * an operator fixes in advance ({@code NOVAI_DEV_KEY}).
     */
    public ApiKey ensure(String secret, String name) {
        return findByHash(ApiKeySecrets.hash(secret)).orElseGet(() -> insert(secret, KeySettings.named(name)));
    }

    private ApiKey insert(String secret, KeySettings settings) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = newId();
        db.execute().insert("INSERT INTO api_keys (id, key_hash, key_prefix, name, owner, tier, rpm_limit, tpm_limit, "
                                    + "budget_micro_usd, budget_period, allowed_models, allowed_tools, created_at, expires_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            id, ApiKeySecrets.hash(secret), ApiKeySecrets.displayPrefix(secret), settings.name(),
                            settings.owner().orElse(null), settings.tier(),
                            nullable(settings.limits().rpm()), nullable(settings.limits().tpm()),
                            nullable(settings.limits().budgetMicroUsd()),
                            settings.limits().budgetPeriod().map(BudgetPeriod::apiName).orElse(null),
                            NameLists.toColumn(settings.allowedModels()), NameLists.toColumn(settings.allowedTools()),
                            Timestamp.from(now),
                            settings.expiresAt().map(at -> Timestamp.from(at.truncatedTo(ChronoUnit.MICROS)))
                                    .orElse(null));
        return find(id).orElseThrow();
    }

    /**
     * Replaces the settings of a key that is not revoked.
     *
     * @return the key after the change; empty when there is no such key or it is revoked
     */
    public Optional<ApiKey> update(String id, KeySettings settings) {
        long changed = db.execute().update("UPDATE api_keys SET name = ?, owner = ?, tier = ?, rpm_limit = ?, "
                                                   + "tpm_limit = ?, budget_micro_usd = ?, budget_period = ?, "
                                                   + "allowed_models = ?, allowed_tools = ?, expires_at = ? "
                                                   + "WHERE id = ? AND revoked_at IS NULL",
                                           settings.name(), settings.owner().orElse(null), settings.tier(),
                                           nullable(settings.limits().rpm()), nullable(settings.limits().tpm()),
                                           nullable(settings.limits().budgetMicroUsd()),
                                           settings.limits().budgetPeriod().map(BudgetPeriod::apiName).orElse(null),
                                           NameLists.toColumn(settings.allowedModels()),
                                           NameLists.toColumn(settings.allowedTools()),
                                           settings.expiresAt().map(at -> Timestamp.from(
                                                   at.truncatedTo(ChronoUnit.MICROS))).orElse(null),
                                           id);
        return changed == 0 ? Optional.empty() : find(id);
    }

    /** The key whose secret hashes to this value, usable or not. */
    public Optional<ApiKey> findByHash(String keyHash) {
        try {
            return db.execute().get("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?", keyHash)
                    .map(ApiKeyStore::toKey);
        } catch (DbClientException e) {
            throw new KeyStoreUnavailable(e);
        }
    }

    /** The key with this id. */
    public Optional<ApiKey> find(String id) {
        return db.execute().get("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", id)
                .map(ApiKeyStore::toKey);
    }

    /** One page of keys, newest first, and whether more follow. */
    public record Page(List<ApiKey> keys, boolean hasMore) {
    }

    /**
     * A page of keys, newest first.
     *
     * @param after          id of the last key of the previous page; it must exist
     * @param limit          largest page size
     * @param owner          only keys of this owner
     * @param search         only keys whose name, owner or display prefix contains this text, ignoring case
     * @param includeRevoked whether revoked keys are listed too
     * @return the page
     * @throws java.util.NoSuchElementException when {@code after} names no key
     */
    public Page page(Optional<String> after, int limit, Optional<String> owner, Optional<String> search,
                     boolean includeRevoked) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM api_keys WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (after.isPresent()) {
            ApiKey cursor = find(after.get()).orElseThrow();
            Timestamp createdAt = Timestamp.from(cursor.createdAt());
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.addAll(List.of(createdAt, createdAt, cursor.id()));
        }
        owner.ifPresent(value -> {
            sql.append(" AND owner = ?");
            params.add(value);
        });
        search.ifPresent(text -> {
            String pattern = "%" + likeLiteral(text.toLowerCase(Locale.ROOT)) + "%";
            sql.append(" AND (LOWER(name) LIKE ? ESCAPE '!' OR LOWER(owner) LIKE ? ESCAPE '!'"
                               + " OR LOWER(key_prefix) LIKE ? ESCAPE '!')");
            params.addAll(List.of(pattern, pattern, pattern));
        });
        if (!includeRevoked) {
            sql.append(" AND revoked_at IS NULL");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit + 1);
        List<ApiKey> keys = db.execute().query(sql.toString(), params.toArray())
                .map(ApiKeyStore::toKey)
                .toList();
        return keys.size() > limit ? new Page(keys.subList(0, limit), true) : new Page(keys, false);
    }

    /**
     * Revokes a key; revoking a revoked key keeps its first revocation time.
     *
     * @return the key after revocation, empty when there is no such key
     */
    public Optional<ApiKey> revoke(String id) {
        db.execute().update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                            Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)), id);
        return find(id);
    }

    // the text as a LIKE pattern that matches only itself: '!' escapes the wildcards and itself
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static ApiKey toKey(DbRow row) {
        return new ApiKey(
                row.column("id").getString(),
                row.column("name").getString(),
                row.column("owner").asString().asOptional(),
                row.column("key_prefix").getString(),
                row.column("tier").getString(),
                new KeyLimits(optionalLong(row, "rpm_limit"), optionalLong(row, "tpm_limit"),
                              optionalLong(row, "budget_micro_usd"),
                              row.column("budget_period").asString().asOptional()
                                      .flatMap(BudgetPeriod::ofApiName)),
                NameLists.fromColumn(row.column("allowed_models").asString().asOptional()),
                NameLists.fromColumn(row.column("allowed_tools").asString().asOptional()),
                Columns.instant(row.column("created_at").get()),
                row.column("expires_at").asOptional().map(Columns::instant),
                row.column("revoked_at").asOptional().map(Columns::instant));
    }

    private static OptionalLong optionalLong(DbRow row, String column) {
        return row.column(column).asOptional()
                .map(value -> OptionalLong.of(((Number) value).longValue()))
                .orElse(OptionalLong.empty());
    }

    private static Long nullable(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static String newId() {
        return RandomIds.next("key_");
    }
}
