package ai.novai.gateway.files;

/**
 * What a multipart body may hold besides the content of its file: every other byte of it is bounded by these.
 *
 * @param maxHeaderBytes   the header block of one part (its lines and their line breaks)
 * @param maxParts         parts in the body
 * @param maxFieldBytes    the value of one text field ({@code purpose}, {@code expires_after[seconds]})
 * @param maxPreambleBytes text before the first boundary, which is ignored
 * @param maxEpilogueBytes text after the closing boundary, which is ignored
 */
public record MultipartLimits(int maxHeaderBytes, int maxParts, int maxFieldBytes, int maxPreambleBytes,
                              int maxEpilogueBytes) {

    /** The longest boundary RFC 2046 allows. */
    public static final int MAX_BOUNDARY_LENGTH = 70;
    /** Spaces and tabs allowed after a boundary, before its line break (RFC 2046's transport padding). */
    static final int MAX_PADDING = 64;

    /** The upload form of {@code POST /v1/files}: a file and a few short fields. */
    public static final MultipartLimits UPLOAD_FORM = new MultipartLimits(16 * 1024, 16, 1024, 1024, 1024);

    /**
     * The most bytes a body within these limits has besides the content of one file: the cap of a whole upload
     * body is the file's cap plus this.
     */
    public long overheadBytes() {
        long delimiter = 2 + 2 + MAX_BOUNDARY_LENGTH + MAX_PADDING + 2;
        return maxPreambleBytes + maxEpilogueBytes + 2 + delimiter
                + (long) maxParts * (delimiter + maxHeaderBytes + maxFieldBytes);
    }
}
