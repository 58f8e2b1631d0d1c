package ai.novai.upstream;

/**
 * The provider refused the request itself (a 4xx other than 401, 403, 408 and 429), or a translator found the
 * request cannot be expressed in the provider's format: the same request fails everywhere, so it is answered
 * to the client as a 400 with the provider's message.
 */
public final class UpstreamRejection extends UpstreamException {

    private final String param;

    public UpstreamRejection(String message, String param) {
        super(message, null, true);
        this.param = param;
    }

    /** The parameter the provider named, or null. */
    public String param() {
        return param;
    }
}
