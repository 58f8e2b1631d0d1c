package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.store.Columns;
import io.helidon.dbclient.DbClient;

/**
 * File contents in the database ({@code file_parts}), in parts of {@value #PART_BYTES} bytes: an upload is written
 * part by part as it arrives, a download read part by part as the client takes it, so a 200 MB file costs one part
 * of memory at a time. Each part is its own statement and commit; a file whose writing failed half way has parts
 * but no {@code files} row, and is deleted by whoever writes or deletes its id next, or by the sweeper once its
 * last part is old ({@link #abandoned}; each part records when it was written).
 */
public final class DatabaseFileStore implements FileStore {

    static final int PART_BYTES = 1024 * 1024;

    private final DbClient db;
    private final Clock clock;

    public DatabaseFileStore(DbClient db) {
        this(db, Clock.systemUTC());
    }

    /** A store that dates the parts it writes by the clock. */
    public DatabaseFileStore(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public long write(String fileId, InputStream content, long maxBytes) throws IOException {
        delete(fileId);
        byte[] part = new byte[PART_BYTES];
        long total = 0;
        int index = 0;
        try {
            while (true) {
                int filled = content.readNBytes(part, 0, PART_BYTES);
                if (filled == 0) {
                    return total;
                }
                total += filled;
                if (total > maxBytes) {
                    throw new FileTooLargeException(maxBytes);
                }
                byte[] data = filled == PART_BYTES ? part : java.util.Arrays.copyOf(part, filled);
                db.execute().insert("INSERT INTO file_parts (file_id, part, data, written_at) VALUES (?, ?, ?, ?)",
                                    fileId, index++, data, Columns.timestamp(clock.instant()));
                if (filled < PART_BYTES) {
                    return total;
                }
            }
        } catch (IOException | RuntimeException e) {
            delete(fileId);
            throw e;
        }
    }

    @Override
    public InputStream open(String fileId) {
        return new PartsStream(fileId);
    }

    @Override
    public void delete(String fileId) {
        db.execute().delete("DELETE FROM file_parts WHERE file_id = ?", fileId);
    }

    @Override
    public List<String> abandoned(Instant lastWrittenBefore, int limit) {
        return db.execute().query("SELECT p.file_id FROM file_parts p WHERE NOT EXISTS (SELECT 1 FROM files f "
                                          + "WHERE f.id = p.file_id) GROUP BY p.file_id HAVING MAX(p.written_at) < ? "
                                          + "LIMIT ?", Columns.timestamp(lastWrittenBefore), limit)
                .map(row -> row.column("file_id").getString())
                .toList();
    }

    private Optional<byte[]> part(String fileId, int index) {
        return db.execute().get("SELECT data FROM file_parts WHERE file_id = ? AND part = ?", fileId, index)
                .map(row -> row.column("data").get(byte[].class));
    }

    // reads one part per query, when the previous one is used up
    private final class PartsStream extends InputStream {

        private final String fileId;
        private byte[] current = new byte[0];
        private int position;
        private int nextPart;
        private boolean ended;

        PartsStream(String fileId) {
            this.fileId = fileId;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                Optional<byte[]> next = part(fileId, nextPart++);
                if (next.isEmpty()) {
                    ended = true;
                    return -1;
                }
                current = next.get();
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
