package ai.novai.upstream;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseReaderTest {

    @Test
    void readsEventsAsTheGrammarAllows() {
        SseReader reader = reader(": a comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                                          + "data: line one\ndata:line two\n\n"
                                          + "data: cr only\r\r"
                                          + "data: [DONE]");

        assertThat(reader.next(), is(Optional.of(new SseReader.Event("message_start", "{\"a\":1}"))));
        assertThat(reader.next(), is(Optional.of(new SseReader.Event("", "line one\nline two"))));
        assertThat(reader.next(), is(Optional.of(new SseReader.Event("", "cr only"))));
        assertThat("an event the body ends in is still an event", reader.next(),
                   is(Optional.of(new SseReader.Event("", "[DONE]"))));
        assertThat(reader.next(), is(Optional.empty()));
    }

    @Test
    void multiByteCharactersSurviveBufferBoundaries() {
        String text = "é".repeat(5000) + "✓";
        SseReader reader = reader("data: " + text + "\n\n");

        assertThat(reader.next().orElseThrow().data(), is(text));
    }

    @Test
    void anEventLargerThanTheBoundBreaksTheStreamInsteadOfFillingMemory() {
        InputStream endless = new InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ < 6 ? "data: ".charAt((int) sent - 1) : 'x';
            }
        };
        SseReader reader = new SseReader(endless, Duration.ofSeconds(5));

        UpstreamFailure failure = assertThrows(UpstreamFailure.class, reader::next);

        assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
        assertThat(failure.getMessage(), containsString(String.valueOf(SseReader.MAX_EVENT_BYTES)));
    }

    @Test
    void aSilentBodyTimesOut() {
        SilentAfterFirstEvent body = new SilentAfterFirstEvent("data: first\n\n");
        SseReader reader = new SseReader(body, Duration.ofMillis(200));
        assertThat(reader.next().orElseThrow().data(), is("first"));

        long started = System.nanoTime();
        UpstreamFailure failure = assertThrows(UpstreamFailure.class, reader::next);

        assertThat(failure.kind(), is(UpstreamFailure.Kind.TIMEOUT));
        assertThat((System.nanoTime() - started) / 1_000_000 < 2000, is(true));
    }

    // Sends its bytes, then blocks until closed, as a socket whose peer went silent does.
    private static final class SilentAfterFirstEvent extends InputStream {
        private final byte[] bytes;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private int position;

        SilentAfterFirstEvent(String text) {
            this.bytes = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() throws java.io.IOException {
            if (position < bytes.length) {
                return bytes[position++];
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.IOException("closed");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            if (position < bytes.length) {
                int count = Math.min(length, bytes.length - position);
                System.arraycopy(bytes, position, buffer, offset, count);
                position += count;
                return count;
            }
            return read() < 0 ? -1 : 0;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static SseReader reader(String body) {
        return new SseReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
    }
}
