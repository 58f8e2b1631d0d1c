package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where file contents live, as streams: never a whole file in memory. {@link DatabaseFileStore} keeps them in the
 * database; an object store (S3, GCS) would be another implementation of this interface.
 */
public interface FileStore {

    /**
     * Stores the content under the id, replacing any content stored under it before (a write cut short by a crash
     * and done again).
     *
     * @param fileId  the file
     * @param content read to its end
     * @param maxBytes the most that is stored: more fails with {@link FileTooLargeException}
     * @return the bytes stored
     * @throws IOException reading the content failed (the client went away mid-upload, say); nothing is kept
     */
    long write(String fileId, InputStream content, long maxBytes) throws IOException;

    /** The content stored under the id (empty when there is none), read part by part as the stream is read. */
    InputStream open(String fileId);

    /** Deletes the content stored under the id, if any. */
    void delete(String fileId);

    /**
     * Ids of content no catalogued file owns (a write cut short by a crash) whose last write was before the
     * instant: an upload still in progress writes more often than that.
     *
     * @param lastWrittenBefore content written since is left alone
     * @param limit             the most ids returned
     */
    List<String> abandoned(Instant lastWrittenBefore, int limit);
}
