package ai.novai.gateway.files;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import ai.novai.gateway.errors.ApiException;

/**
 * The form of {@code POST /v1/files}, read part by part as it arrives, in whatever order the client sends the
 * fields (the official SDKs send {@code purpose} first, curl and others may not): {@code file} is staged in the
 * library as it streams in, the text fields are checked as soon as they are read, and staged content is discarded
 * when the form turns out wrong after it (a {@code purpose} other than {@code batch} after the file, say).
 * <p>
 * Fields: {@code file} (its filename kept, see {@link Filenames#uploaded}), {@code purpose} ({@code batch}),
 * and OpenAI's {@code expires_after[anchor]} ({@code created_at}) with {@code expires_after[seconds]} (3600 to
 * 2592000).
 * Other text fields are read (each bounded) and ignored.
 */
final class UploadForm {

    static final String FILE = "file";
    static final String PURPOSE = "purpose";
    static final String ANCHOR = "expires_after[anchor]";
    static final String SECONDS = "expires_after[seconds]";
    static final long MIN_EXPIRY_SECONDS = 3600;
    static final long MAX_EXPIRY_SECONDS = 2_592_000;

    /**
     * A complete, valid upload.
     *
     * @param content      the file's content, staged
     * @param filename     its name
     * @param purpose      always {@link FilePurpose#BATCH}
     * @param expiresAfter when the form names it
     */
    record Upload(StagedContent content, String filename, FilePurpose purpose, Optional<Duration> expiresAfter) {
    }

    private final FileLibrary library;
    private final long maxBytes;
    private StagedContent content;
    private String filename;
    private FilePurpose purpose;
    private String anchor;
    private Long seconds;

    private UploadForm(FileLibrary library, long maxBytes) {
        this.library = library;
        this.maxBytes = maxBytes;
    }

    /**
     * Reads the form to its end.
     *
     * @param body     the multipart body
     * @param library  where the file's content is staged
     * @param maxBytes the largest file
     * @return the upload, its content staged for the caller to publish
     * @throws ApiException                400 for a missing or invalid field; nothing is kept
     * @throws MalformedMultipartException the body is not a valid form; nothing is kept
     * @throws FileTooLargeException       the file is larger than {@code maxBytes}; nothing is kept
     */
    static Upload read(MultipartReader body, FileLibrary library, long maxBytes) throws IOException {
        UploadForm form = new UploadForm(library, maxBytes);
        boolean complete = false;
        try {
            for (Optional<MultipartPart> part = body.next(); part.isPresent(); part = body.next()) {
                form.take(part.get());
            }
            Upload upload = form.upload();
            complete = true;
            return upload;
        } finally {
            if (!complete && form.content != null) {
                library.discard(form.content);
            }
        }
    }

    private void take(MultipartPart part) throws IOException {
        if (part.name().equals(FILE)) {
            if (content != null) {
                throw twice(FILE);
            }
            filename = Filenames.uploaded(part.filename());
            content = library.stage(FileLibrary.newId(), part.content(), maxBytes);
            return;
        }
        String value = part.text(MultipartLimits.UPLOAD_FORM.maxFieldBytes());
        switch (part.name()) {
            case PURPOSE -> {
                if (purpose != null) {
                    throw twice(PURPOSE);
                }
                purpose = FilePurpose.of(value).filter(FilePurpose.BATCH::equals).orElseThrow(() -> invalid(
                        PURPOSE, "'purpose' must be 'batch': only batch input files can be uploaded."));
            }
            case ANCHOR -> {
                if (anchor != null) {
                    throw twice(ANCHOR);
                }
                if (!value.equals("created_at")) {
                    throw invalid(ANCHOR, "'" + ANCHOR + "' must be 'created_at'.");
                }
                anchor = value;
            }
            case SECONDS -> {
                if (seconds != null) {
                    throw twice(SECONDS);
                }
                seconds = seconds(value);
            }
            default -> {
                // a field OpenAI's form does not have: ignored, as OpenAI ignores it
            }
        }
    }

    private Upload upload() {
        if (content == null) {
            throw missing(FILE, "'file' is required: the JSONL file to upload, as a multipart file field.");
        }
        if (purpose == null) {
            throw missing(PURPOSE, "'purpose' is required; it must be 'batch'.");
        }
        if (content.bytes() == 0) {
            throw ApiException.badRequest("The file is empty.", FILE, "empty_file");
        }
        if (anchor != null && seconds == null) {
            throw missing(SECONDS, "'" + SECONDS + "' is required with '" + ANCHOR + "'.");
        }
        if (seconds != null && anchor == null) {
            throw missing(ANCHOR, "'" + ANCHOR + "' is required with '" + SECONDS + "'; it must be 'created_at'.");
        }
        return new Upload(content, filename, purpose, Optional.ofNullable(seconds).map(Duration::ofSeconds));
    }

    private static long seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= MIN_EXPIRY_SECONDS && seconds <= MAX_EXPIRY_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(SECONDS, "'" + SECONDS + "' must be an integer from " + MIN_EXPIRY_SECONDS + " (1 hour) to "
                + MAX_EXPIRY_SECONDS + " (30 days).");
    }

    private static ApiException invalid(String param, String message) {
        return ApiException.badRequest(message, param, "invalid_value");
    }

    private static ApiException missing(String param, String message) {
        return ApiException.badRequest(message, param, "missing_required_parameter");
    }

    private static ApiException twice(String param) {
        return invalid(param, "'" + param + "' is sent more than once.");
    }
}
