package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * One shared Lettuce connection to Redis (commands from every request thread are pipelined on it).
 * Connects on first use, so a gateway starts while Redis is down; reconnects on its own within about a
 * second once Redis is back. Commands fail fast (never queue) while disconnected, and time out after
 * {@code timeout}: a slow or gone Redis costs a request at most that long before the failure policy
 * decides.
 */
final class RedisConnector implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private final ReentrantLock connecting = new ReentrantLock();
    private final Duration timeout;

    RedisConnector(String url, Duration timeout) {
        this.timeout = timeout;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
                                                  java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(url);
        // the connection's own handshake (HELLO, CLIENT SETINFO) is bounded like a command: a slow Redis costs the
        // first request the timeout, not seconds
        uri.setTimeout(timeout);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                                  .autoReconnect(true)
                                  .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                                  .timeoutOptions(TimeoutOptions.enabled(timeout))
                                  .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                                  .build());
    }

    /**
     * Synchronous commands on the shared connection, connecting first if needed. While one request connects the
     * others wait for it at most the command timeout, then fail (a {@link RedisConnectionException}) and take the
     * failure policy: a slow or unreachable Redis never queues the request path behind a connection attempt, and a
     * healthy one (connected in a millisecond) serves them all.
     */
    RedisCommands<String, String> commands() {
        return connection().sync();
    }

    /** Asynchronous commands on the same shared connection (so in order with the synchronous ones), as {@link #commands()}. */
    RedisAsyncCommands<String, String> asyncCommands() {
        return connection().async();
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            boolean locked;
            try {
                locked = connecting.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisConnectionException("interrupted while another request connected to Redis");
            }
            if (!locked) {
                throw new RedisConnectionException("another request is still connecting to Redis");
            }
            try {
                if (connection == null) {
                    connection = client.connect();
                }
                current = connection;
            } finally {
                connecting.unlock();
            }
        }
        return current;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
