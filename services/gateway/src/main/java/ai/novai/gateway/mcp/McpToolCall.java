package ai.novai.gateway.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiErrorHandling;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.tools.ServerTool;
import ai.novai.gateway.tools.ServerTools;
import ai.novai.gateway.tools.ToolResult;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One {@code tools/call} of an MCP client: the key must be allowed to run the tool (else the JSON-RPC error
 * invalid params, as for a tool that does not exist), the call counts one request against the key's RPM (else the
 * error {@link JsonRpcErrors#RATE_LIMITED}, with {@code Retry-After} on the HTTP answer), then the tools service runs
 * it through the {@link ai.novai.gateway.tools.ToolExecutor} (metered as {@code source="mcp"}, logged with the
 * request, traced). Whatever the tool answers, its failures included, is the call's result: text, with
 * {@code isError}.
 */
final class McpToolCall
        implements BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> {

    /** The {@code source} of MCP executions in metrics. */
    static final String SOURCE = "mcp";
    // longer names exist nowhere: an error repeats no more of one
    private static final int MAX_NAME = 64;

    private final ServerTools tools;
    private final Metering metering;
    private final McpJsonMapper jsonMapper;

    McpToolCall(ServerTools tools, Metering metering, McpJsonMapper jsonMapper) {
        this.tools = tools;
        this.metering = metering;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public McpSchema.CallToolResult apply(McpTransportContext context, McpSchema.CallToolRequest call) {
        ServerRequest request = McpRequestContext.request(context);
        ServerResponse response = McpRequestContext.response(context);
        ServerTool tool = allowedTool(McpRequestContext.key(context), call.name());
        try {
            metering.admitToolCall(request, response);
        } catch (ApiException refused) {
            throw refusal(response, refused);
        }
        ToolResult result = tools.executor().execute(request, SOURCE, tool, McpRequestContext.jsonRpcId(context),
                                                     arguments(call));
        return McpSchema.CallToolResult.builder()
                .addTextContent(result.text())
                .isError(result.isError())
                .build();
    }

    private ServerTool allowedTool(ApiKey key, String name) {
        try {
            return tools.catalog().find(key, name).orElseThrow(() -> McpError.builder(
                            McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("Unknown tool '" + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) + "…" : name)
                            + "', or one this API key may not run.")
                    .build());
        } catch (ApiException unavailable) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message(unavailable.error().message())
                    .build();
        }
    }

    private String arguments(McpSchema.CallToolRequest call) {
        try {
            return call.arguments() == null ? "{}" : jsonMapper.writeValueAsString(call.arguments());
        } catch (IOException e) {
            throw new UncheckedIOException("arguments read as JSON are not writable as JSON", e);
        }
    }

    // The refusal stays a JSON-RPC answer (MCP clients drop the body of a non-2xx answer); the HTTP answer carries
    // Retry-After as a 429 would.
    private static McpError refusal(ServerResponse response, ApiException refused) {
        if (refused.status().code() != Status.TOO_MANY_REQUESTS_429.code()) {
            return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(refused.error().message()).build();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", refused.error().code());
        data.put("type", refused.error().type());
        refused.retryAfter().ifPresent(wait -> {
            OpenAiErrorHandling.writeRetryAfter(response, wait);
            data.put("retry_after_ms", wait.toMillis());
        });
        return McpError.builder(JsonRpcErrors.RATE_LIMITED)
                .message("Rate limited: " + refused.error().message())
                .data(data)
                .build();
    }
}
