package ai.novai.gateway.http;

import io.helidon.http.Status;

/**
 * The client of a response went away: it closed the connection (a "stop" button, a cancelled request), or it
 * read nothing for longer than the write timeout and was cut. Not a failure of NovAI or of a provider.
 */
public final class ClientGone extends RuntimeException {

    /** The status logged for a request whose client went away before its answer (nginx's 499). */
    public static final Status CLIENT_CLOSED_REQUEST = Status.create(499, "Client Closed Request");

    /** How the client went away, as counted in the meters. */
    public enum Reason {
        /** The connection was closed by the client. */
        DISCONNECTED,
        /** The client read nothing for longer than the write timeout. */
        TOO_SLOW,
        /** The client sent its request too slowly and was answered 408 ({@link ConnectionGuard}). */
        SENDS_TOO_SLOWLY;

        /** The label of this reason in meters and the ledger. */
        public String label() {
            return switch (this) {
                case DISCONNECTED -> "client_disconnected";
                case TOO_SLOW -> "client_too_slow";
                case SENDS_TOO_SLOWLY -> "client_sends_too_slowly";
            };
        }
    }

    private final Reason reason;

    public ClientGone(Reason reason, Throwable cause) {
        super(switch (reason) {
            case DISCONNECTED -> "the client closed the connection";
            case TOO_SLOW -> "the client read nothing within the write timeout";
            case SENDS_TOO_SLOWLY -> "the client sent its request too slowly";
        }, cause, false, false);
        this.reason = reason;
    }

    /** How it went away. */
    public Reason reason() {
        return reason;
    }
}
