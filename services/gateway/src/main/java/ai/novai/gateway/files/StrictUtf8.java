package ai.novai.gateway.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Bytes as UTF-8 text, refusing invalid, overlong and surrogate sequences instead of replacing them. */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text, or empty when the bytes are not UTF-8. */
    static Optional<String> decode(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                                       .onMalformedInput(CodingErrorAction.REPORT)
                                       .onUnmappableCharacter(CodingErrorAction.REPORT)
                                       .decode(ByteBuffer.wrap(bytes, offset, length))
                                       .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
