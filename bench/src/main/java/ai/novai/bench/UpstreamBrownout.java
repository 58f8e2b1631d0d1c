package ai.novai.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fake upstream in a brownout, by path ({@code /brownout/<percent>/v1/chat/completions}): that share of
 * the requests, drawn at random, fails, half with {@code 500} and half with {@code 429} and
 * {@code Retry-After-Ms: }{@value #RETRY_AFTER_MS} ({@code Retry-After: 1}), as OpenAI sends them; the rest are
 * answered as usual. What it answered is counted per share, so the report can say how many requests the
 * upstream saw for what the clients got.
 */
final class UpstreamBrownout {

    /** The wait a 429 asks for. */
    static final int RETRY_AFTER_MS = 100;

    /** What one request gets. */
    enum Answer { SERVED, SERVER_ERROR, RATE_LIMITED }

    private final Map<Integer, Map<Answer, LongAdder>> counts = new ConcurrentHashMap<>();

    /** Draws the answer of one request at a brownout of {@code percent} and counts it. */
    Answer draw(int percent) {
        double draw = ThreadLocalRandom.current().nextDouble() * 100;
        Answer answer = draw < percent / 2.0 ? Answer.SERVER_ERROR
                : draw < percent ? Answer.RATE_LIMITED : Answer.SERVED;
        counts.computeIfAbsent(percent, ignored -> new ConcurrentHashMap<>())
                .computeIfAbsent(answer, ignored -> new LongAdder()).increment();
        return answer;
    }

    /** How often each answer was given at this share so far. */
    long count(int percent, Answer answer) {
        LongAdder adder = counts.getOrDefault(percent, Map.of()).get(answer);
        return adder == null ? 0 : adder.sum();
    }

    /** The path segment a share is named by: a whole percentage, 0 to 100. */
    static boolean valid(String segment) {
        return segment.matches("\\d{1,3}") && Integer.parseInt(segment) <= 100;
    }
}
