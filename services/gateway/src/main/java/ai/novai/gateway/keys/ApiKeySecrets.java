package ai.novai.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * How API keys look and how they are kept: {@code sk-novai-} followed by 43 base62 characters
 * (256 bits of randomness), stored only as a SHA-256 hash with a short display prefix.
 */
public final class ApiKeySecrets {

    /** Every NovAI key starts with this. */
    public static final String PREFIX = "sk-novai-";

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 43;
    private static final int DISPLAY_CHARS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** A new random key. */
    public static String newKey() {
        StringBuilder key = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    /** Lower-case hex SHA-256 of the key: what the database stores and looks up. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The part of a key that may be shown and logged, e.g. {@code sk-novai-Ab3x}. */
    public static String displayPrefix(String key) {
        int end = Math.min(key.length(), PREFIX.length() + DISPLAY_CHARS);
        return key.substring(0, end);
    }
}
