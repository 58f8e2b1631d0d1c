package ai.novai.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider could not answer: it is unreachable, overloaded (429), failing (5xx), too slow, or it
 * cut a stream short. Another attempt (later, or at another deployment) may succeed.
 */
public final class UpstreamFailure extends UpstreamException {

    /** What went wrong, which decides the status the gateway answers when nothing else works. */
    public enum Kind {
        /** Connection refused, reset, DNS, TLS. */
        UNREACHABLE,
        /** The provider's own rate limit (429). */
        RATE_LIMITED,
        /** A 5xx from the provider. */
        SERVER_ERROR,
        /** No answer within the read timeout. */
        TIMEOUT,
        /** A stream that ended without its end marker, or with an error event. */
        STREAM_BROKEN,
        /** The provider refused NovAI's own credentials (401/403): an operator's problem. */
        AUTHENTICATION
    }

    private final Kind kind;
    private final transient Optional<Duration> retryAfter;

    public UpstreamFailure(Kind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause, true);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public UpstreamFailure(Kind kind, String message) {
        this(kind, message, Optional.empty(), null);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether the provider answered with an error status (429, 5xx, 401/403): it served nothing, so nothing of
     * the attempt is billed. One that could not be reached, went silent or cut a stream may have processed the
     * request and charged for its prompt.
     */
    public boolean answeredWithErrorStatus() {
        return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.AUTHENTICATION;
    }

    /** How long the provider asked us to wait, if it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
