package ai.novai.common.grpc;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The one place that bounds what a NovAI service puts in a status and its trailers: the description
 * ({@code grpc-message}), the rich status ({@code grpc-status-details-bin}) and every other value. All of
 * them are HTTP/2 header values; Helidon 4.5's HPACK encoder loops forever on a value larger than the
 * 4,096-byte dynamic table ({@code docs/hpack-header-loop.md}), and no peer needs more than a kilobyte
 * to say what went wrong.
 */
public final class BoundedStatus {

    /** The most UTF-8 bytes of a status description, or of any metadata value, a service sends. */
    public static final int MAX_BYTES = 1024;

    private static final String ELLIPSIS = "…";
    private static final Metadata.Key<byte[]> DETAILS_KEY =
            Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private BoundedStatus() {
    }

    /** The text cut to {@link #MAX_BYTES} UTF-8 bytes (on a character boundary, with an ellipsis). */
    public static String text(String text) {
        if (text == null || text.length() <= MAX_BYTES / 3) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return text;
        }
        int budget = MAX_BYTES - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            used += utf8Length(codePoint);
            if (used > budget) {
                break;
            }
            cut.appendCodePoint(codePoint);
            i += Character.charCount(codePoint);
        }
        return cut.append(ELLIPSIS).toString();
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** The status with its description bounded. */
    public static Status of(Status status) {
        String description = status.getDescription();
        String bounded = text(description);
        return bounded == description ? status : status.withDescription(bounded);
    }

    /**
     * The trailers with every value bounded: the rich status keeps its details with its message cut (or is
     * dropped when its details alone are too large); any other oversized value is dropped.
     */
    public static Metadata of(Metadata trailers) {
        Metadata bounded = new Metadata();
        for (String name : trailers.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
                for (byte[] value : trailers.getAll(key)) {
                    byte[] kept = key.equals(DETAILS_KEY) ? details(value) : value;
                    if (kept != null && kept.length <= MAX_BYTES * 2) {
                        bounded.put(key, kept);
                    }
                }
            } else {
                Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
                for (String value : trailers.getAll(key)) {
                    if (value.length() <= MAX_BYTES) {
                        bounded.put(key, value);
                    }
                }
            }
        }
        return bounded;
    }

    // grpc-status-details-bin is a google.rpc.Status whose message repeats the description.
    private static byte[] details(byte[] value) {
        try {
            com.google.rpc.Status status = com.google.rpc.Status.parseFrom(value);
            return status.toBuilder().setMessage(text(status.getMessage())).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
