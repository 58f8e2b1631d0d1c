package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a multipart/form-data body (RFC 7578, in RFC 2046's syntax) part by part as it arrives, holding one
 * buffer of it at a time: a part's content is a stream that ends at the next boundary, so a 200 MB file goes
 * from the request to its store in buffer-sized pieces.
 * <p>
 * Strict where leniency would let a damaged upload through, and bounded everywhere ({@link MultipartLimits}):
 * lines end with CRLF; every part has a {@code Content-Disposition: form-data} header with a {@code name}; the
 * body ends with the closing boundary ({@code --boundary--}), so a body cut short is malformed rather than
 * stored as if it were whole. Ignored, as RFC 2046 says: a preamble before the first boundary, an epilogue after
 * the last, spaces and tabs after a boundary, part headers other than Content-Disposition and Content-Type.
 * A boundary found in a part's content ends that part wherever it falls, across reads of any size.
 */
public final class MultipartReader {

    private static final int BUFFER_BYTES = 64 * 1024;

    private enum State { PREAMBLE, AFTER_DELIMITER, IN_PART, CLOSED }

    private final InputStream in;
    private final MultipartLimits limits;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean ended;
    // where the next delimiter starts (-1: not known), and the first position not yet known to start none
    private int delimiterAt = -1;
    private int searchedTo;
    private State state = State.PREAMBLE;
    private int parts;
    private PartContent current;

    /**
     * @param in       the body
     * @param boundary the boundary its Content-Type declares, 1 to 70 characters
     * @param limits   its bounds
     */
    public MultipartReader(InputStream in, String boundary, MultipartLimits limits) {
        if (boundary.isEmpty() || boundary.length() > MultipartLimits.MAX_BOUNDARY_LENGTH) {
            throw new IllegalArgumentException("a boundary has 1 to 70 characters, not " + boundary.length());
        }
        this.in = in;
        this.limits = limits;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.buffer = new byte[Math.max(BUFFER_BYTES, 2 * limits.maxHeaderBytes())];
        // a delimiter starts with a line break, which the first boundary lacks when no preamble comes before it
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * The next part, once its headers are read; what the caller left unread of the previous part is skipped.
     * Empty after the closing boundary (and the epilogue) was read.
     *
     * @throws MalformedMultipartException the body is not multipart/form-data, or exceeds a limit
     * @throws IOException                 reading the body failed
     */
    public Optional<MultipartPart> next() throws IOException {
        switch (state) {
            case PREAMBLE -> discardPreamble();
            case IN_PART -> current.discardRest();
            case CLOSED -> {
                return Optional.empty();
            }
            case AFTER_DELIMITER -> { }
        }
        if (closingDelimiter()) {
            state = State.CLOSED;
            discardEpilogue();
            return Optional.empty();
        }
        if (++parts > limits.maxParts()) {
            throw new MalformedMultipartException("The body has more than " + limits.maxParts() + " parts.");
        }
        MultipartPart part = part(headerLines());
        state = State.IN_PART;
        return Optional.of(part);
    }

    private void discardPreamble() throws IOException {
        byte[] scratch = new byte[1024];
        // the two bytes of the line break put before the body count as the preamble's when one comes
        long allowed = limits.maxPreambleBytes() + 2L;
        long total = 0;
        for (int n = readContent(scratch, 0, scratch.length); n >= 0; n = readContent(scratch, 0, scratch.length)) {
            total += n;
            if (total > allowed) {
                throw new MalformedMultipartException("The body has more than " + limits.maxPreambleBytes()
                                                              + " bytes before its first boundary; is the boundary "
                                                              + "in the Content-Type the one the body uses?");
            }
        }
    }

    // After a delimiter: "--" closes the body; else optional spaces and tabs, then the line break before headers
    private boolean closingDelimiter() throws IOException {
        if (!available(2)) {
            throw endsEarly();
        }
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            position += 2;
            return true;
        }
        for (int padding = 0; buffer[position] == ' ' || buffer[position] == '\t'; padding++) {
            if (padding == MultipartLimits.MAX_PADDING) {
                throw new MalformedMultipartException("A boundary line ends in more than "
                                                              + MultipartLimits.MAX_PADDING + " spaces.");
            }
            position++;
            if (!available(2)) {
                throw endsEarly();
            }
        }
        if (buffer[position] != '\r' || buffer[position + 1] != '\n') {
            throw new MalformedMultipartException("A boundary is followed by something other than a line break "
                                                          + "(CRLF) or '--'.");
        }
        position += 2;
        return false;
    }

    private void discardEpilogue() throws IOException {
        long total = limit - position;
        position = limit;
        while (!ended && total <= limits.maxEpilogueBytes()) {
            fill();
            total += limit - position;
            position = limit;
        }
        if (total > limits.maxEpilogueBytes()) {
            throw new MalformedMultipartException("The body has more than " + limits.maxEpilogueBytes()
                                                          + " bytes after its closing boundary.");
        }
    }

    private List<String> headerLines() throws IOException {
        List<String> lines = new ArrayList<>();
        int used = 0;
        while (true) {
            int end = lineEnd(limits.maxHeaderBytes() - used);
            int length = end - position;
            used += length + 2;
            if (length == 0) {
                position += 2;
                return lines;
            }
            String line = StrictUtf8.decode(buffer, position, length).orElseThrow(() -> new MalformedMultipartException(
                    "The headers of part " + parts + " are not valid UTF-8."));
            position = end + 2;
            lines.add(line);
        }
    }

    // The index of the CR that ends the line at position, reading on as needed: the line and its CRLF must fit in
    // the budget
    private int lineEnd(int budget) throws IOException {
        int searched = 0;
        while (true) {
            for (int i = position + searched; i + 1 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    if (i + 2 - position > budget) {
                        throw headersTooLarge();
                    }
                    return i;
                }
            }
            if (limit - position >= budget) {
                throw headersTooLarge();
            }
            if (ended) {
                throw endsEarly();
            }
            searched = Math.max(0, limit - position - 1);
            fill();
        }
    }

    private MultipartPart part(List<String> lines) throws MalformedMultipartException {
        Optional<String> disposition = Optional.empty();
        Optional<String> type = Optional.empty();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !HeaderParameters.isToken(line.substring(0, colon))
                    || line.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f)) {
                throw new MalformedMultipartException("Part " + parts + " has a header line that is not "
                                                              + "'Name: value' ending in CRLF.");
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "content-disposition" -> disposition = once(disposition, value, "Content-Disposition");
                case "content-type" -> type = once(type, value, "Content-Type");
                case "content-transfer-encoding" -> {
                    if (!List.of("7bit", "8bit", "binary").contains(value.toLowerCase(Locale.ROOT))) {
                        throw new MalformedMultipartException("Part " + parts + " has a Content-Transfer-Encoding "
                                                                      + "other than binary; send its bytes as they "
                                                                      + "are.");
                    }
                }
                default -> { }
            }
        }
        HeaderParameters form = disposition.flatMap(HeaderParameters::parse)
                .filter(header -> header.value().equalsIgnoreCase("form-data"))
                .filter(header -> header.parameter("name").filter(name -> !name.isEmpty()).isPresent())
                .orElseThrow(() -> new MalformedMultipartException(
                        "Part " + parts + " has no valid 'Content-Disposition: form-data; name=\"...\"' header."));
        current = new PartContent();
        return new MultipartPart(form.parameter("name").orElseThrow(), form.parameter("filename"), type, current);
    }

    private Optional<String> once(Optional<String> seen, String value, String header)
            throws MalformedMultipartException {
        if (seen.isPresent()) {
            throw new MalformedMultipartException("Part " + parts + " has two " + header + " headers.");
        }
        return Optional.of(value);
    }

    // Content up to the next delimiter, which is consumed when reached (then -1)
    private int readContent(byte[] into, int offset, int length) throws IOException {
        while (true) {
            int found = delimiter();
            if (found == position) {
                position += delimiter.length;
                state = State.AFTER_DELIMITER;
                return -1;
            }
            // without a delimiter in sight, the last bytes may be the start of one: they wait for more
            int ready = found >= 0 ? found - position : limit - position - (delimiter.length - 1);
            if (ready > 0) {
                int n = Math.min(length, ready);
                System.arraycopy(buffer, position, into, offset, n);
                position += n;
                return n;
            }
            if (ended) {
                throw state == State.PREAMBLE
                        ? new MalformedMultipartException("The body does not contain the boundary its Content-Type "
                                                                  + "declares.")
                        : endsEarly();
            }
            fill();
        }
    }

    private int delimiter() {
        if (delimiterAt >= position) {
            return delimiterAt;
        }
        for (int i = Math.max(position, searchedTo); i <= limit - delimiter.length; i++) {
            if (buffer[i] == '\r' && startsDelimiter(i)) {
                delimiterAt = i;
                return i;
            }
        }
        searchedTo = Math.max(position, limit - delimiter.length + 1);
        return -1;
    }

    private boolean startsDelimiter(int at) {
        for (int j = 1; j < delimiter.length; j++) {
            if (buffer[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private boolean available(int bytes) throws IOException {
        while (limit - position < bytes && !ended) {
            fill();
        }
        return limit - position >= bytes;
    }

    // Moves what is left to the start of the buffer and reads more after it (never into a full buffer: content
    // reads fill only when fewer bytes than a delimiter are left, header reads while under half the buffer)
    private void fill() throws IOException {
        int shift = position;
        if (shift > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= shift;
            position = 0;
            delimiterAt = delimiterAt >= shift ? delimiterAt - shift : -1;
            searchedTo = Math.max(0, searchedTo - shift);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            ended = true;
        } else {
            limit += n;
        }
    }

    private MalformedMultipartException endsEarly() {
        return new MalformedMultipartException("The body ends before its closing boundary (--boundary--): was the "
                                                       + "upload cut short?");
    }

    private MalformedMultipartException headersTooLarge() {
        return new MalformedMultipartException("The headers of part " + parts + " are larger than "
                                                       + limits.maxHeaderBytes() + " bytes.");
    }

    // The content of the current part, read from the body
    private final class PartContent extends InputStream {
        private boolean done;

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, into.length);
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = readContent(into, offset, length);
            done = n < 0;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        void discardRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // skipped
            }
        }
    }
}
