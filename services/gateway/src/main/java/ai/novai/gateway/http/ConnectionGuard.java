package ai.novai.gateway.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ai.novai.common.config.SettingsNode;
import ai.novai.gateway.errors.OpenAiError;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.config.Config;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Bounds what a client holds of the gateway while it sends (issue 12, "slow clients"), around Helidon's HTTP/1.1
 * connections, which have no read timeouts of their own (their socket reads block until data or close):
 * <ul>
 *     <li>a request's headers must follow its request line within {@code header-timeout};</li>
 *     <li>a body the gateway reads must not pause longer than {@code body-idle-timeout} and must keep an
 *     average of {@code body-min-bytes-per-second} after {@code body-grace} ({@link ConnectionLimits});</li>
 *     <li>at most {@code max-connections-per-address} connections are open at once from one client address;
 *     more are answered 429 {@code too_many_connections} and closed.</li>
 * </ul>
 * A connection that waits for its next request (keep-alive, or a request line not yet complete) costs what an
 * idle connection costs and is left to the listener's {@code idle-connection-timeout}.
 * <p>
 * A connection answered with {@code Connection: close} serves no further request: Helidon 4.5 does not close it,
 * and would read what follows (the rest of a body nobody read: a refused upload) as the next request. Its next
 * request line closes it instead ({@link CloseConnectionException}), before anything of it is served.
 * <p>
 * It is the listener's only connection selector (it wraps the HTTP/1.1 one), so every connection is counted as
 * it is accepted, and its receive events ({@link Http1ConnectionListener}) mark where each request is. One
 * thread looks at the connections every {@code period} and cuts the overdue ones with a 408.
 */
public final class ConnectionGuard implements ServerConnectionSelector, Http1ConnectionListener, AutoCloseable {

    /** Default cap of a request line read at all ({@code server.protocols.http_1_1.max-prologue-length}). */
    public static final int MAX_PROLOGUE_LENGTH = 128 * 1024;
    /** Default cap of a header block read at all ({@code server.protocols.http_1_1.max-headers-size}). */
    public static final int MAX_HEADERS_SIZE = 64 * 1024;

    private static final System.Logger LOGGER = System.getLogger(ConnectionGuard.class.getName());

    private final ConnectionLimits limits;
    private final Map<ConnectionContext, GuardedConnection> connections = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Thread scanner;
    private volatile ServerConnectionSelector http1;

    public ConnectionGuard(ConnectionLimits limits, Duration period) {
        this.limits = limits;
        this.scanner = Sweeper.start("novai-connection-guard", period, this::scan);
    }

    /**
     * Makes this guard the server's only connection selector, around an HTTP/1.1 selector configured from
     * {@code http1} (Helidon's {@code server.protocols.http_1_1}) with this guard as its receive listener. Its caps
     * on the request line and the header block ({@value #MAX_PROLOGUE_LENGTH} and {@value #MAX_HEADERS_SIZE} bytes
     * unless configured) bound what is read at all;
     * the gateway's own, lower ones answer 414 and 431 ({@link RequestHeadLimits}).
     */
    public void install(WebServerConfig.Builder server, Config http1) {
        Http1Config http1Config = Http1Config.builder()
                .config(http1)
                .maxPrologueLength(SettingsNode.of(http1).integer("max-prologue-length", MAX_PROLOGUE_LENGTH, 1,
                                                                  Integer.MAX_VALUE))
                .maxHeadersSize(SettingsNode.of(http1).integer("max-headers-size", MAX_HEADERS_SIZE, 1,
                                                               Integer.MAX_VALUE))
                .addReceiveListener(this)
                .addSendListener(new ClosingResponses())
                .build();
        this.http1 = new Http1ConnectionProvider().create(WebServer.DEFAULT_SOCKET_NAME, http1Config,
                                                          ProtocolConfigs.create(List.of(http1Config)));
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .addConnectionSelector(this);
    }

    /**
     * Starts reading a request body under the body limits; the returned read reports progress and must be
     * closed when the body is read. On a thread that serves no guarded connection, a read without limits.
     */
    public static BodyRead bodyRead() {
        return new BodyRead(GuardedConnection.current().orElse(null));
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext context) {
        GuardedConnection connection = new GuardedConnection(http1.connection(context), context, limits);
        return new Counted(connection, address(context));
    }

    @Override
    public void prologue(ConnectionContext context, HttpPrologue prologue) {
        GuardedConnection connection = connections.get(context);
        if (connection != null) {
            if (connection.closing()) {
                throw new CloseConnectionException("a request after a response that closed the connection");
            }
            connection.headStarted();
        }
    }

    @Override
    public void headers(ConnectionContext context, Headers headers) {
        GuardedConnection connection = connections.get(context);
        if (connection != null) {
            connection.headDone();
        }
    }

    private static Object address(ConnectionContext context) {
        Optional<String> proxied = context.proxyProtocolData().map(ProxyProtocolData::sourceAddress)
                .filter(address -> !address.isEmpty());
        if (proxied.isPresent()) {
            return proxied.get();
        }
        return context.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress() : context.remotePeer().host();
    }

    private void scan(long now) {
        for (GuardedConnection connection : connections.values()) {
            connection.overdue(now).ifPresent(reason -> {
                LOGGER.log(System.Logger.Level.DEBUG, () -> "cutting a slow sender: " + reason);
                connection.cut(reason);
            });
        }
    }

    @Override
    public void close() {
        scanner.interrupt();
    }

    // A connection counted against its address while it is handled; one over the cap is refused at once.
    private final class Counted implements ServerConnection, io.helidon.common.task.InterruptableTask<Void> {
        private final GuardedConnection connection;
        private final Object address;

        private Counted(GuardedConnection connection, Object address) {
            this.connection = connection;
            this.address = address;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            AtomicInteger open = perAddress.computeIfAbsent(address, any -> new AtomicInteger());
            try {
                if (open.incrementAndGet() > limits.maxPerAddress() && limits.maxPerAddress() > 0) {
                    refuse();
                    return;
                }
                connections.put(connection.context(), connection);
                try {
                    connection.handle(limit);
                } finally {
                    connections.remove(connection.context());
                }
            } finally {
                if (open.decrementAndGet() == 0) {
                    perAddress.remove(address, open);
                }
            }
        }

        private void refuse() {
            try {
                connection.context().dataWriter().writeNow(BufferData.create(GuardedConnection.rawResponse(
                        Status.TOO_MANY_REQUESTS_429, new OpenAiError(
                                "Too many connections from your address (at most " + limits.maxPerAddress()
                                        + " at once); reuse connections or close idle ones.",
                                "invalid_request_error", null, "too_many_connections"))));
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "the 429 of a connection over the cap could not be written", e);
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return connection.canInterrupt();
        }
    }

    // Marks the connections whose response closes them
    private final class ClosingResponses implements Http1ConnectionListener {
        @Override
        public void headers(ConnectionContext context, Headers headers) {
            if (headers.containsToken(HeaderValues.CONNECTION_CLOSE)) {
                GuardedConnection connection = connections.get(context);
                if (connection != null) {
                    connection.answeredWithClose();
                }
            }
        }
    }

    /** A request body being read: progress is reported as it arrives. */
    public static final class BodyRead implements AutoCloseable {
        private final GuardedConnection connection;

        private BodyRead(GuardedConnection connection) {
            this.connection = connection;
            if (connection != null) {
                connection.bodyStarted();
            }
        }

        /** Bytes arrived. */
        public void read(int bytes) {
            if (connection != null) {
                connection.bodyRead(bytes);
            }
        }

        /** Whether the connection was cut for sending too slowly (the read then failed). */
        public boolean cut() {
            return connection != null && connection.wasCut();
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.bodyDone();
            }
        }
    }
}
