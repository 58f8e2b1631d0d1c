package ai.novai.inference.providers;

import java.util.ArrayList;
import java.util.List;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.upstream.UpstreamJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one provider format writes the parts of a conversation (Anthropic's blocks, Gemini's parts, Bedrock's
 * content blocks); the walk over NovAI's messages is shared: system and developer messages are left to the
 * system prompt, user text and images become parts of user turns, an assistant message its text, refusal and tool
 * calls, a tool message a tool result in a user turn, all merged into {@link Turns}. A format may hold state for
 * one request (Gemini names the function of each tool result from the calls written before it): create one per
 * request.
 */
public abstract class ConversationFormat {

    private final String userRole;
    private final String assistantRole;
    private final String partsField;

    /**
     * A format.
     *
     * @param userRole      the role name of the user's turns
     * @param assistantRole the role name of the model's turns
     * @param partsField    the field of a turn that lists its parts
     */
    protected ConversationFormat(String userRole, String assistantRole, String partsField) {
        this.userRole = userRole;
        this.assistantRole = assistantRole;
        this.partsField = partsField;
    }

    /** A text part. */
    protected abstract ObjectNode text(String text);

    /** An image part, from an image URL or data URI. */
    protected abstract ObjectNode image(String url);

    /** A tool call of the model, with its arguments parsed. */
    protected abstract ObjectNode toolCall(ToolCall call, ObjectNode arguments);

    /** A tool message's result. */
    protected abstract ObjectNode toolResult(ChatMessage message);

    /** Whether a text part is worth sending: empty ones are not (a format may refuse blank ones too). */
    protected boolean keeps(String text) {
        return !text.isEmpty();
    }

    /** The conversation as the format's list of turns: {@code [{"role": ..., <partsField>: [...]}, ...]}. */
    public final ArrayNode write(ChatRequest request) {
        ArrayNode turns = UpstreamJson.MAPPER.createArrayNode();
        for (Turns.Turn<ObjectNode> turn : turns(request)) {
            ObjectNode written = turns.addObject();
            written.put("role", turn.role());
            turn.parts().forEach(written.putArray(partsField)::add);
        }
        return turns;
    }

    private List<Turns.Turn<ObjectNode>> turns(ChatRequest request) {
        Turns<ObjectNode> turns = new Turns<>();
        for (ChatMessage message : request.getMessagesList()) {
            switch (message.getRole()) {
                case ROLE_SYSTEM, ROLE_DEVELOPER -> {
                    // part of the system prompt
                }
                case ROLE_USER -> turns.append(userRole, parts(message));
                case ROLE_ASSISTANT -> turns.append(assistantRole, assistantParts(message));
                case ROLE_TOOL -> turns.appendToolResult(userRole, toolResult(message));
                default -> throw new UpstreamRejection("a message has no supported role", "messages");
            }
        }
        return turns.list();
    }

    /** A message's text and image parts, in order. */
    protected final List<ObjectNode> parts(ChatMessage message) {
        List<ObjectNode> parts = new ArrayList<>();
        for (ContentPart part : message.getContentList()) {
            switch (part.getPartCase()) {
                case TEXT -> {
                    if (keeps(part.getText())) {
                        parts.add(text(part.getText()));
                    }
                }
                case IMAGE_URL -> parts.add(image(part.getImageUrl().getUrl()));
                default -> {
                    // an empty part carries nothing
                }
            }
        }
        return parts;
    }

    private List<ObjectNode> assistantParts(ChatMessage message) {
        List<ObjectNode> parts = parts(message);
        if (message.hasRefusal() && keeps(message.getRefusal())) {
            parts.add(text(message.getRefusal()));
        }
        for (ToolCall call : message.getToolCallsList()) {
            parts.add(toolCall(call, RequestParts.object(call.getFunction().getArguments(), "messages",
                                                         "the arguments of tool call " + call.getId())));
        }
        return parts;
    }
}
