package ai.novai.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free port, which the test may stop and start again (the
 * machine's shared Redis on 6379 is never stopped). Closing it stops the process.
 */
public final class RedisServer implements AutoCloseable {

    private final int port = freePort();
    private Process process;

    /** The port, the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (empty: it keeps nothing on disk) and waits until it answers. */
    public RedisServer start() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--save", "",
                                         "--appendonly", "no", "--bind", "127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"PONG".equals(cli("PING"))) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("redis-server did not start on port " + port);
                }
                Thread.sleep(20);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server is needed by this test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server, if running. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Runs redis-cli against this server; its output, trimmed. */
    public String cli(String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        try {
            Process cli = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            cli.waitFor(5, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
