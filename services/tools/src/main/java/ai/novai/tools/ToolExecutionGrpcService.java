package ai.novai.tools;

import ai.novai.common.grpc.BackendCalls;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.proto.tools.v1.ListToolsResponse;
import ai.novai.proto.tools.v1.ToolDescriptor;
import ai.novai.proto.tools.v1.ToolExecutionServiceGrpc;
import ai.novai.proto.tools.v1.ToolLimits;
import ai.novai.proto.tools.v1.ToolServer;
import ai.novai.tools.catalog.ToolCatalog;
import ai.novai.tools.catalog.ToolDefinition;
import ai.novai.tools.execution.ToolExecutor;
import io.grpc.stub.StreamObserver;

/**
 * {@code novai.tools.v1.ToolExecutionService}: the catalogue of tools and their execution. A call the gateway
 * cancels (its client went away, its deadline passed) abandons the tool's execution.
 */
final class ToolExecutionGrpcService extends ToolExecutionServiceGrpc.ToolExecutionServiceImplBase {

    private final ToolCatalog catalog;
    private final ToolExecutor executor;

    ToolExecutionGrpcService(ToolCatalog catalog, ToolExecutor executor) {
        this.catalog = catalog;
        this.executor = executor;
    }

    @Override
    public void listTools(ListToolsRequest request, StreamObserver<ListToolsResponse> response) {
        ListToolsResponse.Builder tools = ListToolsResponse.newBuilder();
        catalog.list().forEach(tool -> tools.addTools(descriptor(tool)));
        catalog.sources().forEach(source -> tools.addServers(ToolServer.newBuilder()
                                                                    .setLabel(source.label())
                                                                    .setAvailable(source.available())));
        response.onNext(tools.build());
        response.onCompleted();
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
        CancelSignal cancel = BackendCalls.cancelSignal(response);
        try {
            ToolExecutor.Execution execution = executor.execute(request.getName(), request.getToolCallId(),
                                                                request.getArgumentsJson(),
                                                                request.getArgumentsJsonBytes().size(), cancel);
            response.onNext(ExecuteResponse.newBuilder()
                                    .setToolCallId(request.getToolCallId())
                                    .setOutput(execution.output())
                                    .setIsError(execution.isError())
                                    .setTruncated(execution.truncated())
                                    .setDurationMs(execution.duration().toMillis())
                                    .build());
            response.onCompleted();
        } catch (RuntimeException e) {
            BackendCalls.fail(response, e, cancel, "tool execution");
        }
    }

    private static ToolDescriptor descriptor(ToolDefinition tool) {
        return ToolDescriptor.newBuilder()
                .setName(tool.name())
                .setServerLabel(tool.serverLabel())
                .setTool(tool.tool())
                .setDescription(tool.description())
                .setParametersJson(tool.parametersJson())
                .setLimits(ToolLimits.newBuilder()
                                   .setTimeoutMs(tool.limits().timeoutMs())
                                   .setMaxOutputBytes(tool.limits().maxOutputBytes())
                                   .addAllAllowedHosts(tool.allowedHosts()))
                .build();
    }
}
