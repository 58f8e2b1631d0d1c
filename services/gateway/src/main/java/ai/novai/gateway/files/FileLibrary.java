package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Files as the API and the batch engine use them: content in a {@link FileStore}, metadata in the
 * {@link FileCatalog}. The content is stored first and the row added last, so a file is visible only once it is
 * whole; deleting goes the other way round.
 */
public final class FileLibrary {

    private final FileStore contents;
    private final FileCatalog catalog;
    private final Clock clock;

    public FileLibrary(FileStore contents, FileCatalog catalog, Clock clock) {
        this.contents = contents;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A new file id. */
    public static String newId() {
        return ai.novai.gateway.store.RandomIds.next(FileIds.PREFIX);
    }

    /**
     * Stores a file.
     *
     * @param id           from {@link #newId()}, or one derived from a batch (written again after a crash)
     * @param keyId        its owner
     * @param filename     its name
     * @param purpose      input or output
     * @param expiresAfter how long it is kept, or forever
     * @param content      read to its end
     * @param maxBytes     the most it may hold
     * @return the stored file
     * @throws FileTooLargeException the content is larger than {@code maxBytes}; nothing is kept
     * @throws IOException           reading the content failed; nothing is kept
     */
    public StoredFile store(String id, String keyId, String filename, FilePurpose purpose,
                            Optional<Duration> expiresAfter, InputStream content, long maxBytes) throws IOException {
        Instant now = now();
        // a file written again under its id (a batch's output, after a crash) replaces the earlier one
        catalog.remove(id);
        long bytes = contents.write(id, content, maxBytes);
        return add(new StoredFile(id, keyId, filename, purpose, bytes, now, expiresAfter.map(now::plus)));
    }

    /**
     * Stores content that becomes a file later ({@link #publish}) or not at all ({@link #discard}): an upload
     * whose form fields may come after its file. Content never published is deleted by
     * {@link #deleteAbandoned} if the gateway stops before either.
     *
     * @param id       from {@link #newId()}
     * @param content  read to its end
     * @param maxBytes the most it may hold
     * @throws FileTooLargeException the content is larger than {@code maxBytes}; nothing is kept
     * @throws IOException           reading the content failed; nothing is kept
     */
    public StagedContent stage(String id, InputStream content, long maxBytes) throws IOException {
        return new StagedContent(id, contents.write(id, content, maxBytes));
    }

    /** Makes staged content a file, created now; see {@link #store} for the parameters. */
    public StoredFile publish(StagedContent content, String keyId, String filename, FilePurpose purpose,
                              Optional<Duration> expiresAfter) {
        Instant now = now();
        return add(new StoredFile(content.id(), keyId, filename, purpose, content.bytes(), now,
                                  expiresAfter.map(now::plus)));
    }

    /** Deletes staged content that will not be a file. */
    public void discard(StagedContent content) {
        contents.delete(content.id());
    }

    private StoredFile add(StoredFile file) {
        try {
            catalog.add(file);
        } catch (RuntimeException e) {
            contents.delete(file.id());
            throw e;
        }
        return file;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The file, unless it does not exist or expired. */
    public Optional<StoredFile> find(String id) {
        return catalog.find(id, clock.instant());
    }

    /**
     * The file of this id as a caller sees it: none when the id is not one (checked before any query), the file does
     * not exist or expired, or {@code owner} names another key than the file's.
     *
     * @param id    as the caller gave it
     * @param owner the caller's key, or empty for the admin token (every key's files)
     */
    public Optional<StoredFile> find(String id, Optional<String> owner) {
        if (!FileIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return find(id).filter(file -> owner.isEmpty() || owner.get().equals(file.keyId()));
    }

    /** Its content, streamed. */
    public InputStream open(StoredFile file) {
        return contents.open(file.id());
    }

    /** Deletes a file; whether it existed. */
    public boolean delete(String id) {
        boolean existed = catalog.remove(id);
        contents.delete(id);
        return existed;
    }

    /** A page of files; see {@link FileCatalog#page}. */
    public List<StoredFile> page(Optional<String> keyId, Optional<FilePurpose> purpose, Optional<StoredFile> after,
                                 boolean ascending, int limit) {
        return catalog.page(keyId, purpose, after, ascending, limit, clock.instant());
    }

    /** Deletes up to {@code limit} expired files; how many. */
    public int deleteExpired(int limit) {
        List<String> expired = catalog.expired(clock.instant(), limit);
        expired.forEach(this::delete);
        return expired.size();
    }

    /**
     * Deletes up to {@code limit} contents that no file owns and that were last written longer than
     * {@code idleFor} ago (writes cut short by a crash); how many.
     */
    public int deleteAbandoned(Duration idleFor, int limit) {
        List<String> abandoned = contents.abandoned(clock.instant().minus(idleFor), limit);
        abandoned.forEach(contents::delete);
        return abandoned.size();
    }
}
