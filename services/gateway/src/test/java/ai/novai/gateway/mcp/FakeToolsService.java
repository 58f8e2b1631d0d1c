package ai.novai.gateway.mcp;

import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.proto.tools.v1.ListToolsResponse;
import ai.novai.proto.tools.v1.ToolDescriptor;
import ai.novai.proto.tools.v1.ToolExecutionServiceGrpc;
import ai.novai.proto.tools.v1.ToolLimits;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A tools service for tests: {@code novai__echo} answers its arguments, {@code novai__broken} fails as a tool does
 * (a result with {@code is_error}), {@code novai__secret} exists for keys that may not run it.
 */
final class FakeToolsService extends ToolExecutionServiceGrpc.ToolExecutionServiceImplBase {

    static final String ECHO_SCHEMA = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
            + "\"required\":[\"text\"]}";

    @Override
    public void listTools(ListToolsRequest request, StreamObserver<ListToolsResponse> response) {
        response.onNext(ListToolsResponse.newBuilder()
                                .addTools(tool("echo", "Answers its arguments.", ECHO_SCHEMA))
                                .addTools(tool("broken", "Always fails.", ""))
                                .addTools(tool("secret", "Only for some keys.", ""))
                                .build());
        response.onCompleted();
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
        ExecuteResponse.Builder answer = ExecuteResponse.newBuilder().setToolCallId(request.getToolCallId());
        switch (request.getName()) {
            case "novai__echo" -> answer.setOutput("echo: " + request.getArgumentsJson());
            case "novai__broken" -> answer.setOutput("it broke").setIsError(true);
            case "novai__secret" -> answer.setOutput("the secret");
            default -> {
                response.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
                return;
            }
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    private static ToolDescriptor tool(String tool, String description, String schema) {
        return ToolDescriptor.newBuilder()
                .setName("novai__" + tool)
                .setServerLabel("novai")
                .setTool(tool)
                .setDescription(description)
                .setParametersJson(schema)
                .setLimits(ToolLimits.newBuilder().setTimeoutMs(2000))
                .build();
    }
}
