package ai.novai.gateway.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import reactor.core.publisher.Mono;

/**
 * The MCP SDK's stateless server transport over Helidon SE, modelled on the SDK's
 * {@code HttpServletStatelessServerTransport}: each POST carries one JSON-RPC message and is answered on its own
 * (a request with its JSON response, a notification with 202); there are no sessions and no server-initiated
 * stream, so GET and DELETE get 405.
 * <p>
 * The body is read as every gateway body is ({@link Json}: the body size limit, strict UTF-8 and JSON, slow-sender
 * limits); what is not JSON gets 400 and the JSON-RPC parse error, JSON that is no request or notification 400 and
 * invalid request. Like the SDK's transports it checks {@code Origin} (and {@code Host}, when configured) with a
 * {@link ServerTransportSecurityValidator} and requires {@code Accept} to name both JSON and event streams; beyond
 * them it refuses an {@code MCP-Protocol-Version} it does not speak with 400, as the specification asks.
 * <p>
 * The SDK's handler runs on the request's virtual thread ({@code immediateExecution}), so the tool handlers see the
 * request's context (key, request log, trace) through the {@link McpRequestContext}.
 */
public final class HelidonStatelessTransport implements McpStatelessServerTransport {

    private static final HeaderName PROTOCOL_VERSION = HeaderNames.create(HttpHeaders.PROTOCOL_VERSION);
    private static final String JSON_TYPE = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";

    private final McpJsonMapper jsonMapper;
    private final ServerTransportSecurityValidator security;
    private volatile McpStatelessServerHandler handler;
    private volatile boolean closing;

    /**
     * @param jsonMapper reads and writes the SDK's messages
     * @param security   checks {@code Origin} and {@code Host} (DNS-rebinding protection)
     */
    public HelidonStatelessTransport(McpJsonMapper jsonMapper, ServerTransportSecurityValidator security) {
        this.jsonMapper = jsonMapper;
        this.security = security;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> closing = true);
    }

    /** {@code POST /mcp}: one JSON-RPC message. */
    void post(ServerRequest request, ServerResponse response) {
        if (closing) {
            send(response, Status.SERVICE_UNAVAILABLE_503,
                 JsonRpcErrors.withoutId(McpSchema.ErrorCodes.INTERNAL_ERROR, "The server is shutting down."));
            return;
        }
        try {
            security.validateHeaders(headers(request));
        } catch (ServerTransportSecurityException refused) {
            send(response, Status.create(refused.getStatusCode()),
                 JsonRpcErrors.withoutId(McpSchema.ErrorCodes.INVALID_REQUEST, refused.getMessage()));
            return;
        }
        String version = request.headers().first(PROTOCOL_VERSION).orElse(null);
        if (version != null && !protocolVersions().contains(version)) {
            send(response, Status.BAD_REQUEST_400, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.INVALID_REQUEST, "Unsupported MCP-Protocol-Version; supported: "
                            + String.join(", ", protocolVersions()) + "."));
            return;
        }
        if (!acceptsJsonAndEventStream(request)) {
            send(response, Status.BAD_REQUEST_400, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Both application/json and text/event-stream are required in the Accept header."));
            return;
        }
        JsonNode body;
        try {
            body = Json.readObject(request);
        } catch (ApiException unreadable) {
            refuseBody(response, unreadable);
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(jsonMapper, body.toString());
        } catch (IOException | IllegalArgumentException notJsonRpc) {
            send(response, Status.BAD_REQUEST_400, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid request: not a JSON-RPC 2.0 request or notification."));
            return;
        }
        dispatch(request, response, message);
    }

    /** {@code GET} and {@code DELETE /mcp}: no server-initiated stream, no sessions. */
    void notOffered(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.ALLOW, "POST");
        response.status(Status.METHOD_NOT_ALLOWED_405).send();
    }

    private void dispatch(ServerRequest request, ServerResponse response, McpSchema.JSONRPCMessage message) {
        switch (message) {
            case McpSchema.JSONRPCRequest call -> {
                McpTransportContext context = McpRequestContext.of(request, response, call.id());
                McpSchema.JSONRPCResponse answer = handler().handleRequest(context, call)
                        .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                        .block();
                send(response, Status.OK_200, answer);
            }
            case McpSchema.JSONRPCNotification notification -> {
                McpTransportContext context = McpRequestContext.of(request, response, null);
                handler().handleNotification(context, notification)
                        .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
                        .block();
                response.status(Status.ACCEPTED_202).send();
            }
            default -> send(response, Status.BAD_REQUEST_400, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.INVALID_REQUEST, "The server accepts requests and notifications only."));
        }
    }

    // the gateway's body errors as JSON-RPC answers; a body over the size limit keeps the gateway's 413
    private void refuseBody(ServerResponse response, ApiException unreadable) {
        String code = unreadable.error().code();
        if ("invalid_json".equals(code)) {
            send(response, Status.BAD_REQUEST_400, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: " + unreadable.error().message()));
        } else if ("unsupported_content_type".equals(code)) {
            send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, JsonRpcErrors.withoutId(
                    McpSchema.ErrorCodes.INVALID_REQUEST, unreadable.error().message()));
        } else {
            throw unreadable;
        }
    }

    private McpStatelessServerHandler handler() {
        McpStatelessServerHandler current = handler;
        if (current == null) {
            throw new IllegalStateException("no MCP server is bound to the transport");
        }
        return current;
    }

    private static boolean acceptsJsonAndEventStream(ServerRequest request) {
        List<String> accepted = request.headers().contains(HeaderNames.ACCEPT)
                ? request.headers().get(HeaderNames.ACCEPT).allValues() : List.of();
        String all = String.join(",", accepted);
        return all.contains(JSON_TYPE) && all.contains(EVENT_STREAM);
    }

    private static Map<String, List<String>> headers(ServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> headers.computeIfAbsent(header.name(), name -> new ArrayList<>())
                .addAll(header.allValues()));
        return headers;
    }

    private void send(ServerResponse response, Status status, Object answer) {
        byte[] bytes;
        try {
            bytes = jsonMapper.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("JSON-RPC answer not serialisable", e);
        }
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }
}
