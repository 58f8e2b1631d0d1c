package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A key's position in one of its minute windows after an admission, for the rate-limit headers.
 *
 * @param limit     the limit; empty = unlimited
 * @param remaining what is left in the window
 * @param reset     time until everything counted now has left the window
 */
public record WindowState(OptionalLong limit, long remaining, Duration reset) {

    /** No limit. */
    public static final WindowState UNLIMITED = new WindowState(OptionalLong.empty(), 0, Duration.ZERO);

    static WindowState of(long limit, long remaining, long resetMillis) {
        return limit > 0 ? new WindowState(OptionalLong.of(limit), remaining, Duration.ofMillis(resetMillis)) : UNLIMITED;
    }
}
