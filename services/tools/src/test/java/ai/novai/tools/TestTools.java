package ai.novai.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.proto.tools.v1.ExecuteRequest;
import ai.novai.proto.tools.v1.ExecuteResponse;
import ai.novai.proto.tools.v1.ListToolsRequest;
import ai.novai.proto.tools.v1.ToolDescriptor;
import ai.novai.proto.tools.v1.ToolExecutionServiceGrpc;
import ai.novai.tools.builtin.HostResolver;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * A started tools service on a random port and a plain grpc-java channel to it, as the gateway would call it.
 */
final class TestTools implements AutoCloseable {

    private final GrpcBackendServer server;
    private final ManagedChannel channel;

    private TestTools(GrpcBackendServer server) {
        this.server = server;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    /** The service over a registry whose {@code tools} section is this YAML (indented under {@code tools:}). */
    static TestTools start(String toolsYaml) {
        return start(toolsYaml, Map.of(), HostResolver.SYSTEM);
    }

    /** The service over the registry built in (no {@code models.registry}). */
    static TestTools builtIn() {
        return new TestTools(ToolsMain.start(config(Map.of()), Map.of(), HostResolver.SYSTEM));
    }

    /** The same, with an environment and a resolver of its own. */
    static TestTools start(String toolsYaml, Map<String, String> environment, HostResolver resolver) {
        return new TestTools(ToolsMain.start(config(registry(toolsYaml)), environment, resolver));
    }

    /** Configuration on a random local port, with extra settings. */
    static Config config(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        return Config.just(ConfigSources.create(config));
    }

    /** A registry file with this tools section, as {@code models.registry}. */
    static Map<String, String> registry(String toolsYaml) {
        try {
            Path file = Files.createTempFile("novai-tools-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "tools:\n" + toolsYaml.indent(2));
            return Map.of("models.registry", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ToolExecutionServiceGrpc.ToolExecutionServiceBlockingStub blocking() {
        return ToolExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    ToolExecutionServiceGrpc.ToolExecutionServiceStub async() {
        return ToolExecutionServiceGrpc.newStub(channel);
    }

    /** Calls a tool. */
    ExecuteResponse execute(String name, String argumentsJson) {
        return blocking().execute(ExecuteRequest.newBuilder().setToolCallId("call_1").setName(name)
                                          .setArgumentsJson(argumentsJson).build());
    }

    /** The tool offered under this name, if any. */
    java.util.Optional<ToolDescriptor> tool(String name) {
        return blocking().listTools(ListToolsRequest.getDefaultInstance()).getToolsList().stream()
                .filter(tool -> tool.getName().equals(name)).findFirst();
    }

    /** How many threads (virtual ones included) of this JVM have a name that starts so. */
    static long threadsNamed(String prefix) {
        try {
            Path dump = Files.createTempFile("threads-", ".json");
            Files.delete(dump);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            Files.delete(dump);
            return java.util.regex.Pattern.compile("\"name\": \"" + java.util.regex.Pattern.quote(prefix))
                    .matcher(json).results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
