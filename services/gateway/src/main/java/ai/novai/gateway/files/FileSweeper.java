package ai.novai.gateway.files;

import java.time.Duration;
import java.util.function.IntUnaryOperator;

import io.helidon.dbclient.DbClientException;

/**
 * Deletes expired files, and contents abandoned by a crash (parts written by an upload or a batch whose gateway
 * died before the file's row was added), every {@code novai.files.sweep-interval} on a virtual thread, in rounds
 * of {@value #ROUND} and at most {@value #MAX_ROUNDS} rounds of each per sweep (the next sweep goes on). A
 * sweep that fails (the database unavailable) is logged and tried again at the next interval. Every replica
 * sweeps; deleting what another replica deleted first is harmless.
 */
public final class FileSweeper implements AutoCloseable {

    static final int ROUND = 100;
    static final int MAX_ROUNDS = 100;
    /** Contents no file owns are abandoned once nothing was written to them for this long. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private static final System.Logger LOGGER = System.getLogger(FileSweeper.class.getName());

    private final FileLibrary library;
    private final Thread thread;

    private FileSweeper(FileLibrary library, Duration interval) {
        this.library = library;
        this.thread = Thread.ofVirtual().name("novai-file-sweeper").start(() -> sweepEvery(interval));
    }

    /** Starts sweeping; close to stop. */
    public static FileSweeper start(FileLibrary library, Duration interval) {
        return new FileSweeper(library, interval);
    }

    private void sweepEvery(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sweep();
            } catch (DbClientException e) {
                LOGGER.log(System.Logger.Level.WARNING, "deleting expired files failed; trying again in " + interval,
                           e);
            }
        }
    }

    /** One sweep; how many files and abandoned contents it deleted. */
    int sweep() {
        int expired = rounds(library::deleteExpired);
        int abandoned = rounds(limit -> library.deleteAbandoned(ABANDONED_AFTER, limit));
        if (expired + abandoned > 0) {
            LOGGER.log(System.Logger.Level.INFO, "deleted " + expired + " expired files and " + abandoned
                    + " abandoned file contents");
        }
        return expired + abandoned;
    }

    private static int rounds(IntUnaryOperator round) {
        int total = 0;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            int deleted = round.applyAsInt(ROUND);
            total += deleted;
            if (deleted < ROUND) {
                break;
            }
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
    }
}
