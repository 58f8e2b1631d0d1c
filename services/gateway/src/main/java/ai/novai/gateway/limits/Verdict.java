package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer to an admission: a reservation to settle later, or the limit that refused the request and
 * when to retry; with the key's window states either way.
 *
 * @param reservation present when admitted
 * @param refusedBy   present when refused
 * @param retryAfter  when a retry may succeed; empty when waiting will not help within the window
 *                    (the request alone exceeds the limit, or the budget is spent)
 * @param requests    the RPM window
 * @param tokens      the TPM window
 */
public record Verdict(Optional<Reservation> reservation, Optional<Limit> refusedBy, Optional<Duration> retryAfter,
                      WindowState requests, WindowState tokens) {

    static Verdict admitted(Reservation reservation, WindowState requests, WindowState tokens) {
        return new Verdict(Optional.of(reservation), Optional.empty(), Optional.empty(), requests, tokens);
    }

    static Verdict refused(Limit limit, Optional<Duration> retryAfter, WindowState requests, WindowState tokens) {
        return new Verdict(Optional.empty(), Optional.of(limit), retryAfter, requests, tokens);
    }

    /** Whether the request may go on. */
    public boolean isAdmitted() {
        return reservation.isPresent();
    }
}
