package ai.novai.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client that reads a chat stream slowly, one server-sent event every {@code interval}, the way a
 * congested phone or a client stuck behind a slow consumer would: over a plain socket, on its own (virtual)
 * thread, whose receive buffer is asked to be small, through a 512-byte buffer of its own, announcing an
 * Ethernet-sized MSS ({@link TcpMaxSegment}) so that the server's kernel sizes its send buffer as it would
 * for a client on a network rather than on loopback. Between two events it reads nothing, so whatever the server sends beyond those few
 * bytes waits in the server's socket and then in the server itself: real TCP backpressure, not a client
 * that takes everything in and pretends to be slow.
 * <p>
 * It speaks just enough HTTP/1.1 for this: one {@code POST}, the status line and headers, a chunked or
 * plain body. It reads for {@code readFor}; a stream that ends before that must have ended with
 * {@code [DONE]}. Then it reads whatever is queued as fast as it can, for at most two seconds: a stream the
 * server has already ended (cut) shows its end there, although the reader had still been receiving events
 * from the buffers in between; one that still runs keeps flowing. Then it closes the socket mid-stream, as a
 * user who gives up does. It notes how long it waited for data beyond its own pauses: a pipeline that keeps
 * up never makes it wait.
 */
final class SlowReader {

    private static final int USER_BUFFER = 512;
    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_EVENT = 8 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a reader reads as fast as it can before hanging up, to learn whether the stream still runs. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final int MAX_DRAINED_EVENTS = 20_000;

    private final InetSocketAddress address;
    private final byte[] request;
    private final Duration readFor;
    private final Duration interval;
    private final int receiveBuffer;
    private final int mss;

    /** Counters shared by all the readers of a run, read while they run. */
    record Live(LongAdder events, AtomicInteger open) {
        Live() {
            this(new LongAdder(), new AtomicInteger());
        }
    }

    /**
     * How one stream went for its reader.
     *
     * @param status        HTTP status, 0 when none came
     * @param events        {@code data:} events read
     * @param done          whether {@code [DONE]} came
     * @param problem       why the stream failed, when it did (no counts in it: reasons are tallied)
     * @param firstEventNanos from sending the request to the first event, 0 without one
     * @param endedNanos    from sending the request to the end of the reading (or of the stream)
     * @param waitedNanos   time spent waiting for the next event beyond the reader's own pauses
     * @param maxWaitNanos  the longest such wait
     * @param receiveBuffer the socket's receive buffer as the kernel set it
     * @param mss           the socket's MSS once connected, -1 when unknown
     * @param drainedEvents events that were queued for the reader when it stopped pacing itself (read in the
     *                      final drain, up to its limits)
     */
    record Outcome(int status, long events, boolean done, Optional<String> problem, long firstEventNanos,
                   long endedNanos, long waitedNanos, long maxWaitNanos, int receiveBuffer, int mss,
                   long drainedEvents) {

        static Outcome failed(String problem) {
            return new Outcome(0, 0, false, Optional.of(problem), 0, 0, 0, 0, 0, -1, 0);
        }
    }

    /**
     * @param target        where to send the request, with the key when it needs one
     * @param body          the JSON body
     * @param readFor       how long to read before hanging up
     * @param interval      the pause between two events
     * @param receiveBuffer {@code SO_RCVBUF} to ask for
     * @param mss           {@code TCP_MAXSEG} to announce; 0 leaves the loopback's
     */
    SlowReader(Target target, byte[] body, Duration readFor, Duration interval, int receiveBuffer, int mss) {
        URI uri = target.uri();
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.readFor = readFor;
        this.interval = interval;
        this.receiveBuffer = receiveBuffer;
        this.mss = mss;
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: text/event-stream\r\n"
                + target.apiKey().map(key -> "Authorization: Bearer " + key + "\r\n").orElse("")
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        this.request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
    }

    /** Reads one stream on the calling thread; never throws. */
    Outcome read(Live live) {
        long sent = System.nanoTime();
        long stopAt = sent + readFor.toNanos();
        try (SocketChannel channel = SocketChannel.open()) {
            Socket socket = channel.socket();
            // before connecting, so that the window and the MSS the SYN announces are the small ones
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            if (mss > 0) {
                TcpMaxSegment.set(channel, mss);
            }
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            int effectiveBuffer = socket.getReceiveBufferSize();
            int effectiveMss = TcpMaxSegment.get(channel);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            Input in = new Input(socket, stopAt);
            Head head = Head.read(in);
            if (head.status() != 200) {
                return new Outcome(head.status(), 0, false, Optional.of("HTTP " + head.status()), 0,
                                   System.nanoTime() - sent, 0, 0, effectiveBuffer, effectiveMss, 0);
            }
            Body body = new Body(in, head.chunked());
            live.open().incrementAndGet();
            try {
                return events(in, body, sent, stopAt, effectiveBuffer, effectiveMss, live);
            } finally {
                live.open().decrementAndGet();
            }
        } catch (SocketTimeoutException e) {
            return Outcome.failed("no answer before the end of the read");
        } catch (IOException e) {
            return Outcome.failed(Failures.reason(e));
        }
    }

    private Outcome events(Input in, Body body, long sent, long stopAt, int effectiveBuffer, int effectiveMss,
                           Live live) {
        long events = 0;
        long firstEvent = 0;
        long waited = 0;
        long maxWait = 0;
        long due = System.nanoTime();
        String problem = null;
        boolean done = false;
        boolean ended = false;
        byte[] event = new byte[MAX_EVENT];
        while (true) {
            long askedAt = System.nanoTime();
            int length;
            try {
                length = body.nextEvent(event);
            } catch (SocketTimeoutException e) {
                // the read ended while waiting for data: a wait, counted, not a failure
                long wait = System.nanoTime() - askedAt;
                waited += wait;
                maxWait = Math.max(maxWait, wait);
                break;
            } catch (IOException e) {
                problem = Failures.reason(e);
                break;
            }
            long wait = System.nanoTime() - askedAt;
            waited += wait;
            maxWait = Math.max(maxWait, wait);
            if (length < 0) {
                ended = true;
                if (!done) {
                    problem = "the server ended the stream without [DONE]";
                }
                break;
            }
            String data = data(event, length);
            if (data == null) {
                continue; // a comment (keep-alive) or an empty event: nothing to pace
            }
            if (data.equals("[DONE]")) {
                done = true;
                continue; // the server closes or ends the body next
            }
            events++;
            live.events().increment();
            if (firstEvent == 0) {
                firstEvent = System.nanoTime() - sent;
            }
            if (data.startsWith("{\"error\"") && problem == null) {
                problem = "error event " + LoadGenerator.abbreviate(data);
            }
            due += interval.toNanos();
            if (due - stopAt >= 0) {
                break;
            }
            pauseUntil(due);
        }
        long endedAt = System.nanoTime() - sent;
        long drained = 0;
        if (!ended && !done && problem == null) {
            in.extend(System.nanoTime() + DRAIN.toNanos());
            try {
                int length;
                while (drained < MAX_DRAINED_EVENTS && (length = body.nextEvent(event)) >= 0) {
                    String data = data(event, length);
                    if (data == null) {
                        continue;
                    }
                    if (data.equals("[DONE]")) {
                        done = true;
                    } else {
                        drained++;
                        if (data.startsWith("{\"error\"") && problem == null) {
                            problem = "error event " + LoadGenerator.abbreviate(data);
                        }
                    }
                }
                if (!done && drained < MAX_DRAINED_EVENTS && problem == null) {
                    problem = "the server had ended the stream without [DONE] (found in the final drain)";
                }
            } catch (SocketTimeoutException e) {
                // still flowing when the drain's time was up: the stream was alive
            } catch (IOException e) {
                problem = Failures.reason(e) + " (in the final drain)";
            }
        }
        return new Outcome(200, events, done, Optional.ofNullable(problem), firstEvent, endedAt, waited, maxWait,
                           effectiveBuffer, effectiveMss, drained);
    }

    // The data of an event, or null for a comment or an event without data.
    private static String data(byte[] event, int length) {
        String text = new String(event, 0, length, StandardCharsets.UTF_8);
        return text.startsWith("data:") ? text.substring(5).strip() : null;
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code nanoTime}; at once when it has. */
    static void pauseUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The socket's bytes through a small buffer; a read waits at most until the reader's end. */
    private static final class Input {

        private final Socket socket;
        private final InputStream in;
        private long stopAt;
        private final byte[] buffer = new byte[USER_BUFFER];
        private int position;
        private int limit;

        Input(Socket socket, long stopAt) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.stopAt = stopAt;
        }

        /** Lets reads wait until a later instant. */
        void extend(long until) {
            stopAt = until;
        }

        /** The next byte, -1 at the end of the connection. */
        int read() throws IOException {
            if (position == limit) {
                long left = stopAt - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("the reader's time is up");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }

        /** One line without its CRLF (or LF), at most {@code max} bytes. */
        String line(int max) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed in the middle of a line");
                }
                if (line.length() >= max) {
                    throw new IOException("line longer than " + max + " bytes");
                }
                line.append((char) b);
            }
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
    }

    /** The status and how the body is framed. */
    private record Head(int status, boolean chunked) {

        static Head read(Input in) throws IOException {
            String statusLine = in.line(MAX_HEAD);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + LoadGenerator.abbreviate(statusLine));
            }
            int status = Integer.parseInt(parts[1]);
            boolean chunked = false;
            int total = statusLine.length();
            String header;
            while (!(header = in.line(MAX_HEAD)).isEmpty()) {
                total += header.length();
                if (total > MAX_HEAD) {
                    throw new IOException("response head longer than " + MAX_HEAD + " bytes");
                }
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            return new Head(status, chunked);
        }
    }

    /** The body, chunked or not, cut into server-sent events. */
    private static final class Body {

        private final Input in;
        private final boolean chunked;
        private long chunkLeft;
        private boolean ended;

        Body(Input in, boolean chunked) {
            this.in = in;
            this.chunked = chunked;
        }

        private int read() throws IOException {
            if (ended) {
                return -1;
            }
            if (!chunked) {
                return in.read();
            }
            if (chunkLeft == 0) {
                String size = in.line(1024);
                if (size.isEmpty()) {
                    size = in.line(1024); // the CRLF that ends the previous chunk's data
                }
                int extension = size.indexOf(';');
                chunkLeft = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                if (chunkLeft == 0) {
                    ended = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the middle of a chunk");
            }
            chunkLeft--;
            return b;
        }

        /**
         * Reads the next event (up to its blank line) into {@code event}; returns its length without the
         * blank line, or -1 at the end of the body.
         */
        int nextEvent(byte[] event) throws IOException {
            int length = 0;
            int b;
            while ((b = read()) >= 0) {
                if (b == '\r') {
                    continue;
                }
                if (b == '\n' && length > 0 && event[length - 1] == '\n') {
                    return length - 1;
                }
                if (b == '\n' && length == 0) {
                    continue; // a stray blank line between events
                }
                if (length == event.length) {
                    throw new IOException("event longer than " + event.length + " bytes");
                }
                event[length++] = (byte) b;
            }
            return length > 0 ? length : -1;
        }
    }
}
