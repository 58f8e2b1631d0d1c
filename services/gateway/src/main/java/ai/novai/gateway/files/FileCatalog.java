package ai.novai.gateway.files;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.store.Columns;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** The files' metadata ({@code files}): one row per complete file. */
public final class FileCatalog {

    private static final String COLUMNS = "id, key_id, filename, purpose, bytes, created_at, expires_at";

    private final DbClient db;

    public FileCatalog(DbClient db) {
        this.db = db;
    }

    /** Adds the row of a file whose content is stored. */
    public void add(StoredFile file) {
        db.execute().insert("INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                            file.id(), file.keyId(), file.filename(), file.purpose().apiName(), file.bytes(),
                            Timestamp.from(file.createdAt()), file.expiresAt().map(Timestamp::from).orElse(null));
    }

    /** The file, unless it does not exist or expired. */
    public Optional<StoredFile> find(String id, Instant now) {
        return db.execute().get("SELECT " + COLUMNS + " FROM files WHERE id = ?", id)
                .map(FileCatalog::file)
                .filter(file -> file.expiresAt().isEmpty() || file.expiresAt().get().isAfter(now));
    }

    /** Removes the row; whether there was one. */
    public boolean remove(String id) {
        return db.execute().delete("DELETE FROM files WHERE id = ?", id) > 0;
    }

    /**
     * A page of files, ordered by creation (then id).
     *
     * @param keyId     only this key's, or every key's
     * @param purpose   only of this purpose
     * @param after     the last file of the previous page
     * @param ascending oldest first
     * @param limit     the most returned
     * @param now       files expired by then are left out
     */
    public List<StoredFile> page(Optional<String> keyId, Optional<FilePurpose> purpose, Optional<StoredFile> after,
                                 boolean ascending, int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM files WHERE (expires_at IS NULL OR "
                                                      + "expires_at > ?)");
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(now)));
        keyId.ifPresent(key -> {
            sql.append(" AND key_id = ?");
            params.add(key);
        });
        purpose.ifPresent(value -> {
            sql.append(" AND purpose = ?");
            params.add(value.apiName());
        });
        String direction = ascending ? ">" : "<";
        after.ifPresent(file -> {
            sql.append(" AND (created_at ").append(direction).append(" ? OR (created_at = ? AND id ")
                    .append(direction).append(" ?))");
            params.add(Timestamp.from(file.createdAt()));
            params.add(Timestamp.from(file.createdAt()));
            params.add(file.id());
        });
        String order = ascending ? "ASC" : "DESC";
        sql.append(" ORDER BY created_at ").append(order).append(", id ").append(order).append(" LIMIT ?");
        params.add(limit);
        return db.execute().query(sql.toString(), params.toArray()).map(FileCatalog::file).toList();
    }

    /** Ids of files that expired by {@code now}, at most {@code limit}. */
    public List<String> expired(Instant now, int limit) {
        return db.execute().query("SELECT id FROM files WHERE expires_at <= ? LIMIT ?", Timestamp.from(now), limit)
                .map(row -> row.column("id").getString())
                .toList();
    }

    private static StoredFile file(DbRow row) {
        return new StoredFile(row.column("id").getString(), row.column("key_id").getString(),
                              row.column("filename").getString(),
                              FilePurpose.of(row.column("purpose").getString()).orElseThrow(),
                              row.column("bytes").getLong(), Columns.instant(row.column("created_at").get()),
                              row.column("expires_at").asOptional().map(Columns::instant));
    }
}
