package ai.novai.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a streamed answer of the fake upstream is paced: {@code chunks} content chunks, {@code interval}
 * apart (the role chunk comes at once, so time to first event never depends on the pace), each with a
 * short token as its content, or {@code contentBytes} of text when that is set (a bulkier chunk, like one
 * that carries logprobs).
 * <p>
 * The pace travels in the URL path ({@code /pace/30x1000/v1/chat/completions}), not in a header or the
 * query string, because NovAI forwards neither to its upstream: putting it in a provider's {@code base-url}
 * is the one knob that works the same for a direct client and for a request that went through NovAI.
 *
 * @param chunks       content chunks per stream
 * @param interval     pause before each content chunk
 * @param contentBytes the length of each chunk's content; 0 for a short token
 */
public record Pace(int chunks, Duration interval, int contentBytes) {

    /** What the fake upstream does when the path names no pace: ten chunks, no pauses. */
    public static final Pace FAST = new Pace(10, Duration.ZERO);

    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,4})x(\\d{1,6})(?:x(\\d{1,5}))?");

    public Pace {
        if (chunks < 0 || interval.isNegative() || contentBytes < 0) {
            throw new IllegalArgumentException("pace needs chunks >= 0, a non-negative interval and content size");
        }
    }

    /** Chunks with a short token as content. */
    public Pace(int chunks, Duration interval) {
        this(chunks, interval, 0);
    }

    /** The path segment naming this pace, {@code <chunks>x<interval ms>}, then {@code x<content bytes>} if set. */
    public String segment() {
        return chunks + "x" + interval.toMillis() + (contentBytes > 0 ? "x" + contentBytes : "");
    }

    /** Reads a {@link #segment()}; empty when it is not one. */
    public static Optional<Pace> parse(String segment) {
        Matcher matcher = SEGMENT.matcher(segment);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Pace(Integer.parseInt(matcher.group(1)),
                                    Duration.ofMillis(Long.parseLong(matcher.group(2))),
                                    matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3))));
    }

    /** How long one stream lasts at the upstream, pauses only. */
    public Duration length() {
        return interval.multipliedBy(chunks);
    }
}
