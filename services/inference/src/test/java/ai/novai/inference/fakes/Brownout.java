package ai.novai.inference.fakes;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link FakeOpenAiUpstream#respondWith responder} for an upstream in a brownout: a share of the requests,
 * drawn at random, fails, half with {@code 500} and half with {@code 429} (with {@code Retry-After-Ms}, as
 * OpenAI sends it); the others get the healthy reply. It counts what it answered, so that a test can compare
 * what the upstream served with what its clients saw.
 * <pre>{@code
 * Brownout brownout = Brownout.of(0.2, Duration.ofMillis(10), () -> FakeReply.text("fine").usage(11, 1));
 * upstream.respondWith(brownout);
 * }</pre>
 */
public final class Brownout implements Function<RecordedRequest, FakeReply> {

    private final double failingShare;
    private final Duration retryAfter;
    private final Supplier<FakeReply> healthy;
    private final SplittableRandom random;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    private Brownout(double failingShare, Duration retryAfter, Supplier<FakeReply> healthy, long seed) {
        if (failingShare < 0 || failingShare > 1) {
            throw new IllegalArgumentException("a share is between 0 and 1: " + failingShare);
        }
        this.failingShare = failingShare;
        this.retryAfter = retryAfter;
        this.healthy = healthy;
        this.random = new SplittableRandom(seed);
    }

    /** Fails {@code failingShare} of the requests (0.2 = 10 % 500 and 10 % 429); seeded, so runs repeat. */
    public static Brownout of(double failingShare, Duration retryAfter, Supplier<FakeReply> healthy) {
        return new Brownout(failingShare, retryAfter, healthy, 42);
    }

    @Override
    public FakeReply apply(RecordedRequest request) {
        double draw;
        synchronized (random) {
            draw = random.nextDouble();
        }
        if (draw < failingShare / 2) {
            serverErrors.incrementAndGet();
            return FakeReply.error(500, "The server had an error while processing your request.");
        }
        if (draw < failingShare) {
            rateLimited.incrementAndGet();
            return FakeReply.error(429, "Rate limit reached; please try again later.")
                    .header("retry-after-ms", Long.toString(retryAfter.toMillis()))
                    .header("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        served.incrementAndGet();
        return healthy.get();
    }

    /** Requests answered with the healthy reply. */
    public long served() {
        return served.get();
    }

    /** Requests answered with 500. */
    public long serverErrors() {
        return serverErrors.get();
    }

    /** Requests answered with 429. */
    public long rateLimited() {
        return rateLimited.get();
    }
}
