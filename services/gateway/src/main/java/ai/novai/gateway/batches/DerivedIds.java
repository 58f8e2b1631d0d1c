package ai.novai.gateway.batches;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ids derived from a batch's: the same every time (a step done again after a crash rewrites the same rows). */
final class DerivedIds {

    private DerivedIds() {
    }

    /** {@code prefix} and 96 bits of the SHA-256 of the seed, in hex. */
    static String of(String prefix, String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
