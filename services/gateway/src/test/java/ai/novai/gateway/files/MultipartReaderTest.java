package ai.novai.gateway.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The multipart reader on bodies as clients write them and as they must not: split across reads at every
 * position, content that looks like a boundary, binary content, and every bound.
 */
class MultipartReaderTest {

    private static final String BOUNDARY = "b0undary-5f3a";
    private static final byte[] JSONL = "{\"custom_id\":\"1\"}\r\n{\"custom_id\":\"2\"}\n".getBytes(StandardCharsets.UTF_8);

    /** One part as read: its headers' values and its whole content. */
    record Read(String name, Optional<String> filename, Optional<String> contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsFieldsAndAFileAsTheSdksSendThem() throws IOException {
        byte[] body = form(field("purpose", "batch"), file("file", "batch.jsonl", JSONL), end());

        List<Read> parts = readAll(body, Integer.MAX_VALUE);

        assertThat(parts.size(), is(2));
        assertThat(parts.get(0).name(), is("purpose"));
        assertThat(parts.get(0).filename().isPresent(), is(false));
        assertThat(parts.get(0).text(), is("batch"));
        assertThat(parts.get(1).name(), is("file"));
        assertThat(parts.get(1).filename(), is(Optional.of("batch.jsonl")));
        assertThat(parts.get(1).contentType(), is(Optional.of("application/octet-stream")));
        assertArrayEquals(JSONL, parts.get(1).content());
    }

    @Test
    void aBoundaryThatFallsAcrossReadsIsFoundWhereverReadsEnd() throws IOException {
        byte[] content = ("line\r\n\r\n--" + BOUNDARY.substring(0, 5) + "\r\n").repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] body = form(file("file", "a.jsonl", content), field("purpose", "batch"), end());

        for (int chunk = 1; chunk <= BOUNDARY.length() + 8; chunk++) {
            List<Read> parts = readAll(body, chunk);
            assertArrayEquals(content, parts.get(0).content(), "reads of " + chunk + " bytes");
            assertThat("reads of " + chunk + " bytes", parts.get(1).text(), is("batch"));
        }
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            List<Read> parts = read(new ChoppedStream(body, random), Integer.MAX_VALUE, random);
            assertArrayEquals(content, parts.get(0).content(), "random reads, run " + run);
        }
    }

    @Test
    void contentThatLooksLikeABoundaryIsContent() throws IOException {
        // line breaks, dashes, the boundary without its line break, and a delimiter's first bytes at the very end
        String content = "a\r\nb\r\n--\r\n-" + BOUNDARY + "x\r\n--" + BOUNDARY.substring(1) + "\r\r\n\n-" + BOUNDARY
                + "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1);
        byte[] body = form(file("file", "a.jsonl", content.getBytes(StandardCharsets.UTF_8)), end());

        assertThat(readAll(body, 3).getFirst().text(), is(content));
    }

    @Test
    void binaryContentOfEveryByteValueComesThroughUnchanged() throws IOException {
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        for (int i = 0; i < 256; i++) {
            content[i] = (byte) i;
        }
        byte[] body = form(field("purpose", "batch"), file("file", "blob.bin", content), end());

        assertArrayEquals(content, readAll(body, 8192).get(1).content());
        assertArrayEquals(content, readAll(body, 1_000_003).get(1).content());
    }

    @Test
    void preambleEpilogueAndPaddingAfterABoundaryAreIgnored() throws IOException {
        String body = "This is a multi-part message in MIME format.\r\n--" + BOUNDARY + " \t\r\n"
                + "Content-Disposition: form-data; name=purpose\r\n\r\nbatch\r\n--" + BOUNDARY + "--\r\nbye\r\n";

        List<Read> parts = readAll(body.getBytes(StandardCharsets.UTF_8), 5);

        assertThat(parts.size(), is(1));
        assertThat(parts.getFirst().name(), is("purpose"));
        assertThat(parts.getFirst().text(), is("batch"));
    }

    @Test
    void quotedAndUnquotedParametersInAnyCaseAndOrder() throws IOException {
        byte[] body = form(part("Content-Disposition: form-data; name=purpose", "batch"),
                           part("content-disposition: FORM-DATA;FILENAME=\"my \\\"q\\\" file; \\\\x.jsonl\" ;  Name=\"file\"",
                                "x"),
                           end());

        List<Read> parts = readAll(body, Integer.MAX_VALUE);

        assertThat(parts.get(0).name(), is("purpose"));
        assertThat(parts.get(1).name(), is("file"));
        assertThat(parts.get(1).filename(), is(Optional.of("my \"q\" file; \\x.jsonl")));
    }

    @Test
    void aPartNotReadIsSkippedByTheNext() throws IOException {
        byte[] big = new byte[200_000];
        byte[] body = form(file("file", "big.bin", big), field("purpose", "batch"), end());
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, MultipartLimits.UPLOAD_FORM);

        assertThat(reader.next().orElseThrow().name(), is("file"));
        MultipartPart purpose = reader.next().orElseThrow();
        assertThat(purpose.text(1024), is("batch"));
        assertThat(reader.next().isPresent(), is(false));
        assertThat(reader.next().isPresent(), is(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // cut inside the content
            "--B\r\nContent-Disposition: form-data; name=file; filename=a\r\n\r\n{\"a\":1}\n",
            // cut after a boundary, without the closing "--"
            "--B\r\nContent-Disposition: form-data; name=purpose\r\n\r\nbatch\r\n--B",
            "--B\r\nContent-Disposition: form-data; name=purpose\r\n\r\nbatch\r\n--B\r\n",
            // cut inside part headers
            "--B\r\nContent-Disposition: form-da",
            // the first boundary never comes
            "just some text",
            ""})
    void aBodyCutBeforeItsClosingBoundaryIsMalformed(String body) {
        MalformedMultipartException e = assertThrows(MalformedMultipartException.class,
                                                     () -> readAll(body.replace("B", BOUNDARY)
                                                                           .getBytes(StandardCharsets.UTF_8), 7));
        assertThat(e.getMessage(), e.getMessage().contains("closing boundary") || e.getMessage().contains("does not "
                + "contain the boundary"), is(true));
    }

    @Test
    void headersLargerThanTheirLimitAreRefused() {
        String huge = "X-Filler: " + "a".repeat(20_000);
        assertMalformed(form(part("Content-Disposition: form-data; name=purpose\r\n" + huge, "batch"), end()),
                        "larger than 16384 bytes");
        String many = IntStream.range(0, 2_000).mapToObj(i -> "X-" + i + ": v").reduce((a, b) -> a + "\r\n" + b)
                .orElseThrow();
        assertMalformed(form(part("Content-Disposition: form-data; name=purpose\r\n" + many, "batch"), end()),
                        "larger than 16384 bytes");
        // a header block that never ends
        assertMalformed(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=a" + "a".repeat(100_000))
                                .getBytes(StandardCharsets.UTF_8), "larger than 16384 bytes");
    }

    @Test
    void moreThanTheLimitOfPartsIsRefused() {
        byte[][] parts = new byte[18][];
        for (int i = 0; i < 17; i++) {
            parts[i] = field("f" + i, "v");
        }
        parts[17] = end();
        assertMalformed(form(parts), "more than 16 parts");
    }

    @Test
    void partsWithoutAFormDataDispositionOrWithBrokenHeadersAreRefused() {
        assertMalformed(form(part("Content-Type: text/plain", "batch"), end()), "Content-Disposition");
        assertMalformed(form(part("Content-Disposition: attachment; name=purpose", "batch"), end()),
                        "Content-Disposition");
        assertMalformed(form(part("Content-Disposition: form-data; filename=a.jsonl", "x"), end()),
                        "Content-Disposition");
        assertMalformed(form(part("Content-Disposition: form-data; name=\"purpose", "batch"), end()),
                        "Content-Disposition");
        assertMalformed(form(part("Content-Disposition: form-data; name=a; name=b", "batch"), end()),
                        "Content-Disposition");
        assertMalformed(form(part("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b",
                                  "x"), end()), "two Content-Disposition");
        assertMalformed(form(part("Content-Disposition: form-data; name=a\r\nno colon here", "x"), end()),
                        "not 'Name: value'");
        assertMalformed(form(part("Content-Disposition: form-data; name=a\nX-Bare: lf", "x"), end()),
                        "not 'Name: value'");
        assertMalformed(form(part("Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64",
                                  "eA=="), end()), "Content-Transfer-Encoding");
    }

    @Test
    void textAfterABoundaryOtherThanALineBreakIsRefused() {
        assertMalformed(("--" + BOUNDARY + "junk\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--" + BOUNDARY
                + "--").getBytes(StandardCharsets.UTF_8), "something other than a line break");
    }

    @Test
    void aLongPreambleOrEpilogueIsRefused() {
        byte[] preamble = ("x".repeat(5_000) + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertMalformed(concat(preamble, form(field("purpose", "batch"), end())), "before its first boundary");
        byte[] epilogue = "y".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        assertMalformed(concat(form(field("purpose", "batch"), end()), epilogue), "after its closing boundary");
    }

    @Test
    void aTextFieldLongerThanItsLimitIsRefused() throws IOException {
        byte[] body = form(field("purpose", "b".repeat(2_000)), end());
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, MultipartLimits.UPLOAD_FORM);

        MalformedMultipartException e = assertThrows(MalformedMultipartException.class,
                                                     () -> reader.next().orElseThrow().text(1024));
        assertThat(e.getMessage(), containsString("longer than 1024 bytes"));
    }

    @Test
    void headersAndTextFieldsMustBeUtf8() throws IOException {
        byte[] latin1Name = concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=file; filename=\"")
                                           .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xe9},
                                   "\"\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), end());
        assertMalformed(latin1Name, "not valid UTF-8");

        byte[] utf8Name = form(file("file", "données-été.jsonl", JSONL), end());
        assertThat(readAll(utf8Name, 3).getFirst().filename(), is(Optional.of("données-été.jsonl")));

        byte[] latin1Value = concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=purpose\r\n\r\n")
                                     .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff},
                             ("\r\n").getBytes(StandardCharsets.UTF_8), end());
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(latin1Value), BOUNDARY,
                                                     MultipartLimits.UPLOAD_FORM);
        assertThrows(MalformedMultipartException.class, () -> reader.next().orElseThrow().text(1024));
    }

    @Test
    void boundariesOutsideRfc2046sLengthsAreNotAccepted() {
        assertThrows(IllegalArgumentException.class,
                     () -> new MultipartReader(InputStream.nullInputStream(), "", MultipartLimits.UPLOAD_FORM));
        assertThrows(IllegalArgumentException.class,
                     () -> new MultipartReader(InputStream.nullInputStream(), "b".repeat(71), MultipartLimits.UPLOAD_FORM));
    }

    @Test
    void theLongestBoundaryWorks() throws IOException {
        String boundary = "'()+_,-./:=?" + "z".repeat(58);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=purpose\r\n\r\nbatch\r\n--" + boundary
                + "--";
        MultipartReader reader = new MultipartReader(new ChoppedStream(body.getBytes(StandardCharsets.UTF_8),
                                                                       new Random(3)), boundary,
                                                     MultipartLimits.UPLOAD_FORM);
        assertThat(reader.next().orElseThrow().text(1024), is("batch"));
        assertThat(reader.next().isPresent(), is(false));
    }

    // --- bodies ---------------------------------------------------------------------------------------

    private static byte[] field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value);
    }

    private static byte[] file(String name, String filename, byte[] content) {
        return concat(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                      content, "\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] part(String headers, String value) {
        return ("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] end() {
        return ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] form(byte[]... parts) {
        return concat(parts);
    }

    private static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }

    // --- reading --------------------------------------------------------------------------------------

    private static List<Read> readAll(byte[] body, int chunk) throws IOException {
        return read(new ChoppedStream(body, chunk), chunk, null);
    }

    // Every part, its content read in reads of at most `chunk` bytes (random sizes when random is given)
    private static List<Read> read(InputStream body, int chunk, Random random) throws IOException {
        MultipartReader reader = new MultipartReader(body, BOUNDARY, MultipartLimits.UPLOAD_FORM);
        List<Read> parts = new ArrayList<>();
        for (Optional<MultipartPart> next = reader.next(); next.isPresent(); next = reader.next()) {
            MultipartPart part = next.get();
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[Math.min(chunk, 1 << 20)];
            while (true) {
                int size = random == null ? buffer.length : 1 + random.nextInt(buffer.length);
                int n = part.content().read(buffer, 0, size);
                if (n < 0) {
                    break;
                }
                content.write(buffer, 0, n);
            }
            parts.add(new Read(part.name(), part.filename(), part.contentType(), content.toByteArray()));
        }
        return parts;
    }

    private static void assertMalformed(byte[] body, String message) {
        MalformedMultipartException e = assertThrows(MalformedMultipartException.class, () -> readAll(body, 4096));
        assertThat(e.getMessage(), containsString(message));
    }

    /** A body that arrives in reads of at most a given size, or of random sizes. */
    private static final class ChoppedStream extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private final Random random;
        private int position;

        ChoppedStream(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.random = null;
        }

        ChoppedStream(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.chunk = 0;
            this.random = random;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int most = random == null ? chunk : 1 + random.nextInt(100);
            int n = Math.min(Math.min(length, most), bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int read() {
            return position == bytes.length ? -1 : bytes[position++] & 0xff;
        }
    }
}
