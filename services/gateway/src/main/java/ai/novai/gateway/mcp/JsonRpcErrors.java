package ai.novai.gateway.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * The JSON-RPC errors NovAI's MCP endpoint answers besides the SDK's own (method not found, invalid params...).
 */
final class JsonRpcErrors {

    /**
     * The key's RPM refused a {@code tools/call}: an implementation-defined server error (JSON-RPC reserves
     * -32000 to -32099 for those), 429 in its last digits. Its {@code data} says when to retry.
     */
    static final int RATE_LIMITED = -32029;

    private JsonRpcErrors() {
    }

    /**
     * The answer to a message that could not be read as a request, so whose id is unknown: JSON-RPC's
     * {@code "id": null} (which the SDK's own response record refuses).
     */
    static Map<String, Object> withoutId(int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        answer.put("id", null);
        answer.put("error", error);
        return answer;
    }
}
