package ai.novai.gateway.files;

/**
 * Content stored under an id that no file has yet ({@link FileLibrary#stage}): published as a file, or discarded.
 *
 * @param id    the file id it is stored under
 * @param bytes its size
 */
public record StagedContent(String id, long bytes) {
}
