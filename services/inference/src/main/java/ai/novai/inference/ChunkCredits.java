package ai.novai.inference;

import java.util.concurrent.Semaphore;

/**
 * How many chunks a paced {@code StreamComplete} call may still send (see {@code window} and {@code credit}
 * in {@code inference.proto}): the stream's thread takes one per chunk, waiting while there is none, which
 * stops it reading its upstream; the caller's credits give more. Opened for good when the call is stopped
 * or cancelled, so that nothing waits for credit that will not come.
 */
final class ChunkCredits {

    // enough for any stream, small enough that grants on top cannot overflow
    private static final int OPEN = Integer.MAX_VALUE / 2;

    private final Semaphore credits;

    private ChunkCredits(int window) {
        this.credits = new Semaphore(window);
    }

    /** Credits for a call asking for the given window; 0 means unpaced. */
    static ChunkCredits window(int window) {
        return new ChunkCredits(window == 0 ? OPEN : window);
    }

    /** Waits for the credit of one chunk. */
    void take() {
        credits.acquireUninterruptibly();
    }

    /** The caller took {@code chunks} more chunks. */
    void grant(int chunks) {
        if (credits.availablePermits() < OPEN) {
            credits.release(Math.min(chunks, OPEN));
        }
    }

    /** No more waiting: the call was stopped or cancelled. */
    void open() {
        credits.release(OPEN);
    }
}
