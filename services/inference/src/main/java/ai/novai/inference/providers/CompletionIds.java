package ai.novai.inference.providers;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Ids NovAI gives completions and tool calls it creates itself, in OpenAI's style.
 */
public final class CompletionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CompletionIds() {
    }

    /** {@code chatcmpl-...} */
    public static String completion() {
        return "chatcmpl-" + random(12);
    }

    /** {@code call_...} */
    public static String toolCall() {
        return "call_" + random(12);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
