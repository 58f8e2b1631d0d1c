package ai.novai.gateway.files;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import ai.novai.gateway.errors.ApiException;

/**
 * File names: the one kept for an upload, and the {@code Content-Disposition} a download carries. A name is kept
 * for display only (nothing is ever stored under it), so only what would harm a client showing or saving it is
 * refused.
 */
final class Filenames {

    /** The longest name kept, in characters (the {@code files.filename} column). */
    static final int MAX_LENGTH = 512;
    /**
     * The name of a file sent without one: RFC 7578 makes {@code filename} optional, and the official Java SDK
     * sends none for content given as bytes or a stream.
     */
    static final String UNNAMED = "file";

    private Filenames() {
    }

    /**
     * The name to keep for a file uploaded under this one: its last path segment (some clients send a whole
     * path, with {@code /} or {@code \}); {@value #UNNAMED} when nothing is left or none was sent.
     *
     * @throws ApiException 400 when the name is longer than {@value #MAX_LENGTH} characters, or has control
     *                      characters (a line break would end a header line of the download)
     */
    static String uploaded(Optional<String> sent) {
        String path = sent.orElse("");
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        if (name.isEmpty()) {
            return UNNAMED;
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw invalid("The file name is longer than " + MAX_LENGTH + " characters.");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid("The file name contains control characters.");
        }
        return name;
    }

    /**
     * {@code attachment; filename="..."} for a download: the name in printable ASCII, quoted, with {@code "} and
     * {@code \} escaped; a name with other characters has them as {@code _} there and whole in
     * {@code filename*} (RFC 6266, UTF-8 percent-encoded), which clients prefer.
     */
    static String attachment(String filename) {
        StringBuilder ascii = new StringBuilder(filename.length());
        StringBuilder encoded = new StringBuilder(filename.length());
        boolean plain = true;
        for (int i = 0; i < filename.length(); ) {
            int c = filename.codePointAt(i);
            i += Character.charCount(c);
            boolean printable = c >= ' ' && c < 0x7f;
            plain &= printable;
            if (c == '"' || c == '\\') {
                ascii.append('\\');
            }
            ascii.append(printable ? (char) c : '_');
        }
        if (plain) {
            return "attachment; filename=\"" + ascii + "\"";
        }
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (unreserved) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(message, "file", "invalid_value");
    }
}
