package ai.novai.upstream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The event-stream decoder against frames encoded by the AWS SDK's own encoder (an independent implementation of
 * the framing), and against frames broken on purpose.
 */
class EventStreamReaderTest {

    private static final Duration IDLE = Duration.ofSeconds(5);

    @Test
    void readsMessagesInOrderAndEndsAtTheEndOfTheBody() {
        byte[] body = concat(event("contentBlockDelta", "{\"delta\":{\"text\":\"Hel\"}}"),
                             event("contentBlockDelta", "{\"delta\":{\"text\":\"lo\"}}"));

        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(body), IDLE)) {
            EventStreamReader.Message first = reader.next().orElseThrow();
            assertThat(first.header(":event-type"), is(Optional.of("contentBlockDelta")));
            assertThat(first.header(":message-type"), is(Optional.of("event")));
            assertThat(first.header(":content-type"), is(Optional.of("application/json")));
            assertThat(first.payloadText(), is("{\"delta\":{\"text\":\"Hel\"}}"));
            assertThat(reader.next().orElseThrow().payloadText(), is("{\"delta\":{\"text\":\"lo\"}}"));
            assertThat(reader.next(), is(Optional.empty()));
        }
    }

    @Test
    void keepsStringHeadersAndSkipsEveryOtherType() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put("true", HeaderValue.fromBoolean(true));
        headers.put("false", HeaderValue.fromBoolean(false));
        headers.put("byte", HeaderValue.fromByte((byte) 7));
        headers.put("short", HeaderValue.fromShort((short) 300));
        headers.put("int", HeaderValue.fromInteger(70_000));
        headers.put("long", HeaderValue.fromLong(1L << 40));
        headers.put("bytes", HeaderValue.fromByteArray(new byte[]{1, 2, 3}));
        headers.put(":event-type", HeaderValue.fromString("metadata"));
        headers.put("time", HeaderValue.fromTimestamp(Instant.parse("2026-12-07T00:00:00Z")));
        headers.put("uuid", HeaderValue.fromUuid(UUID.randomUUID()));
        headers.put("ünïcode", HeaderValue.fromString("välue"));
        byte[] body = encode(new Message(headers, "{}".getBytes(StandardCharsets.UTF_8)));

        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(body), IDLE)) {
            EventStreamReader.Message message = reader.next().orElseThrow();
            assertThat(message.headers(), is(Map.of(":event-type", "metadata", "ünïcode", "välue")));
            assertThat(message.payloadText(), is("{}"));
        }
    }

    @Test
    void readsAMessageWithoutHeadersOrPayload() {
        byte[] body = encode(new Message(Map.of(), new byte[0]));

        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(body), IDLE)) {
            EventStreamReader.Message message = reader.next().orElseThrow();
            assertThat(message.headers(), is(Map.of()));
            assertThat(message.payload().length, is(0));
        }
    }

    @Test
    void readsAMessageThatArrivesOneByteAtATime() {
        byte[] body = event("messageStop", "{\"stopReason\":\"end_turn\"}");
        InputStream trickle = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };

        try (EventStreamReader reader = new EventStreamReader(trickle, IDLE)) {
            assertThat(reader.next().orElseThrow().payloadText(), is("{\"stopReason\":\"end_turn\"}"));
        }
    }

    @Test
    void aCorruptPayloadFailsTheMessageCrc() {
        byte[] body = event("contentBlockDelta", "{\"delta\":{\"text\":\"Hi\"}}");
        body[body.length - 8] ^= 0x01;

        assertThat(brokenBy(body).getMessage(), containsString("a message failed its CRC check"));
    }

    @Test
    void aCorruptLengthFailsThePreludeCrc() {
        byte[] body = event("contentBlockDelta", "{}");
        body[3] ^= 0x01;

        assertThat(brokenBy(body).getMessage(), containsString("prelude failed its CRC check"));
    }

    @Test
    void aMessageLargerThanTheBoundIsRefusedBeforeItIsRead() {
        // a prelude announcing 16 MiB + 1 bytes, with a valid prelude CRC, and nothing after it
        byte[] body = prelude(EventStreamReader.MAX_MESSAGE_BYTES + 1, 0);

        assertThat(brokenBy(body).getMessage(), containsString("more than " + EventStreamReader.MAX_MESSAGE_BYTES));
    }

    @Test
    void headersLongerThanTheMessageAreRefused() {
        byte[] body = prelude(16, 1);

        assertThat(brokenBy(body).getMessage(), containsString("lengths do not fit"));
    }

    @Test
    void aHeaderOfAnUnknownTypeIsRefused() {
        // one header "x" of type 10, which the framing does not define
        byte[] headers = {1, 'x', 10};
        byte[] body = frame(headers, new byte[0]);

        assertThat(brokenBy(body).getMessage(), containsString("unknown type 10"));
    }

    @Test
    void aHeaderRunningPastTheHeadersIsRefused() {
        // a string header announcing 200 bytes of value in a 6-byte header section
        byte[] headers = {1, 'x', 7, 0, (byte) 200, 'a'};
        byte[] body = frame(headers, new byte[0]);

        assertThat(brokenBy(body).getMessage(), containsString("runs past"));
    }

    @Test
    void aBodyThatEndsInsideAMessageIsBroken() {
        byte[] whole = event("contentBlockDelta", "{\"delta\":{\"text\":\"Hi\"}}");

        assertThat(brokenBy(Arrays.copyOf(whole, whole.length - 3)).getMessage(), containsString("inside a message"));
        assertThat(brokenBy(Arrays.copyOf(whole, 5)).getMessage(), containsString("inside a message prelude"));
    }

    @Test
    void aSilenceLongerThanTheIdleTimeoutIsATimeout() {
        try (EventStreamReader reader = new EventStreamReader(new SilentAfter(Arrays.copyOf(event("messageStart", "{}"), 10)),
                                                              Duration.ofMillis(200))) {
            UpstreamFailure failure = assertThrows(UpstreamFailure.class, reader::next);

            assertThat(failure.kind(), is(UpstreamFailure.Kind.TIMEOUT));
        }
    }

    /** A body that sends some bytes, then nothing until it is closed (as a closed socket does: the read fails). */
    private static final class SilentAfter extends InputStream {

        private final ByteArrayInputStream first;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        SilentAfter(byte[] bytes) {
            this.first = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (first.available() > 0) {
                return first.read(buffer, offset, length);
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static UpstreamFailure brokenBy(byte[] body) {
        try (EventStreamReader reader = new EventStreamReader(new ByteArrayInputStream(body), IDLE)) {
            UpstreamFailure failure = assertThrows(UpstreamFailure.class, reader::next);
            assertThat(failure.kind(), is(UpstreamFailure.Kind.STREAM_BROKEN));
            return failure;
        }
    }

    private static byte[] event(String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] encode(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.encode(out);
        return out.toByteArray();
    }

    // A frame with these raw header bytes, its lengths and CRCs correct: what only the headers' content breaks.
    private static byte[] frame(byte[] headers, byte[] payload) {
        int total = 16 + headers.length + payload.length;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.put(prelude(total, headers.length)).put(headers).put(payload);
        frame.putInt((int) crc(frame.array(), total - 4));
        return frame.array();
    }

    private static byte[] prelude(int totalLength, int headersLength) {
        ByteBuffer prelude = ByteBuffer.allocate(12).putInt(totalLength).putInt(headersLength);
        prelude.putInt((int) crc(prelude.array(), 8));
        return prelude.array();
    }

    private static long crc(byte[] bytes, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
