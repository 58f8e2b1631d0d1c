package ai.novai.gateway.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cuts clients that read nothing: a write to a client that has been blocked for longer than the timeout
 * (its socket buffers full, the client not reading) is aborted by interrupting the writing virtual thread,
 * which closes its socket. One sweeper thread checks every write in progress a few times per timeout; a
 * write costs two uncontended lock operations and no allocation.
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
        this.sweeper = Thread.ofPlatform().daemon().name("novai-write-timeouts").start(() -> sweep(period));
    }

    /** The write timeout. */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /** Starts watching the writes of the current thread, until the watch is closed. */
    public Watch watch() {
        Watch watch = new Watch(Thread.currentThread());
        watches.add(watch);
        return watch;
    }

    private void sweep(Duration period) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch watch : watches) {
                watch.cutIfStuck(now, timeoutNanos);
            }
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
    }

    /** The writes of one response, one at a time, on the thread that opened the watch. */
    public final class Watch implements AutoCloseable {

        private static final long IDLE = 0;

        private final Thread writer;
        private final ReentrantLock lock = new ReentrantLock();
        private long writingSince = IDLE;
        private boolean cut;

        private Watch(Thread writer) {
            this.writer = writer;
        }

        /** A write begins. */
        void begin() {
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
        boolean end() {
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
                if (writingSince != IDLE && !cut && now - writingSince > timeout) {
                    cut = true;
                    LOGGER.log(System.Logger.Level.DEBUG, "cutting a client that read nothing for "
                            + Duration.ofNanos(now - writingSince));
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
