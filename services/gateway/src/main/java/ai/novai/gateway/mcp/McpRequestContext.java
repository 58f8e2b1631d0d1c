package ai.novai.gateway.mcp;

import java.util.Map;

import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.Authenticated;
import io.modelcontextprotocol.common.McpTransportContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What the SDK's handlers learn of the HTTP exchange a JSON-RPC request came in: the Helidon request (its key, request
 * id and request log), the response (for rate-limit headers) and the JSON-RPC id. The transport puts them in the
 * {@link McpTransportContext}; the tool handlers read them back here.
 */
final class McpRequestContext {

    private static final String REQUEST = "novai.mcp.request";
    private static final String RESPONSE = "novai.mcp.response";
    private static final String JSON_RPC_ID = "novai.mcp.json-rpc-id";

    private McpRequestContext() {
    }

    static McpTransportContext of(ServerRequest request, ServerResponse response, Object jsonRpcId) {
        return McpTransportContext.create(Map.of(REQUEST, request, RESPONSE, response,
                                                 JSON_RPC_ID, jsonRpcId == null ? "" : jsonRpcId));
    }

    static ServerRequest request(McpTransportContext context) {
        return (ServerRequest) require(context, REQUEST);
    }

    static ServerResponse response(McpTransportContext context) {
        return (ServerResponse) require(context, RESPONSE);
    }

    /** The calling key, which {@code ApiKeyAuth} authenticated before the request reached the transport. */
    static ApiKey key(McpTransportContext context) {
        return Authenticated.key(request(context));
    }

    /** The JSON-RPC id of the request, as text (the tool call id of an execution). */
    static String jsonRpcId(McpTransportContext context) {
        return String.valueOf(require(context, JSON_RPC_ID));
    }

    private static Object require(McpTransportContext context, String key) {
        Object value = context.get(key);
        if (value == null) {
            throw new IllegalStateException("the MCP transport context has no " + key);
        }
        return value;
    }
}
