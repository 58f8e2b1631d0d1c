package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI Chat Completions server on 127.0.0.1, for tests and benchmarks of anything that calls an
 * OpenAI-compatible upstream. It speaks the real wire format (JSON completions, SSE chunk streams ending
 * with {@code data: [DONE]}, OpenAI's error bodies), records every request, and answers what the test
 * scripted: {@link #enqueue(FakeReply...) queued replies} first, in order, then the
 * {@link #respondWith(Function) responder} (by default a short text reply). Any path and method is
 * answered; the client's is recorded for assertions.
 * <pre>{@code
 * try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
 *     upstream.enqueue(FakeReply.text("Hello there").inDeltas(2),
 *                      FakeReply.error(429, "slow down").header("Retry-After", "2"));
 *     ... call upstream.baseUrl() + "/chat/completions" ...
 *     assertThat(upstream.lastRequest().json().path("model").asText(), is("gpt-4o-mini"));
 * }
 * }</pre>
 * Handlers run on virtual threads; responses are flushed event by event with TCP_NODELAY, so streams
 * reach the client as they are written. A write that fails because the client went away is recorded as
 * a disconnect ({@link #awaitDisconnect(Duration)}), which is how tests observe cancellation.
 */
public final class FakeOpenAiUpstream implements AutoCloseable {

    /** Requests kept for {@link #requests()}; older ones are dropped so that benchmarks run in bounded memory. */
    public static final int MAX_RECORDED = 10_000;

    static {
        // Read once per JVM by the JDK's server: without it, small SSE writes wait for delayed ACKs.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<FakeReply> script = new ConcurrentLinkedDeque<>();
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final AtomicLong requestCount = new AtomicLong();
    private final BlockingQueue<Instant> disconnects = new LinkedBlockingQueue<>();
    private volatile Function<RecordedRequest, FakeReply> responder =
            request -> FakeReply.text("Hello from the fake upstream.");
    private volatile boolean closed;

    private FakeOpenAiUpstream(HttpServer server) {
        this.server = server;
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static FakeOpenAiUpstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            FakeOpenAiUpstream upstream = new FakeOpenAiUpstream(server);
            server.setExecutor(upstream.executor);
            server.createContext("/", upstream::handle);
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenAI upstream", e);
        }
    }

    /** The base URL clients are configured with: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues replies for the next requests, answered in order before the responder is asked. */
    public FakeOpenAiUpstream enqueue(FakeReply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers requests for which no reply is queued (for benchmarks: one reply for every request). */
    public FakeOpenAiUpstream respondWith(Function<RecordedRequest, FakeReply> responder) {
        this.responder = responder;
        return this;
    }

    /** The requests received, oldest first (at most the last {@value #MAX_RECORDED}). */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        RecordedRequest last;
        synchronized (recorded) {
            last = recorded.peekLast();
        }
        if (last == null) {
            throw new NoSuchElementException("the fake upstream has received no request");
        }
        return last;
    }

    /** How many requests were received in all. */
    public long requestCount() {
        return requestCount.get();
    }

    /**
     * Waits for the next client disconnect observed while answering (a write to a connection the client
     * closed), and returns when it was observed; empty when none came in time.
     */
    public Optional<Instant> awaitDisconnect(Duration timeout) {
        try {
            return Optional.ofNullable(disconnects.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops listening, closes every connection and ends the answers in progress. */
    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } catch (RuntimeException | Error e) {
            if (!(e instanceof DroppedConnection)) {
                // the JDK's server would close the connection without a word: say why
                System.getLogger(FakeOpenAiUpstream.class.getName())
                        .log(System.Logger.Level.ERROR, "the fake upstream failed to answer", e);
            }
            throw e;
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        RecordedRequest request = RecordedRequest.read(exchange);
        record(request);
        FakeReply reply = script.poll();
        FakeReply.Plan plan = (reply != null ? reply : responder.apply(request)).plan(request);
        try {
            send(exchange, plan);
        } catch (IOException e) {
            if (!closed) {
                disconnects.add(Instant.now());
            }
            exchange.close();
            return;
        } catch (InterruptedException e) {
            exchange.close();
            return;
        }
        if (plan.dropConnection()) {
            // the JDK's server closes the connection, without ending the body, when a handler throws
            throw new DroppedConnection();
        }
        exchange.close();
    }

    private void send(HttpExchange exchange, FakeReply.Plan plan) throws IOException, InterruptedException {
        sleep(plan.headerDelay());
        plan.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (!plan.chunked()) {
            byte[] body = plan.pieces().next();
            exchange.sendResponseHeaders(plan.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.sendResponseHeaders(plan.status(), 0);
        OutputStream out = exchange.getResponseBody();
        boolean first = true;
        while (plan.pieces().hasNext() && !closed) {
            if (!first) {
                sleep(plan.pieceDelay());
            }
            first = false;
            out.write(plan.pieces().next());
            out.flush();
        }
        if (!plan.dropConnection()) {
            out.close();
        }
    }

    private void record(RecordedRequest request) {
        requestCount.incrementAndGet();
        synchronized (recorded) {
            recorded.addLast(request);
            if (recorded.size() > MAX_RECORDED) {
                recorded.removeFirst();
            }
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero() && !duration.isNegative()) {
            Thread.sleep(duration);
        }
    }

    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }
}
