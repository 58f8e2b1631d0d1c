package ai.novai.gateway.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable identifiers: a prefix and 96 random bits in hex ({@code file-3f9a…}, {@code batch_07c1…}). */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** A new id with the prefix. */
    public static String next(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
