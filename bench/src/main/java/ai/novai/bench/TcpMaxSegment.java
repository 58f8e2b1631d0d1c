package ai.novai.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Linux's {@code TCP_MAXSEG} on a socket channel before it connects: the maximum segment size it announces
 * in its SYN. The JDK has no socket option for it, so it is set with {@code setsockopt(2)} (through JNA: the
 * benchmark compiles for Java 21, where the foreign function API is still a preview) on the channel's file
 * descriptor ({@code sun.nio.ch.SelChImpl#getFDVal}, exported to the benchmark by its jar's manifest,
 * {@code Add-Exports: java.base/sun.nio.ch}).
 * <p>
 * Why: on loopback the MSS is 65,483 bytes, and Linux sizes a sender's socket buffer from its peer's MSS
 * ({@code tcp_sndbuf_expand}: a few congestion windows' worth of segments), so a server talking to a slow
 * reader over loopback may queue up to {@code tcp_wmem}'s maximum (4 MiB here) per connection in the kernel.
 * A reader that announces an Ethernet MSS (1,460) makes the server's kernel size the buffer as it would for
 * a client on a network (a few hundred KiB on the reference machine, whose congestion control is BBR).
 */
final class TcpMaxSegment {

    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MAXSEG = 2;
    private static final int INT_BYTES = 4;

    private static final LibC LIBC;
    private static final Method FD_VAL;
    private static final String UNAVAILABLE;

    /** The two calls of the C library this needs. */
    public interface LibC extends Library {
        int setsockopt(int fd, int level, int option, Pointer value, int length);

        int getsockopt(int fd, int level, int option, Pointer value, IntByReference length);
    }

    static {
        LibC libc = null;
        Method fdVal = null;
        String unavailable = null;
        try {
            libc = Native.load("c", LibC.class);
            fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = Failures.reason(e);
        }
        LIBC = libc;
        FD_VAL = fdVal;
        UNAVAILABLE = unavailable;
    }

    private TcpMaxSegment() {
    }

    /** Why it cannot be set here, if it cannot. */
    static Optional<String> unavailable() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    /** Sets the MSS of an unconnected channel. */
    static void set(SocketChannel channel, int mss) throws IOException {
        if (UNAVAILABLE != null) {
            throw new IOException("TCP_MAXSEG unavailable: " + UNAVAILABLE);
        }
        try (Memory value = new Memory(INT_BYTES)) {
            value.setInt(0, mss);
            if (LIBC.setsockopt(fd(channel), IPPROTO_TCP, TCP_MAXSEG, value, INT_BYTES) != 0) {
                throw new IOException("setsockopt(TCP_MAXSEG, " + mss + ") failed, errno " + Native.getLastError());
            }
        }
    }

    /** The channel's current MSS (once connected: the one in use), or -1. */
    static int get(SocketChannel channel) {
        if (UNAVAILABLE != null) {
            return -1;
        }
        try (Memory value = new Memory(INT_BYTES)) {
            IntByReference length = new IntByReference(INT_BYTES);
            return LIBC.getsockopt(fd(channel), IPPROTO_TCP, TCP_MAXSEG, value, length) == 0 ? value.getInt(0) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int fd(SocketChannel channel) throws IOException {
        try {
            return (int) FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("no file descriptor for the channel (is java.base/sun.nio.ch exported to the "
                                          + "benchmark?): " + Failures.reason(e), e);
        }
    }
}
