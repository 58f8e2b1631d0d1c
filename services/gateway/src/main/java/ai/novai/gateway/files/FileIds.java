package ai.novai.gateway.files;

/**
 * What a file id may look like, checked before any query: {@code file-} then letters, digits, {@code _} or
 * {@code -}, at most as long as the {@code files.id} column. Anything else names no file.
 */
public final class FileIds {

    /** Every file id starts so. */
    public static final String PREFIX = "file-";
    static final int MAX_LENGTH = 40;

    private FileIds() {
    }

    /** Whether the text can be a file id. */
    public static boolean isWellFormed(String id) {
        return id.length() > PREFIX.length() && id.length() <= MAX_LENGTH && id.startsWith(PREFIX)
                && id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c == '_' || c == '-');
    }
}
