package ai.novai.tools.execution;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a tool's output to its byte budget on a UTF-8 character boundary (never half a character, never half
 * a surrogate pair).
 */
public final class OutputLimit {

    private OutputLimit() {
    }

    /**
     * The text, cut to at most {@code maxBytes} UTF-8 bytes.
     *
     * @param text     the output
     * @param maxBytes the budget
     * @return the kept text and whether anything was cut
     */
    public static Cut cut(String text, long maxBytes) {
        // a char is at most 3 UTF-8 bytes (a surrogate pair, two chars, is 4)
        if ((long) text.length() * 3 <= maxBytes) {
            return new Cut(text, false);
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(maxBytes, Integer.MAX_VALUE - 8));
        CoderResult result = encoder.encode(in, out, true);
        if (result.isUnderflow()) {
            return new Cut(text, false);
        }
        // overflow: the encoder stopped before the first character that did not fit whole
        return new Cut(text.substring(0, in.position()), true);
    }

    /**
     * What was kept.
     *
     * @param text      the kept text
     * @param truncated whether some was cut
     */
    public record Cut(String text, boolean truncated) {
    }
}
