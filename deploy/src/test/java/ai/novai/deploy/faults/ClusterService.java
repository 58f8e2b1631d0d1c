package ai.novai.deploy.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import ai.novai.deploy.ServiceProcess;

/**
 * What a Kubernetes Service (kube-proxy) does for the gateway replicas, on a port of 127.0.0.1: each new TCP
 * connection goes to the next endpoint that is ready and not terminating; connections already made stay where they
 * are, whatever happens to their endpoint (they end when it closes them). Readiness is probed every
 * {@value #PROBE_MILLIS} ms, as a kubelet would; an endpoint is withdrawn at once when its pod starts terminating
 * ({@link #terminating(int)}), before the pre-stop pause ends and SIGTERM is sent.
 */
final class ClusterService implements AutoCloseable {

    private static final int PROBE_MILLIS = 200;

    private final ServerSocket listener;
    private final List<Integer> endpoints;
    private final IntUnaryOperator probePorts;
    private final Map<Integer, Boolean> ready = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> terminating = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Thread prober;
    private volatile boolean closed;

    private ClusterService(ServerSocket listener, List<Integer> endpoints, IntUnaryOperator probePorts) {
        this.listener = listener;
        this.endpoints = endpoints;
        this.probePorts = probePorts;
        endpoints.forEach(port -> {
            ready.put(port, false);
            terminating.put(port, false);
        });
        this.prober = Thread.ofVirtual().name("service-prober").unstarted(this::probe);
    }

    /**
     * A Service in front of the gateways on these ports, each probed for readiness on the port
     * {@code probePorts} gives for it (its management port).
     */
    static ClusterService start(List<Integer> endpoints, IntUnaryOperator probePorts) throws IOException {
        ClusterService service = new ClusterService(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()),
                                                    List.copyOf(endpoints), probePorts);
        service.prober.start();
        Thread.ofVirtual().name("service-acceptor").start(service::accept);
        return service;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The pod behind this endpoint is being deleted: no new connection goes there. */
    void terminating(int endpoint) {
        terminating.put(endpoint, true);
    }

    /** A new pod took the endpoint's place: it gets connections once it is ready. */
    void replaced(int endpoint) {
        ready.put(endpoint, false);
        terminating.put(endpoint, false);
    }

    private void probe() {
        while (!closed) {
            for (int port : endpoints) {
                try {
                    ready.put(port, ServiceProcess.isReady("127.0.0.1", probePorts.applyAsInt(port)));
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(PROBE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        List<Integer> serving = endpoints.stream()
                .filter(port -> ready.get(port) && !terminating.get(port)).toList();
        if (serving.isEmpty()) {
            close(client);
            return;
        }
        int endpoint = serving.get(Math.floorMod(next.getAndIncrement(), serving.size()));
        Socket backend;
        try {
            backend = new Socket(InetAddress.getLoopbackAddress(), endpoint);
            backend.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException refused) {
            close(client);
            return;
        }
        Thread.ofVirtual().start(() -> pipe(client, backend));
        pipe(backend, client);
    }

    // bytes one way until the source ends; then the other side learns it (half close), or both close on a failure
    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException broken) {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        prober.interrupt();
        listener.close();
    }
}
