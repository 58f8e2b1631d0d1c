package ai.novai.inference.providers;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.ImageUrl;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;

/** NovAI request messages for translator tests, short to write. */
public final class Messages {

    private Messages() {
    }

    public static ChatMessage user(String text) {
        return message(Role.ROLE_USER, text);
    }

    public static ChatMessage message(Role role, String text) {
        return ChatMessage.newBuilder().setRole(role).addContent(text(text)).build();
    }

    public static ChatMessage toolResult(String toolCallId, String text) {
        return ChatMessage.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId(toolCallId).addContent(text(text)).build();
    }

    public static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }

    public static ContentPart image(String url) {
        return ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder().setUrl(url)).build();
    }

    public static ToolCall toolCall(String id, String name, String arguments) {
        return ToolCall.newBuilder().setId(id).setFunction(FunctionCall.newBuilder().setName(name).setArguments(arguments))
                .build();
    }
}
