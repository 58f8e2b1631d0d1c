package ai.novai.inference.providers;

import java.util.ArrayList;
import java.util.List;

import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.Role;

/**
 * The system prompt of providers that keep it apart from the turns (Anthropic, Gemini, Bedrock): the system and
 * developer messages, in order, and for providers without a JSON mode of their own, the response format as an
 * instruction the model follows.
 */
public final class SystemPrompt {

    private static final String JSON_OBJECT_INSTRUCTION = "Answer only with one valid JSON object: no text before "
            + "or after it, and no Markdown code fences.";
    private static final String JSON_SCHEMA_INSTRUCTION = "Answer only with one valid JSON value that conforms to "
            + "the JSON Schema below: no text before or after it, and no Markdown code fences.";

    private SystemPrompt() {
    }

    /** The text of each system and developer message, blank ones left out. */
    public static List<String> messages(ChatRequest request) {
        List<String> parts = new ArrayList<>();
        for (ChatMessage message : request.getMessagesList()) {
            if (message.getRole() == Role.ROLE_SYSTEM || message.getRole() == Role.ROLE_DEVELOPER) {
                String text = RequestParts.text(message);
                if (!text.isBlank()) {
                    parts.add(text);
                }
            }
        }
        return parts;
    }

    /** The messages, then the instruction for a JSON response format, when the request has one. */
    public static List<String> withResponseFormat(ChatRequest request) {
        List<String> parts = messages(request);
        ResponseFormat format = request.getResponseFormat();
        switch (format.getType()) {
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> parts.add(JSON_OBJECT_INSTRUCTION);
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> parts.add(schemaInstruction(format));
            default -> {
                // plain text: nothing to add
            }
        }
        return parts;
    }

    private static String schemaInstruction(ResponseFormat format) {
        StringBuilder instruction = new StringBuilder(JSON_SCHEMA_INSTRUCTION);
        if (!format.getJsonSchema().getName().isBlank()) {
            instruction.append("\nSchema name: ").append(format.getJsonSchema().getName());
        }
        if (!format.getJsonSchema().getDescription().isBlank()) {
            instruction.append("\nDescription: ").append(format.getJsonSchema().getDescription());
        }
        String schema = format.getJsonSchema().getSchemaJson().isBlank() ? "{}" : format.getJsonSchema().getSchemaJson();
        return instruction.append("\nJSON Schema:\n").append(schema.strip()).toString();
    }
}
