package ai.novai.inference.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP relay between a test's client and a server on 127.0.0.1 that can be cut as a killed pod's connections
 * are: both sides closed at once, with no HTTP/2 frame of goodbye.
 */
public final class TcpRelay implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(TcpRelay.class.getName());

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong relayed = new AtomicLong();
    // guarded by this: a connection accepted while the relay closes is closed too, never left running
    private boolean closed;
    private volatile Duration requestDelay = Duration.ZERO;

    private TcpRelay(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Starts a relay to the given port of 127.0.0.1. */
    public static TcpRelay to(int targetPort) throws IOException {
        return listening(0, targetPort);
    }

    /** Starts a relay on a chosen port of 127.0.0.1 (0: any) to the given port. */
    public static TcpRelay listening(int port, int targetPort) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread.ofVirtual().name("tcp-relay-accept").start(relay::acceptLoop);
        return relay;
    }

    /** The port to connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Holds everything the client sends this long before passing it on (a slow server, as seen by it). */
    public TcpRelay delayRequests(Duration delay) {
        this.requestDelay = delay;
        return this;
    }

    /** Bytes relayed so far, both ways. */
    public long bytesRelayed() {
        return relayed.get();
    }

    /** Closes every relayed connection, both sides. */
    public synchronized void cut() {
        sockets.forEach(TcpRelay::closeQuietly);
        sockets.clear();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        closeQuietly(listener);
        cut();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    if (closed) {
                        closeQuietly(client);
                        closeQuietly(server);
                        return;
                    }
                    sockets.add(client);
                    sockets.add(server);
                }
                Thread.ofVirtual().start(() -> pump(client, server, relayed, () -> requestDelay));
                Thread.ofVirtual().start(() -> pump(server, client, relayed, () -> Duration.ZERO));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOGGER.log(System.Logger.Level.WARNING, "relay accept failed", e);
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong relayed, Supplier<Duration> delay) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                Duration wait = delay.get();
                if (wait.isPositive()) {
                    Thread.sleep(wait);
                }
                out.write(buffer, 0, read);
                relayed.addAndGet(read);
            }
        } catch (IOException e) {
            // cut, or one side closed: the other goes too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing what is going anyway
        }
    }
}
