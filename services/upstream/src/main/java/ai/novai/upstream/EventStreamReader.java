package ai.novai.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads the AWS event-stream framing ({@code application/vnd.amazon.eventstream}, Bedrock's
 * {@code converse-stream}) from an upstream body, one message at a time (timeouts, failures and closing as every
 * {@link UpstreamStreamReader}). A message is a prelude (total length u32, headers length u32, CRC32 of those
 * eight bytes), headers, a payload, and a CRC32 of everything before it; integers are big-endian.
 * <p>
 * Bounded and checked: a message longer than {@value #MAX_MESSAGE_BYTES} bytes, a length that does not fit the
 * message, a header of an unknown type or a CRC that does not match is a broken stream, reported before anything
 * of the message is used. Only string headers are kept (the {@code :event-type}, {@code :message-type},
 * {@code :exception-type} and {@code :content-type} a stream is read by); the other types are decoded and skipped.
 * <p>
 * Why not the AWS SDK's {@code software.amazon.awssdk:eventstream} decoder: it is push-based (bytes fed in,
 * messages collected by a callback), so the blocking read loop, its buffer and the idle timeout would still be
 * ours; its bounds are fixed (24 MiB payloads) rather than this service's; and it reports a corrupt frame as an
 * {@link IllegalArgumentException}, which this reader would have to catch around the whole decode to tell a
 * broken upstream from its own bug. The framing is small enough to check here, with {@link CRC32}.
 */
public final class EventStreamReader extends UpstreamStreamReader<EventStreamReader.Message> {

    /** The largest message read: prelude, headers, payload and CRC together. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;
    private static final int MIN_MESSAGE_BYTES = PRELUDE_BYTES + CRC_BYTES;
    private static final int STRING = 7;

    private final byte[] prelude = new byte[PRELUDE_BYTES];

    public EventStreamReader(InputStream body, Duration idleTimeout) {
        super(body, idleTimeout);
    }

    /**
     * One message.
     *
     * @param headers its string headers, by name
     * @param payload its payload (JSON for Bedrock's events and exceptions)
     */
    public record Message(Map<String, String> headers, byte[] payload) {

        public Message {
            headers = Map.copyOf(headers);
        }

        /** A string header's value, if the message has it. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        /** The payload as UTF-8 text. */
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    @Override
    Optional<Message> read() throws IOException {
        int read = readFully(prelude, 0, PRELUDE_BYTES);
        if (read == 0) {
            return Optional.empty();
        }
        if (read < PRELUDE_BYTES) {
            throw new EOFException("the stream ended inside a message prelude");
        }
        ByteBuffer header = ByteBuffer.wrap(prelude);
        long totalLength = Integer.toUnsignedLong(header.getInt());
        long headersLength = Integer.toUnsignedLong(header.getInt());
        long preludeCrc = Integer.toUnsignedLong(header.getInt());
        if (crc(prelude, 0, 8) != preludeCrc) {
            throw new IOException("a message prelude failed its CRC check");
        }
        if (totalLength > MAX_MESSAGE_BYTES) {
            throw new IOException("a message of " + totalLength + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        if (totalLength < MIN_MESSAGE_BYTES || headersLength > totalLength - MIN_MESSAGE_BYTES) {
            throw new IOException("a message whose lengths do not fit (total " + totalLength + ", headers "
                                          + headersLength + ")");
        }
        byte[] message = Arrays.copyOf(prelude, (int) totalLength);
        int rest = (int) totalLength - PRELUDE_BYTES;
        if (readFully(message, PRELUDE_BYTES, rest) < rest) {
            throw new EOFException("the stream ended inside a message");
        }
        int crcAt = message.length - CRC_BYTES;
        if (crc(message, 0, crcAt) != Integer.toUnsignedLong(ByteBuffer.wrap(message, crcAt, CRC_BYTES).getInt())) {
            throw new IOException("a message failed its CRC check");
        }
        int payloadAt = PRELUDE_BYTES + (int) headersLength;
        return Optional.of(new Message(headers(ByteBuffer.wrap(message, PRELUDE_BYTES, (int) headersLength)),
                                       Arrays.copyOfRange(message, payloadAt, crcAt)));
    }

    // Reads until the length is read or the body ends (whatever an InputStream's own readNBytes does), as many
    // bytes as came.
    private int readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int read = body().read(into, offset + done, length - done);
            if (read < 0) {
                break;
            }
            done += read;
        }
        return done;
    }

    // name length u8, name, type u8, value (its size by type: 0/1 booleans carry none, 6 bytes and 7 strings a u16 length)
    private static Map<String, String> headers(ByteBuffer in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            while (in.hasRemaining()) {
                byte[] name = new byte[Byte.toUnsignedInt(in.get())];
                in.get(name);
                int type = Byte.toUnsignedInt(in.get());
                int size = switch (type) {
                    case 0, 1 -> 0;
                    case 2 -> 1;
                    case 3 -> 2;
                    case 4 -> 4;
                    case 5, 8 -> 8;
                    case 6, STRING -> Short.toUnsignedInt(in.getShort());
                    case 9 -> 16;
                    default -> throw new IOException("a header of unknown type " + type);
                };
                byte[] value = new byte[size];
                in.get(value);
                if (type == STRING) {
                    headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("a header runs past the message's headers", e);
        }
        return headers;
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
