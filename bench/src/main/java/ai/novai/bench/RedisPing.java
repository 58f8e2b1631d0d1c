package ai.novai.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Whether a Redis server answers, asked the plainest way: {@code PING} in Redis's inline command form on a
 * fresh connection, expecting {@code +PONG}. No client library, so that the check says nothing but whether
 * the server is there and usable without a password.
 */
final class RedisPing {

    private static final int TIMEOUT_MILLIS = 2000;
    private static final String PONG = "+PONG\r\n";

    private RedisPing() {
    }

    /**
     * Pings the server of a {@code redis://host:port/db} URL.
     *
     * @throws IOException when it cannot be reached, or answers anything but {@code +PONG} (e.g. {@code -NOAUTH})
     */
    static void ping(URI redis) throws IOException {
        String answer;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readNBytes(PONG.length()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("Redis at " + redis + " is not reachable: " + e.getMessage(), e);
        }
        if (!answer.equals(PONG)) {
            throw new IOException("Redis at " + redis + " answered PING with " + answer.strip());
        }
    }
}
