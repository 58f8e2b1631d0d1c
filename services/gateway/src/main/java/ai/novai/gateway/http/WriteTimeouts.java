package ai.novai.gateway.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.helidon.webserver.CloseConnectionException;

/**
 * Cuts clients that read nothing: a write to a client that has been blocked for longer than the timeout
 * (its socket buffers full, the client not reading) is aborted by interrupting the writing virtual thread,
 * which closes its socket. A client seen taking bytes meanwhile is not cut: Linux wakes a writer blocked on
 * a full socket only once about a third of its send buffer is free again, which takes a slow reader (an
 * event a second) minutes with the buffers Linux grows, so a blocked write alone does not tell a slow reader
 * from a gone one. The timeout counts from the later of the write's start and the client's last progress.
 * One sweeper thread checks every write in progress a few times per timeout; a write costs two uncontended
 * lock operations and no allocation.
 */
public final class WriteTimeouts implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(WriteTimeouts.class.getName());

    private final long timeoutNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread sweeper;

    public WriteTimeouts(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        Duration period = timeout.dividedBy(4).compareTo(Duration.ofSeconds(1)) > 0
                ? Duration.ofSeconds(1) : timeout.dividedBy(4);
        this.sweeper = Sweeper.start("novai-write-timeouts", period, this::sweep);
    }

    /** The write timeout. */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /**
     * Starts watching the writes of the current thread, until the watch is closed.
     *
     * @param clientProgress when the client was last seen taking bytes ({@link System#nanoTime()}), or
     *                       {@link Long#MIN_VALUE} when that cannot be seen
     */
    public Watch watch(LongSupplier clientProgress) {
        Watch watch = new Watch(Thread.currentThread(), clientProgress);
        watches.add(watch);
        return watch;
    }

    private void sweep(long now) {
        for (Watch watch : watches) {
            watch.cutIfStuck(now, timeoutNanos);
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
    }

    /** A write to a client's connection. */
    @FunctionalInterface
    public interface Write {
        /** Writes (and flushes). */
        void run() throws IOException;
    }

    /** The writes of one response, one at a time, on the thread that opened the watch. */
    public final class Watch implements AutoCloseable {

        private static final long IDLE = 0;

        private final Thread writer;
        private final LongSupplier clientProgress;
        private final ReentrantLock lock = new ReentrantLock();
        private long writingSince = IDLE;
        private boolean cut;

        private Watch(Thread writer, LongSupplier clientProgress) {
            this.writer = writer;
            this.clientProgress = clientProgress;
        }

        /**
         * Runs a write under the timeout. A write that fails because the client is gone, or that was cut, is
         * reported as {@link ClientGone}; nothing else is caught.
         */
        public void write(Write write) {
            begin();
            boolean cut;
            try {
                write.run();
            } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                throw new ClientGone(end() ? ClientGone.Reason.TOO_SLOW : ClientGone.Reason.DISCONNECTED, e);
            } finally {
                cut = end();
            }
            if (cut) {
                // the write went through just as it was cut: the client is too slow all the same
                throw new ClientGone(ClientGone.Reason.TOO_SLOW, null);
            }
        }

        /** A write begins. */
        private void begin() {
            lock.lock();
            try {
                writingSince = System.nanoTime() | 1;
            } finally {
                lock.unlock();
            }
        }

        /**
         * The write ended (or failed).
         *
         * @return whether it was cut for taking too long; the interrupt that cut it is cleared
         */
        private boolean end() {
            lock.lock();
            try {
                writingSince = IDLE;
                if (cut) {
                    // the sweeper interrupted this thread while holding the lock: clear it, it was for the write
                    Thread.interrupted();
                }
                return cut;
            } finally {
                lock.unlock();
            }
        }

        private void cutIfStuck(long now, long timeout) {
            lock.lock();
            try {
                if (writingSince == IDLE || cut) {
                    return;
                }
                long progress = clientProgress.getAsLong();
                long stuckSince = progress != Long.MIN_VALUE && progress - writingSince > 0 ? progress : writingSince;
                if (now - stuckSince > timeout) {
                    cut = true;
                    LOGGER.log(System.Logger.Level.DEBUG, "cutting a client that read nothing for "
                            + Duration.ofNanos(now - stuckSince));
                    writer.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
