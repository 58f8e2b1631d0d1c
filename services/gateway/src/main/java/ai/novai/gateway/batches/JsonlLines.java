package ai.novai.gateway.batches;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a JSONL stream line by line ({@code \n}, a {@code \r} before it dropped), each line at most
 * {@code maxLineBytes}: a longer one is skipped to its end and reported as too long, never held whole.
 */
final class JsonlLines {

    /** One line: its bytes, or none when it was longer than allowed. */
    record Line(int number, Optional<byte[]> bytes) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int number;

    JsonlLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or empty at the end of the stream. */
    Optional<Line> next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return Optional.empty();
                    }
                    return Optional.of(line(line, tooLong));
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong && line.size() + length > maxLineBytes) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(buffer, start, length);
            }
            if (position < limit) {
                position++;
                return Optional.of(line(line, tooLong));
            }
        }
    }

    private Line line(ByteArrayOutputStream line, boolean tooLong) {
        number++;
        if (tooLong) {
            return new Line(number, Optional.empty());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new Line(number, Optional.of(length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length)));
    }
}
