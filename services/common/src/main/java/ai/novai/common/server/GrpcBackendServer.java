package ai.novai.common.server;

import java.util.List;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcReflectionFeature;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * A running gRPC backend (inference, embedding): one Helidon server with two listeners.
 * <ul>
 *     <li>the default socket ({@code server.port}) serves HTTP: {@code /observe/health} and
 *     {@code /observe/metrics};</li>
 *     <li>the gRPC socket ({@code grpc.port}) serves the backend's services, {@code grpc.health.v1}
 *     and gRPC server reflection, so {@code grpcurl} and Kubernetes' native gRPC probes work.</li>
 * </ul>
 * The gRPC socket is named after the service because Helidon keeps reflection's view of the
 * routings per socket name for the whole JVM: two backends in one JVM (the integration tests) must
 * not see each other's services.
 */
public final class GrpcBackendServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(GrpcBackendServer.class.getName());

    private final WebServer server;
    private final HealthStatusManager health;
    private final String grpcSocket;

    private GrpcBackendServer(WebServer server, HealthStatusManager health, String grpcSocket) {
        this.server = server;
        this.health = health;
        this.grpcSocket = grpcSocket;
    }

    /**
     * Starts a backend and marks it SERVING once it listens.
     *
     * @param name     short service name, e.g. {@code inference}; names the gRPC socket
     * @param config   root configuration ({@code server.*} for HTTP, {@code grpc.port} for gRPC)
     * @param services the backend's own gRPC services
     * @return the running server
     */
    public static GrpcBackendServer start(String name, Config config, List<BindableService> services) {
        String grpcSocket = "grpc-" + name;
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("", ServingStatus.NOT_SERVING);

        GrpcRouting.Builder grpcRouting = GrpcRouting.builder();
        services.forEach(grpcRouting::service);
        grpcRouting.service(health.getHealthService());

        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder().details(true).build())
                        .addObserver(MetricsObserver.create())
                        .sockets(List.of(WebServer.DEFAULT_SOCKET_NAME))
                        .build())
                .addFeature(GrpcReflectionFeature.builder()
                        .enabled(config.get("grpc.reflection.enabled").asBoolean().orElse(true))
                        .addSocket(grpcSocket)
                        .build())
                .putSocket(grpcSocket, socket -> socket
                        .host(config.get("server.host").asString().orElse("0.0.0.0"))
                        .port(config.get("grpc.port").asInt().orElse(0))
                        .addRouting(grpcRouting))
                .build()
                .start();

        services.forEach(service -> health.setStatus(
                service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING));
        health.setStatus("", ServingStatus.SERVING);
        GrpcBackendServer backend = new GrpcBackendServer(server, health, grpcSocket);
        LOGGER.log(System.Logger.Level.INFO, name + " serving gRPC on port " + backend.grpcPort()
                + ", HTTP on port " + backend.httpPort());
        return backend;
    }

    /** Port of the gRPC listener. */
    public int grpcPort() {
        return server.port(grpcSocket);
    }

    /** Port of the HTTP listener ({@code /observe/health}, {@code /observe/metrics}). */
    public int httpPort() {
        return server.port();
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Reports NOT_SERVING to health checkers, then stops listening. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.stop();
    }
}
