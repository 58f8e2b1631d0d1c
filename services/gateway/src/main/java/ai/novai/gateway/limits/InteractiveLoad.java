package ai.novai.gateway.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether this replica is serving interactive model calls: the signal batch work yields to. An interactive call
 * counts from its admission to its end (billed or released); the replica stays busy for a short quiet period after
 * the last one ended, so that a client's next request in a closed loop does not find a batch line in its way.
 */
public final class InteractiveLoad {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final long quietNanos;
    private volatile long lastEndNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param quiet how long after its last interactive call the replica still counts as busy
     */
    public InteractiveLoad(Duration quiet) {
        this.quietNanos = quiet.toNanos();
    }

    /** An interactive call was admitted. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** An interactive call ended. */
    public void ended() {
        inFlight.decrementAndGet();
        lastEndNanos = System.nanoTime();
    }

    /** Whether interactive calls are in flight, or ended within the quiet period. */
    public boolean busy() {
        return inFlight.get() > 0 || System.nanoTime() - lastEndNanos < quietNanos;
    }

    /** How long after the last interactive call the replica counts as busy. */
    public Duration quietPeriod() {
        return Duration.ofNanos(quietNanos);
    }
}
