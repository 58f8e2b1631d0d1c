package ai.novai.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a streamed answer of the fake upstream is paced: {@code chunks} content chunks, {@code interval}
 * apart (the role chunk comes at once, so time to first event never depends on the pace).
 * <p>
 * The pace travels in the URL path ({@code /pace/30x1000/v1/chat/completions}), not in a header or the
 * query string, because NovAI forwards neither to its upstream: putting it in a provider's {@code base-url}
 * is the one knob that works the same for a direct client and for a request that went through NovAI.
 *
 * @param chunks   content chunks per stream
 * @param interval pause before each content chunk
 */
public record Pace(int chunks, Duration interval) {

    /** What the fake upstream does when the path names no pace: ten chunks, no pauses. */
    public static final Pace FAST = new Pace(10, Duration.ZERO);

    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,4})x(\\d{1,6})");

    public Pace {
        if (chunks < 0 || interval.isNegative()) {
            throw new IllegalArgumentException("pace needs chunks >= 0 and a non-negative interval");
        }
    }

    /** The path segment naming this pace, {@code <chunks>x<interval ms>}. */
    public String segment() {
        return chunks + "x" + interval.toMillis();
    }

    /** Reads a {@link #segment()}; empty when it is not one. */
    public static Optional<Pace> parse(String segment) {
        Matcher matcher = SEGMENT.matcher(segment);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Pace(Integer.parseInt(matcher.group(1)),
                                    Duration.ofMillis(Long.parseLong(matcher.group(2)))));
    }

    /** How long one stream lasts at the upstream, pauses only. */
    public Duration length() {
        return interval.multipliedBy(chunks);
    }
}
