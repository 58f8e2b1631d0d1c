package ai.novai.gateway.http;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * A daemon platform thread that runs one round of a check every {@code period}, given the round's
 * {@link System#nanoTime()}, until it is interrupted: the shape of the gateway's watchdogs (slow senders, closed
 * client connections, stuck writes), which must keep running whatever the request threads do.
 */
final class Sweeper {

    private Sweeper() {
    }

    /** Starts the thread; interrupt it to stop. */
    static Thread start(String name, Duration period, LongConsumer round) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                round.accept(System.nanoTime());
            }
        });
    }
}
