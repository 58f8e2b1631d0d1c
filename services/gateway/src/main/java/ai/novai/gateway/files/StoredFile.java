package ai.novai.gateway.files;

import java.time.Instant;
import java.util.Optional;

/**
 * A file's metadata.
 *
 * @param id        {@code file-…}
 * @param keyId     the key that owns it
 * @param filename  as uploaded, or {@code <batch id>_output.jsonl} / {@code _error.jsonl}
 * @param purpose   batch input or output
 * @param bytes     size of the content
 * @param createdAt when it was stored
 * @param expiresAt when it is deleted, if ever
 */
public record StoredFile(String id, String keyId, String filename, FilePurpose purpose, long bytes,
                         Instant createdAt, Optional<Instant> expiresAt) {
}
