package ai.novai.common.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.common.grpc.GrpcLimits;
import ai.novai.common.telemetry.GrpcServerTelemetry;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.grpc.GrpcReflectionFeature;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * A running gRPC backend (inference, embedding): one Helidon server on one port ({@code server.port})
 * that speaks both protocols. gRPC (HTTP/2) serves the backend's services, {@code grpc.health.v1} and
 * server reflection, so {@code grpcurl} and Kubernetes' native gRPC probes work; HTTP/1.1 serves
 * {@code /observe/health} and {@code /observe/metrics}.
 */
public final class GrpcBackendServer implements AutoCloseable {

    // how long a stopping server keeps accepting calls after it reported NOT_SERVING
    private static final Duration HEALTH_PROPAGATION = Duration.ofSeconds(1);
    private static final System.Logger LOGGER = System.getLogger(GrpcBackendServer.class.getName());

    private final WebServer server;
    private final HealthStatusManager health;
    private final List<AutoCloseable> resources;
    private final Drain drain;
    private final String name;
    private final AtomicBoolean terminal = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private GrpcBackendServer(String name, WebServer server, HealthStatusManager health,
                              List<AutoCloseable> resources, Drain drain) {
        this.name = name;
        this.server = server;
        this.health = health;
        this.resources = resources;
        this.drain = drain;
    }

    /**
     * Starts a backend and marks it SERVING once it listens.
     *
     * @param name     short service name, e.g. {@code inference}, for the log
     * @param config   root configuration ({@code server.*}, {@code grpc.reflection.enabled})
     * @param services the backend's own gRPC services
     * @return the running server
     */
    public static GrpcBackendServer start(String name, Config config, List<BindableService> services) {
        return start(name, config, services, List.of());
    }

    /**
     * Starts a backend that owns resources beyond its server (a loaded model, worker threads): they are
     * closed, in order, once the server stopped, so that a stopped backend holds no native memory or
     * threads. When the server cannot start they are closed at once.
     *
     * @param name      short service name, e.g. {@code embedding}, for the log
     * @param config    root configuration ({@code server.*}, {@code grpc.reflection.enabled})
     * @param services  the backend's own gRPC services
     * @param resources what to close after the server stopped
     * @return the running server
     */
    public static GrpcBackendServer start(String name, Config config, List<BindableService> services,
                                          List<? extends AutoCloseable> resources) {
        try {
            return startServer(name, config, services, List.copyOf(resources));
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static GrpcBackendServer startServer(String name, Config config, List<BindableService> services,
                                                 List<AutoCloseable> resources) {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("", ServingStatus.NOT_SERVING);

        Drain drain = Drain.create(config);
        GrpcRouting.Builder grpcRouting = GrpcRouting.builder()
                .intercept(new BoundedStatusInterceptor())
                .intercept(GrpcServerTelemetry.interceptors())
                .intercept(new DrainInterceptor(drain))
                .intercept(new DeadlineInterceptor());
        // a request message that does not parse is answered INVALID_ARGUMENT, not left to its deadline
        services.forEach(service -> grpcRouting.service(RequestParseGuard.guard(service)));
        grpcRouting.service(RequestParseGuard.guard(health.getHealthService()));

        WebServer server = WebServer.builder()
                .config(config.get("server"))
                // SIGTERM drains first (shutdown()); Helidon's own hook would stop the server at once
                .shutdownHook(false)
                // small HTTP/2 frames (headers, data, trailers) must not wait for delayed ACKs
                .connectionOptions(options -> options.tcpNoDelay(true))
                // anything the gateway may send (Helidon's default of 2 MiB hangs larger requests); answers
                // uncompressed: Helidon gzips by default whenever the client accepts it (gRPC clients always do),
                // a deflater per message for answers and chunks of a few hundred bytes on the cluster's network
                .addProtocol(GrpcConfig.builder()
                                     .maxReadBufferSize(GrpcLimits.MAX_REQUEST_BYTES)
                                     .enableCompression(false)
                                     .build())
                // The gateway multiplexes every user's calls on one connection: a hundred clients pressing
                // "stop" are a hundred resets, not an attack, and must not end everybody's calls (Helidon
                // answers more than 50 resets in 10 s with GOAWAY). The rapid-reset defence belongs at the
                // public edge; backends are reached by the gateway only. server.http2.* sets the rest
                // (e.g. max-concurrent-streams).
                .addProtocol(Http2Config.builder().config(config.get("server.http2")).maxRapidResets(-1).build())
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder().details(true).build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .addFeature(GrpcReflectionFeature.builder()
                        .enabled(SettingsNode.of(config).bool("grpc.reflection.enabled", true))
                        .build())
                .addRouting(grpcRouting)
                .build()
                .start();

        services.forEach(service -> health.setStatus(
                service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING));
        health.setStatus("", ServingStatus.SERVING);
        GrpcBackendServer backend = new GrpcBackendServer(name, server, health, resources, drain);
        LOGGER.log(System.Logger.Level.INFO, name + " serving gRPC and HTTP on port " + backend.port());
        return backend;
    }

    /** The port of both gRPC and HTTP ({@code /observe/health}, {@code /observe/metrics}). */
    public int port() {
        return server.port();
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * The graceful stop that SIGTERM runs: health turns NOT_SERVING (clients with health checking stop picking
     * this server), a second later new calls are refused with REFUSED_STREAM (retried elsewhere), calls in flight
     * (streams included) get the drain deadline ({@value Drain#DEADLINE_KEY}), then the server stops and the
     * resources are closed.
     */
    public void shutdown() {
        notServing();
        // clients that watch this server's health stop picking it within milliseconds, longer on a loaded machine:
        // calls still arriving meanwhile are served (and drained like the rest) rather than refused
        try {
            Thread.sleep(HEALTH_PROPAGATION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain.run(name);
        close();
    }

    /** Reports NOT_SERVING to health checkers, stops listening, then closes the backend's resources (once). */
    @Override
    public void close() {
        notServing();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
        closeAll(resources);
    }

    private void notServing() {
        if (terminal.compareAndSet(false, true)) {
            try {
                health.enterTerminalState();
            } catch (ServerConnectionException watcherGone) {
                // a health watcher whose connection is already gone (its gateway stopped first) cannot be told;
                // without this the close stopped here and the server kept listening
                LOGGER.log(System.Logger.Level.DEBUG, "a health watcher's connection is gone", watcherGone);
            }
        }
    }

    private static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOGGER.log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
            }
        }
    }
}
