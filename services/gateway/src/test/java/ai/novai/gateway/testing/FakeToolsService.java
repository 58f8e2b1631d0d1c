package ai.novai.gateway.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.proto.tools.v1.ListToolsResponse;
import ai.novai.proto.tools.v1.ToolDescriptor;
import ai.novai.proto.tools.v1.ToolExecutionServiceGrpc;
import ai.novai.proto.tools.v1.ToolLimits;
import ai.novai.proto.tools.v1.ToolServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A tools service for gateway tests, on a random port: {@code novai__echo} answers {@code echo:<arguments>},
 * {@code novai__slow} waits 1.5 s first (to see calls run in parallel), {@code files__read} belongs to
 * another server and answers as if cut at its size limit ({@code search}, configured, is not connected), {@code novai__strict} refuses every argument as the real service refuses arguments its
 * schema does not accept (INVALID_ARGUMENT), and {@code novai__broken} fails as a tool does (an {@code is_error}
 * result, "it broke"). It records the calls it got and how many ran at once.
 */
public final class FakeToolsService extends ToolExecutionServiceGrpc.ToolExecutionServiceImplBase
        implements AutoCloseable {

    private static final String TEXT_SCHEMA = """
            {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";

    private final List<ExecuteRequest> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private GrpcBackendServer server;

    private FakeToolsService() {
    }

    /** Starts the fake. */
    public static FakeToolsService start() {
        FakeToolsService fake = new FakeToolsService();
        fake.server = GrpcBackendServer.start("tools", NovaiCluster.backendConfig(), List.of(fake));
        return fake;
    }

    /** The gateway settings that point at this fake. */
    public Map<String, String> gatewaySettings() {
        return Map.of("novai.backends.tools.target", "dns:///127.0.0.1:" + server.port());
    }

    /** The calls it got, in order of arrival. */
    public List<ExecuteRequest> calls() {
        return List.copyOf(calls);
    }

    /** The most calls that ran at once. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    @Override
    public void listTools(ListToolsRequest request, StreamObserver<ListToolsResponse> response) {
        response.onNext(ListToolsResponse.newBuilder()
                                .addTools(tool("novai", "echo", "Echoes its text."))
                                .addTools(tool("novai", "slow", "Echoes its text after 1.5 s."))
                                .addTools(tool("novai", "strict", "Refuses every argument."))
                                .addTools(tool("novai", "broken", "Always fails."))
                                .addTools(tool("files", "read", "Reads a file."))
                                .addServers(ToolServer.newBuilder().setLabel("novai").setAvailable(true))
                                .addServers(ToolServer.newBuilder().setLabel("files").setAvailable(true))
                                .addServers(ToolServer.newBuilder().setLabel("search").setAvailable(false))
                                .build());
        response.onCompleted();
    }

    private static ToolDescriptor tool(String label, String name, String description) {
        return ToolDescriptor.newBuilder().setName(label + "__" + name).setServerLabel(label).setTool(name)
                .setDescription(description).setParametersJson(TEXT_SCHEMA)
                .setLimits(ToolLimits.newBuilder().setTimeoutMs(2000).setMaxOutputBytes(65536)).build();
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
        calls.add(request);
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            switch (request.getName()) {
                case "novai__strict" -> {
                    response.onError(Status.INVALID_ARGUMENT.withDescription(
                            "the arguments of novai__strict do not match its schema: /text: string found, number expected")
                                             .asRuntimeException());
                    return;
                }
                case "novai__slow" -> Thread.sleep(Duration.ofMillis(1500));
                case "novai__broken" -> {
                    response.onNext(ExecuteResponse.newBuilder().setToolCallId(request.getToolCallId())
                                            .setOutput("it broke").setIsError(true).build());
                    response.onCompleted();
                    return;
                }
                case "novai__echo", "files__read" -> {
                }
                default -> {
                    response.onError(Status.NOT_FOUND.withDescription("no tool " + request.getName())
                                             .asRuntimeException());
                    return;
                }
            }
            // files__read answers as a tool whose output was cut at its size limit
            response.onNext(ExecuteResponse.newBuilder().setToolCallId(request.getToolCallId())
                                    .setOutput("echo:" + request.getArgumentsJson()).setDurationMs(1)
                                    .setTruncated(request.getName().equals("files__read")).build());
            response.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.asRuntimeException());
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
