package ai.novai.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads server-sent events from an upstream body, one event at a time (timeouts, failures and closing as every
 * {@link UpstreamStreamReader}). An event is bounded ({@value #MAX_EVENT_BYTES} bytes of lines): an upstream that
 * sends more without an event boundary is broken, not trusted with the service's memory.
 */
public final class SseReader extends UpstreamStreamReader<SseReader.Event> {

    static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    private static final int SHRINK_ABOVE = 64 * 1024;

    private final byte[] buffer = new byte[8192];
    private byte[] line = new byte[256];
    private int position;
    private int limit;
    private int eventBytes;

    public SseReader(InputStream body, Duration idleTimeout) {
        super(body, idleTimeout);
    }

    /**
     * One event.
     *
     * @param event the {@code event:} name, empty when the event has none
     * @param data  the {@code data:} lines joined with newlines
     */
    public record Event(String event, String data) {
    }

    @Override
    Optional<Event> read() throws IOException {
        eventBytes = 0;
        String event = "";
        StringBuilder data = null;
        String text;
        while ((text = readLine()) != null) {
            if (text.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(event, data.toString()));
                }
                event = "";
                continue;
            }
            if (text.startsWith(":")) {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                event = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? Optional.empty() : Optional.of(new Event(event, data.toString()));
    }

    // A line ends at LF, CR LF or CR (the SSE grammar allows all three); null at the end of the body.
    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? null : decode(length);
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return decode(length);
            }
            if (b == '\r') {
                if (position < limit || fill()) {
                    if (buffer[position] == '\n') {
                        position++;
                    }
                }
                return decode(length);
            }
            if (++eventBytes > MAX_EVENT_BYTES) {
                throw new IOException("an event longer than " + MAX_EVENT_BYTES + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
    }

    private String decode(int length) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (line.length > SHRINK_ABOVE) {
            // one large event does not keep its buffer for the rest of a long stream
            line = new byte[256];
        }
        return text;
    }

    private boolean fill() throws IOException {
        int read = body().read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
