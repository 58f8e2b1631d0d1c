package ai.novai.deploy.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat client that behaves as the official OpenAI SDKs do (openai-python/-node/-java): {@code max_retries} 2 on
 * connection errors and on 408, 409, 429 and 5xx, waiting {@code 0.5 s · 2^n} (at most 8 s, less up to 25 %
 * jitter) or what {@code Retry-After} says; a stream can be retried only until its first byte. Each attempt
 * carries its own {@code X-Request-Id} ({@code <id>.<attempt>}), which the gateway keeps and passes to the
 * upstream, so the ledger and the upstream's log can be matched to attempts.
 */
final class SdkLikeClient {

    private static final int MAX_RETRIES = 2;
    // a chunk with text (the first chunk of a stream has the role and empty content)
    private static final java.util.regex.Pattern CONTENT = java.util.regex.Pattern.compile("\"content\":\"[^\"]");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String secret;
    private final int maxRetries;
    private final AtomicInteger inFlight = new AtomicInteger();

    private SdkLikeClient(String secret, int maxRetries) {
        this.secret = secret;
        this.maxRetries = maxRetries;
    }

    /** A client retrying as the SDKs do by default. */
    static SdkLikeClient retrying(String secret) {
        return new SdkLikeClient(secret, MAX_RETRIES);
    }

    /** A client that never retries: every failure is seen. */
    static SdkLikeClient once(String secret) {
        return new SdkLikeClient(secret, 0);
    }

    /** Requests sent whose answer has not ended yet. */
    int inFlight() {
        return inFlight.get();
    }

    /** How a call ended, as its caller saw it. */
    enum Result {
        /** 200, and a stream ended with {@code [DONE]} and no error event. */
        OK,
        /** A stream that ended with an error event and {@code [DONE]}: cut, but told so. */
        ERROR_EVENT,
        /** A stream that ended without {@code [DONE]} after its first byte: cut without a word. */
        TRUNCATED,
        /** An error status, or no connection, after the retries. */
        FAILED
    }

    /**
     * One call's story.
     *
     * @param id          the call's id (attempt {@code n} was sent as {@code id.n})
     * @param stream      whether it asked for a stream
     * @param result      how it ended
     * @param attempts    attempts made
     * @param status      the last HTTP status (0: no answer)
     * @param contentChunks chunks with text received in the last attempt
     * @param startNanos  when the call began ({@link System#nanoTime()})
     * @param endNanos    when the last attempt ended
     * @param detail      the last failure, for messages
     */
    record Call(String id, boolean stream, Result result, int attempts, int status, int contentChunks,
                long startNanos, long endNanos, String detail) {

        String lastAttemptId() {
            return id + "." + attempts;
        }
    }

    /** One chat completion at this gateway base URL ({@code http://host:port}). */
    Call chat(String base, String id, boolean stream) throws InterruptedException {
        long start = System.nanoTime();
        Attempt last = null;
        for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
            inFlight.incrementAndGet();
            try {
                last = attempt(base, id + "." + attempt, stream);
            } finally {
                inFlight.decrementAndGet();
            }
            if (!last.retryable() || attempt == maxRetries + 1) {
                return new Call(id, stream, last.result(), attempt, last.status(), last.chunks(), start,
                                System.nanoTime(), last.detail());
            }
            Thread.sleep(backoff(attempt - 1, last.retryAfter()).toMillis());
        }
        throw new IllegalStateException("unreachable");
    }

    // openai-python's _calculate_retry_timeout: Retry-After up to 60 s, else 0.5 s * 2^n capped at 8 s, jitter -25 %
    private static Duration backoff(int retriesSoFar, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent() && retryAfter.get().compareTo(Duration.ofSeconds(60)) <= 0) {
            return retryAfter.get();
        }
        double seconds = Math.min(0.5 * Math.pow(2, retriesSoFar), 8.0);
        return Duration.ofMillis((long) (seconds * (1 - 0.25 * ThreadLocalRandom.current().nextDouble()) * 1000));
    }

    private record Attempt(Result result, int status, int chunks, boolean retryable, Optional<Duration> retryAfter,
                           String detail) {
    }

    private Attempt attempt(String base, String attemptId, boolean stream) {
        String body = "{\"model\":\"" + FaultRig.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"tick\"}]"
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Request-Id", attemptId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException connectionError) {
            return new Attempt(Result.FAILED, 0, 0, true, Optional.empty(), connectionError.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Result.FAILED, 0, 0, false, Optional.empty(), "interrupted");
        }
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            if (status != 200) {
                String error = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
                Optional<Duration> retryAfter = response.headers().firstValue("retry-after")
                        .flatMap(SdkLikeClient::seconds);
                return new Attempt(Result.FAILED, status, 0, retryable, retryAfter, status + " " + error);
            }
            return stream ? readStream(in) : readWhole(in);
        } catch (IOException cut) {
            // the headers came: a stream cut now cannot be retried (its first bytes were delivered); a whole
            // answer cut while its body was read is a connection error, retried
            return new Attempt(stream ? Result.TRUNCATED : Result.FAILED, status, 0, !stream, Optional.empty(),
                               cut.toString());
        }
    }

    private static Attempt readWhole(InputStream in) throws IOException {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        boolean complete = body.contains("\"choices\"") && body.trim().endsWith("}");
        return new Attempt(complete ? Result.OK : Result.FAILED, 200, complete ? 1 : 0, !complete, Optional.empty(),
                           complete ? "" : "incomplete body: " + body);
    }

    private static Attempt readStream(InputStream in) {
        int chunks = 0;
        boolean errorEvent = false;
        String lastError = "";
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    return new Attempt(errorEvent ? Result.ERROR_EVENT : Result.OK, 200, chunks, false,
                                       Optional.empty(), lastError);
                }
                if (data.startsWith("{\"error\"") || data.contains("\"error\":{")) {
                    errorEvent = true;
                    lastError = data;
                } else if (CONTENT.matcher(data).find()) {
                    chunks++;
                }
            }
            return new Attempt(Result.TRUNCATED, 200, chunks, false, Optional.empty(),
                               "ended without [DONE] after " + chunks + " chunks" + (errorEvent ? ", " + lastError : ""));
        } catch (IOException cut) {
            return new Attempt(Result.TRUNCATED, 200, chunks, false, Optional.empty(),
                               cut + " after " + chunks + " chunks");
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }
}
