package ai.novai.gateway.store;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable identifiers: a prefix and 96 random bits in hex ({@code file-3f9a…}, {@code batch_07c1…}). */
public final class RandomIds {

    // The JDK's DRBG (NIST SP 800-90A, seeded once from the system): the default on Linux, NativePRNG, reads
    // /dev/urandom under a global lock on every call, and ids are made several times per request
    private static final SecureRandom RANDOM = drbg();

    private RandomIds() {
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no DRBG (every JDK since 9 has)", e);
        }
    }

    /** A new id with the prefix. */
    public static String next(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
