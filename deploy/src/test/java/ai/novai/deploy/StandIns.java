package ai.novai.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * What this machine puts where a shipped configuration names its neighbours: PostgreSQL and Redis on
 * 127.0.0.1 (a fresh database per configuration, owned by the configuration's own user), an OTLP/HTTP sink
 * that accepts and counts exports, and free ports for the services.
 */
public final class StandIns implements AutoCloseable {

    // every port freePorts handed out in this JVM
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int MAX_PORT_ATTEMPTS = 1000;

    private final HttpServer otlp;
    private final AtomicInteger exports = new AtomicInteger();
    private final List<String> databases = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StandIns(HttpServer otlp) {
        this.otlp = otlp;
    }

    public static StandIns start() throws IOException {
        HttpServer otlp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StandIns standIns = new StandIns(otlp);
        otlp.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("POST")) {
                standIns.exports.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otlp.start();
        return standIns;
    }

    /** The OTLP/HTTP endpoint that stands in for the collector. */
    String otlpEndpoint() {
        return "http://127.0.0.1:" + otlp.getAddress().getPort();
    }

    /** OTLP requests received so far. */
    int exports() {
        return exports.get();
    }

    /**
     * A fresh, empty database on the local PostgreSQL owned by {@code user} (created when missing; the local
     * server trusts loopback connections), as the JDBC URL to connect to.
     */
    public String database(String user) throws IOException, InterruptedException {
        if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new AssertionError("unexpected database user " + user);
        }
        String name = "novai_shipped_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN CREATE ROLE "
                     + user + " LOGIN; END IF; END $$;");
        psql("CREATE DATABASE " + name + " OWNER " + user);
        databases.add(name);
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** Redis on this machine, keeping the database index of the given URL. */
    static String redis(String shippedUrl) {
        String path = URI.create(shippedUrl).getPath();
        return "redis://127.0.0.1:6379" + (path == null ? "" : path);
    }

    /**
     * Distinct free ports, none handed out before in this JVM: all held open until each is known, or Linux may hand out
     * one twice.
     */
    public static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // a port handed out before may still be free (its process not bound yet): the kernel can offer it
            // again, and two services would then be told the same port (seen: two gateways' management ports)
            for (int attempt = 0; sockets.size() < count; attempt++) {
                if (attempt >= MAX_PORT_ATTEMPTS) {
                    throw new IOException("no " + count + " ports not handed out before in " + attempt + " attempts");
                }
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    sockets.add(socket);
                } else {
                    socket.close();
                }
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void psql(String statement) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q",
                                             "-v", "ON_ERROR_STOP=1", "-c", statement)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("psql failed: " + statement + "\n" + output);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        otlp.stop(0);
        for (String database : databases) {
            psql("DROP DATABASE IF EXISTS " + database.toLowerCase(Locale.ROOT) + " WITH (FORCE)");
        }
    }
}
