package ai.novai.gateway.files;

import java.io.IOException;

/** A file's content ran past the size it may have. */
public final class FileTooLargeException extends IOException {

    private final long maxBytes;

    public FileTooLargeException(long maxBytes) {
        super("the file is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    /** The size it may have. */
    public long maxBytes() {
        return maxBytes;
    }
}
