package ai.novai.gateway.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.webserver.http.ServerRequest;

/**
 * Notices that a client closed its connection while its request is still being served, so that a
 * non-streamed completion (whose handler writes nothing until the model is done) or a silent stream can
 * cancel its backend call within a second instead of running to its deadline.
 * <p>
 * A blocked HTTP/1.1 handler cannot see its socket, and a socket only tells that its peer closed when it
 * is read or written twice. The kernel knows at once: the server side of a connection whose client sent
 * FIN is in {@code CLOSE_WAIT}. One thread reads Linux's {@code /proc/net/tcp} and {@code /proc/net/tcp6}
 * (those of the gateway's own network namespace, as in a pod) every {@code period}, only while some
 * request has been waiting longer than that, and calls the watch's action for each connection that is
 * closing or gone. The same rows tell whether a client reads: its connection's send queue changes as it
 * takes bytes ({@link Watch#lastProgressNanos()}, for the write timeout). Where {@code /proc/net/tcp} does
 * not exist (not Linux) nothing is watched and a client's departure is noticed at the next write, as before;
 * the log says so once.
 */
public final class ClientConnections implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(ClientConnections.class.getName());
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    // CLOSE_WAIT (the client sent FIN), LAST_ACK, CLOSE, CLOSING
    private static final Set<String> CLOSING_STATES = Set.of("08", "09", "07", "0B");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final long periodNanos;
    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
    private final Thread scanner;

    private ClientConnections(Duration period, boolean enabled) {
        this.periodNanos = period.toNanos();
        this.scanner = enabled
                ? Sweeper.start("novai-client-connections", period, this::scan)
                : null;
    }

    /** Watches connections every {@code period}, where the platform allows it. */
    public static ClientConnections create(Duration period) {
        boolean readable = Files.isReadable(TABLES.getFirst());
        if (!readable) {
            LOGGER.log(System.Logger.Level.INFO, TABLES.getFirst() + " is not readable: a client that closes its "
                    + "connection is noticed at the next write only");
        }
        return new ClientConnections(period, readable);
    }

    /**
     * Watches the connection of a request until the watch is closed.
     *
     * @param request the request
     * @param onGone  run once, on the scanning thread, when the client closed the connection
     * @return the watch
     */
    public Watch watch(ServerRequest request, Runnable onGone) {
        if (scanner == null || !(request.remotePeer().address() instanceof InetSocketAddress remote)
                || !(request.localPeer().address() instanceof InetSocketAddress local)) {
            return new Watch(null);
        }
        Entry entry = new Entry(keys(local, remote), onGone, System.nanoTime());
        entries.add(entry);
        return new Watch(entry);
    }

    private void scan(long now) {
        Map<String, Entry> due = new HashMap<>();
        for (Entry entry : entries) {
            if (now - entry.since >= periodNanos) {
                entry.keys.forEach(key -> due.put(key, entry));
            }
        }
        if (!due.isEmpty()) {
            check(due);
        }
    }

    private void check(Map<String, Entry> due) {
        Map<Entry, String[]> rows = new HashMap<>();
        for (Path table : TABLES) {
            try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                lines.readLine();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    // "  sl  local_address rem_address   st tx_queue:rx_queue ...":
                    // "0: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 ..."
                    String[] fields = line.trim().split("\\s+", 5);
                    if (fields.length == 5) {
                        Entry entry = due.get(fields[1] + ' ' + fields[2]);
                        if (entry != null) {
                            rows.put(entry, fields);
                        }
                    }
                }
            } catch (IOException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "cannot read " + table, e);
                return;
            }
        }
        long now = System.nanoTime();
        for (Entry entry : Set.copyOf(due.values())) {
            String[] row = rows.get(entry);
            if (row != null && !CLOSING_STATES.contains(row[3])) {
                entry.seen = true;
                entry.sendQueue(row[4], now);
            } else if (row != null || entry.seen) {
                entry.gone();
            }
        }
    }

    @Override
    public void close() {
        if (scanner != null) {
            scanner.interrupt();
        }
    }

    // How the kernel prints the connection: "LOCAL REMOTE" in the tcp table and, for a dual-stack socket,
    // with IPv4-mapped addresses in the tcp6 table.
    private static Set<String> keys(InetSocketAddress local, InetSocketAddress remote) {
        Set<String> keys = new java.util.HashSet<>();
        if (local.getAddress() instanceof Inet4Address && remote.getAddress() instanceof Inet4Address) {
            keys.add(endpoint(local.getAddress().getAddress(), local.getPort()) + ' '
                             + endpoint(remote.getAddress().getAddress(), remote.getPort()));
        }
        keys.add(endpoint(ipv6(local.getAddress()), local.getPort()) + ' '
                         + endpoint(ipv6(remote.getAddress()), remote.getPort()));
        return keys;
    }

    private static byte[] ipv6(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    // The kernel prints each 32-bit word of the address in host byte order, the port big-endian.
    private static String endpoint(byte[] address, int port) {
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < address.length; word += 4) {
            byte[] bytes = {address[word], address[word + 1], address[word + 2], address[word + 3]};
            if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                bytes = new byte[] {bytes[3], bytes[2], bytes[1], bytes[0]};
            }
            text.append(HEX.formatHex(bytes));
        }
        return text.append(':').append(HEX.toHexDigits((short) port)).toString();
    }

    private final class Entry {
        private final Set<String> keys;
        private final Runnable onGone;
        private final long since;
        private final AtomicBoolean gone = new AtomicBoolean();
        private boolean seen;
        // bytes the kernel holds for the client (sent and not acknowledged, or not yet sent), as last read
        private long sendQueue = -1;
        private volatile long progressAt;

        private Entry(Set<String> keys, Runnable onGone, long since) {
            this.keys = keys;
            this.onGone = onGone;
            this.since = since;
            this.progressAt = since;
        }

        // The client took bytes when the queue changed: it shrinks as the client acknowledges what it read
        // and grows as the gateway writes into the room that made.
        private void sendQueue(String queues, long now) {
            long queued = Long.parseLong(queues, 0, queues.indexOf(':'), 16);
            if (queued != sendQueue) {
                sendQueue = queued;
                progressAt = now;
            }
        }

        private void gone() {
            entries.remove(this);
            if (gone.compareAndSet(false, true)) {
                onGone.run();
            }
        }
    }

    /** The watch of one request's connection. */
    public final class Watch implements AutoCloseable {

        private final Entry entry;

        private Watch(Entry entry) {
            this.entry = entry;
        }

        /** Whether the client was seen closing its connection. */
        public boolean clientGone() {
            return entry != null && entry.gone.get();
        }

        /**
         * When the client was last seen taking bytes from its connection ({@link System#nanoTime()}), or
         * {@link Long#MIN_VALUE} where that cannot be seen.
         */
        public long lastProgressNanos() {
            return entry == null ? Long.MIN_VALUE : entry.progressAt;
        }

        @Override
        public void close() {
            if (entry != null) {
                entries.remove(entry);
            }
        }
    }
}
