package ai.novai.common.tokens;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolCall;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with OpenAI's {@code o200k_base} encoding (jtokkit, offline). Provider usage is
 * authoritative; this is for what a provider does not report and for estimates made before a call
 * (rate limiting and cost reservation need one).
 */
public final class TokenCounter {

    // OpenAI's accounting of the chat format: each message costs a few tokens of framing, and every
    // reply is primed with a few more.
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING_TOKENS = 3;
    // An image costs what OpenAI charges for a low-detail one at the least; the real price needs its size.
    private static final int TOKENS_PER_IMAGE = 85;
    private static final int TOKENS_PER_TOOL = 8;

    // the longest run without white space counted in one piece
    private static final int LONGEST_RUN = 256;

    // only the one encoding: the default registry decodes all five of jtokkit's (4-10 s of CPU on a busy 2-core
    // machine against 1.5-2 s for this one)
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry()
            .getEncoding(EncodingType.O200K_BASE);

    private TokenCounter() {
    }

    /**
     * Loads the encoding now. Each service calls this while it starts, before it is ready: left to the first
     * request that counts, the class initialisation takes seconds, and every virtual thread that needs the counter
     * meanwhile waits for it <em>holding its carrier</em> (waiting for a class initialiser pins a virtual thread),
     * so the whole process stalls: an inference replica froze for 12 s, every gateway's streams with it, when the
     * first stream whose usage it had to count was cut.
     */
    public static void load() {
        ENCODING.countTokensOrdinary("load");
    }

    /**
     * Tokens of a text. Byte-pair encoding takes time that grows much faster than the length of a run
     * without white space (two million {@code x} took six seconds): such a run is counted in pieces of
     * {@value #LONGEST_RUN} characters, which changes the count by at most one token per piece and keeps a
     * hostile prompt from costing seconds of CPU. Ordinary text is counted whole.
     */
    public static int count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        int pieceStart = 0;
        int runStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                runStart = i + 1;
            } else if (i - runStart >= LONGEST_RUN && !Character.isLowSurrogate(c)) {
                tokens += ENCODING.countTokensOrdinary(text.substring(pieceStart, i));
                pieceStart = i;
                runStart = i;
            }
        }
        return tokens + ENCODING.countTokensOrdinary(text.substring(pieceStart));
    }

    /**
     * Estimated prompt tokens of a chat request: messages with their framing, tool definitions and the
     * response format schema. Close to what OpenAI bills for text; images are counted at their minimum.
     */
    public static int estimatePrompt(ChatRequest request) {
        int tokens = REPLY_PRIMING_TOKENS;
        for (ChatMessage message : request.getMessagesList()) {
            tokens += TOKENS_PER_MESSAGE;
            if (!message.getName().isEmpty()) {
                tokens += TOKENS_PER_NAME + count(message.getName());
            }
            for (ContentPart part : message.getContentList()) {
                tokens += part.hasText() ? count(part.getText()) : TOKENS_PER_IMAGE;
            }
            for (ToolCall call : message.getToolCallsList()) {
                tokens += count(call.getFunction().getName()) + count(call.getFunction().getArguments());
            }
            if (message.hasRefusal()) {
                tokens += count(message.getRefusal());
            }
        }
        for (Tool tool : request.getToolsList()) {
            tokens += TOKENS_PER_TOOL + count(tool.getFunction().getName())
                    + count(tool.getFunction().getDescription()) + count(tool.getFunction().getParametersJson());
        }
        if (request.hasResponseFormat()) {
            tokens += count(request.getResponseFormat().getJsonSchema().getSchemaJson());
        }
        return tokens;
    }
}
