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
                try {
                    round.accept(System.nanoTime());
                } catch (RuntimeException e) {
                    // a defect in one round: logged whole, and the watchdog goes on (one that died would leave every
                    // slow sender or stuck write of the gateway unwatched)
                    System.getLogger(Sweeper.class.getName()).log(System.Logger.Level.ERROR, name + ": a round failed",
                                                                  e);
                }
            }
        });
    }
}
