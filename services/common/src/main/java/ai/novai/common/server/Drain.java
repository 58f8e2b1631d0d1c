package ai.novai.common.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The in-flight work of a server and its drain on the way out (SIGTERM). Every request or call
 * {@linkplain #enter enters} and leaves; once the drain {@linkplain #begin begins} nothing new enters,
 * and {@link #await()} waits until what is in flight has left, at most the drain deadline. What is still
 * running then is {@linkplain #abortRemaining aborted} (each entry says how).
 * <p>
 * Configuration: {@value #DEADLINE_KEY} (env {@code SHUTDOWN_DRAIN_DASH_DEADLINE}), an ISO-8601
 * duration, default {@value #DEFAULT_DEADLINE}. In Kubernetes {@code terminationGracePeriodSeconds}
 * must be longer than the pre-stop pause plus this deadline.
 */
public final class Drain {

    /** Configuration key of the drain deadline. */
    public static final String DEADLINE_KEY = "shutdown.drain-deadline";
    /** The drain deadline when none is configured. */
    public static final String DEFAULT_DEADLINE = "PT30S";

    private static final long ABORT_GRACE_MILLIS = 2000;
    private static final System.Logger LOGGER = System.getLogger(Drain.class.getName());

    private final Duration deadline;
    private final Map<Entry, Runnable> inFlight = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile boolean draining;

    private Drain(Duration deadline) {
        this.deadline = deadline;
    }

    /** A drain with the deadline {@value #DEADLINE_KEY} of the given root configuration. */
    public static Drain create(Config root) {
        return new Drain(SettingsNode.of(root).duration(DEADLINE_KEY, Duration.parse(DEFAULT_DEADLINE)));
    }

    /** A drain with the given deadline. */
    public static Drain create(Duration deadline) {
        return new Drain(deadline);
    }

    /** How long in-flight work may take once the drain began. */
    public Duration deadline() {
        return deadline;
    }

    /** Whether the drain began: readiness is false and nothing new is accepted. */
    public boolean isDraining() {
        return draining;
    }

    /** Requests or calls in flight. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Admits one request or call.
     *
     * @param abort what stops it when it outlives the deadline (e.g. interrupting its thread)
     * @return the entry to {@linkplain Entry#close close} when it ends, or {@code null} when draining
     */
    public Entry enter(Runnable abort) {
        Entry entry = new Entry();
        inFlight.put(entry, abort);
        if (draining) {
            // begin() may have run between the put and this check: leave again and refuse
            entry.close();
            return null;
        }
        return entry;
    }

    /** Turns readiness false and refuses everything new from now on. */
    public void begin() {
        draining = true;
    }

    /**
     * Waits until nothing is in flight, at most the deadline.
     *
     * @return whether everything finished in time
     */
    public boolean await() {
        return await(deadline);
    }

    private boolean await(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (!inFlight.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return inFlight.isEmpty();
                }
            }
        }
        return true;
    }

    /** Aborts what is still in flight (after the deadline). */
    public void abortRemaining() {
        inFlight.values().forEach(Runnable::run);
    }

    /**
     * The whole drain: {@link #begin()}, {@link #await()}, and past the deadline
     * {@link #abortRemaining()} and a short wait ({@value #ABORT_GRACE_MILLIS} ms) for the aborted work to
     * answer its last words (an SSE error event), logged under the server's name.
     *
     * @param name short service name for the log
     */
    public void run(String name) {
        begin();
        LOGGER.log(System.Logger.Level.INFO, name + " draining: " + inFlight() + " in flight, deadline " + deadline);
        if (!await()) {
            LOGGER.log(System.Logger.Level.WARNING, name + " drain deadline passed; aborting " + inFlight()
                    + " still in flight");
            abortRemaining();
            await(Duration.ofMillis(ABORT_GRACE_MILLIS));
        }
    }

    /**
     * Runs the given shutdown when the JVM is asked to stop (SIGTERM, SIGINT): the same path the tests
     * take by calling it directly.
     *
     * @param name     short service name, for the hook thread
     * @param shutdown the graceful shutdown
     */
    public static void onTermination(String name, Runnable shutdown) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name(name + "-shutdown").unstarted(shutdown));
    }

    /** One request or call in flight; closing it (once or more) lets the drain go on. */
    public final class Entry implements AutoCloseable {

        private Entry() {
        }

        @Override
        public void close() {
            if (inFlight.remove(this) != null) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }
}
