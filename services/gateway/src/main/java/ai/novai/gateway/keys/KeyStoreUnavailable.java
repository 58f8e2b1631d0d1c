package ai.novai.gateway.keys;

/** The key store (the database) could not be asked: not an answer about the key. */
public final class KeyStoreUnavailable extends RuntimeException {

    public KeyStoreUnavailable(Throwable cause) {
        super("the key store is unavailable", cause);
    }
}
