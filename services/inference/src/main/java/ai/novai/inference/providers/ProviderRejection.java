package ai.novai.inference.providers;

/**
 * The provider refused the request itself (a 4xx other than 401, 403, 408 and 429): the same request
 * fails everywhere, so it is answered to the client as a 400 with the provider's message.
 */
public final class ProviderRejection extends RuntimeException {

    private final String param;

    public ProviderRejection(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The parameter the provider named, or null. */
    public String param() {
        return param;
    }
}
