package ai.novai.inference.providers.echo;

import java.util.List;
import java.util.Optional;

import ai.novai.common.tokens.TokenCounter;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.ResponseFormatType;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.Tool;
import ai.novai.proto.inference.v1.ToolChoiceMode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * What {@code novai-echo} answers, decided only by the request:
 * <ul>
 *     <li>tools offered (and {@code tool_choice} not {@code none}) after a user message: a call of the
 *     forced tool, else the first, with the smallest arguments its schema accepts;</li>
 *     <li>after a tool result: {@code Tool <name> returned: <content>};</li>
 *     <li>otherwise {@code You said: <last user text>}, as JSON when a JSON response format is asked.</li>
 * </ul>
 * Text longer than {@code max_tokens} is cut there with finish reason {@code length}.
 *
 * @param text         the reply text (empty for a tool call)
 * @param toolCall     the tool call, if the reply is one
 * @param finishReason why the reply ends
 * @param promptTokens prompt tokens, as counted by the shared token counter
 */
record EchoReply(String text, Optional<EchoToolCall> toolCall, FinishReason finishReason, int promptTokens) {

    private static final Encoding ENCODING = Encodings.newDefaultEncodingRegistry()
            .getEncoding(EncodingType.O200K_BASE);

    /**
     * A tool call of the echo model.
     *
     * @param name      function name
     * @param arguments arguments as JSON text
     */
    record EchoToolCall(String name, String arguments) {
    }

    static EchoReply to(ChatRequest request) {
        int promptTokens = TokenCounter.estimatePrompt(request);
        List<ChatMessage> messages = request.getMessagesList();
        ChatMessage last = messages.isEmpty() ? ChatMessage.getDefaultInstance() : messages.getLast();
        String userText = lastUserText(messages);

        Optional<Tool> tool = toolToCall(request, last);
        if (tool.isPresent()) {
            String arguments = SchemaInstance.write(SchemaInstance.of(
                    SchemaInstance.parse(tool.get().getFunction().getParametersJson()), userText));
            return new EchoReply("", Optional.of(new EchoToolCall(tool.get().getFunction().getName(), arguments)),
                                 FinishReason.FINISH_REASON_TOOL_CALLS, promptTokens);
        }
        String text = last.getRole() == Role.ROLE_TOOL
                ? "Tool " + toolName(messages, last.getToolCallId()) + " returned: " + text(last)
                : "You said: " + userText;
        text = formatted(request, text);
        if (request.hasMaxTokens()) {
            IntArrayList tokens = ENCODING.encodeOrdinary(text);
            if (tokens.size() > request.getMaxTokens()) {
                IntArrayList kept = new IntArrayList(request.getMaxTokens());
                for (int i = 0; i < request.getMaxTokens(); i++) {
                    kept.add(tokens.get(i));
                }
                return new EchoReply(ENCODING.decode(kept), Optional.empty(), FinishReason.FINISH_REASON_LENGTH,
                                     promptTokens);
            }
        }
        return new EchoReply(text, Optional.empty(), FinishReason.FINISH_REASON_STOP, promptTokens);
    }

    /** Completion tokens of this reply. */
    int completionTokens() {
        return toolCall.map(call -> TokenCounter.count(call.name()) + TokenCounter.count(call.arguments()))
                .orElseGet(() -> TokenCounter.count(text));
    }

    private static Optional<Tool> toolToCall(ChatRequest request, ChatMessage last) {
        if (request.getToolsCount() == 0 || last.getRole() != Role.ROLE_USER
                || request.getToolChoice().getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_NONE) {
            return Optional.empty();
        }
        if (request.getToolChoice().hasFunctionName()) {
            String forced = request.getToolChoice().getFunctionName();
            return request.getToolsList().stream()
                    .filter(tool -> tool.getFunction().getName().equals(forced))
                    .findFirst();
        }
        return Optional.of(request.getTools(0));
    }

    private static String formatted(ChatRequest request, String text) {
        ResponseFormatType format = request.getResponseFormat().getType();
        return switch (format) {
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> "{\"echo\":" + SchemaInstance.quote(text) + "}";
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> SchemaInstance.write(SchemaInstance.of(
                    SchemaInstance.parse(request.getResponseFormat().getJsonSchema().getSchemaJson()), text));
            default -> text;
        };
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).getRole() == Role.ROLE_USER) {
                return text(messages.get(i));
            }
        }
        return "";
    }

    private static String text(ChatMessage message) {
        StringBuilder text = new StringBuilder();
        for (ContentPart part : message.getContentList()) {
            if (part.hasText()) {
                text.append(text.isEmpty() ? "" : " ").append(part.getText());
            } else {
                text.append(text.isEmpty() ? "" : " ").append("[image]");
            }
        }
        return text.toString();
    }

    private static String toolName(List<ChatMessage> messages, String toolCallId) {
        return messages.stream()
                .flatMap(message -> message.getToolCallsList().stream())
                .filter(call -> call.getId().equals(toolCallId))
                .map(call -> call.getFunction().getName())
                .findFirst()
                .orElse("?");
    }
}
