package ai.novai.tools.mcp;

import java.util.List;
import java.util.StringJoiner;

import ai.novai.tools.catalog.ToolResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An MCP {@code tools/call} result as the text a model reads: text content as it is, one part per line;
 * other content summarised ({@code [image: image/png, 1234 bytes]}), since the tool message of a chat is
 * text; structured content as JSON when there is no content; {@code isError} kept.
 */
final class CallResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CallResults() {
    }

    static ToolResult toResult(McpSchema.CallToolResult result) {
        boolean isError = Boolean.TRUE.equals(result.isError());
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        if (content.isEmpty() && result.structuredContent() != null) {
            try {
                return new ToolResult(JSON.writeValueAsString(result.structuredContent()), isError, false);
            } catch (JsonProcessingException e) {
                return ToolResult.error("the MCP server's structured result could not be written as JSON");
            }
        }
        StringJoiner text = new StringJoiner("\n");
        content.forEach(part -> text.add(text(part)));
        return new ToolResult(text.toString(), isError, false);
    }

    private static String text(McpSchema.Content part) {
        return switch (part) {
            case McpSchema.TextContent text -> text.text() == null ? "" : text.text();
            case McpSchema.ImageContent image -> "[image: " + image.mimeType() + ", " + decodedBytes(image.data())
                    + " bytes]";
            case McpSchema.AudioContent audio -> "[audio: " + audio.mimeType() + ", " + decodedBytes(audio.data())
                    + " bytes]";
            case McpSchema.EmbeddedResource embedded -> embedded.resource() instanceof
                    McpSchema.TextResourceContents resource ? resource.text()
                    : "[resource: " + embedded.resource().uri() + ", " + embedded.resource().mimeType() + "]";
            case McpSchema.ResourceLink link -> "[resource link: " + link.uri() + "]";
            default -> "[" + part.type() + " content]";
        };
    }

    // the size of base64 data once decoded, without decoding it
    private static long decodedBytes(String base64) {
        if (base64 == null) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() * 3 / 4 - padding;
    }
}
