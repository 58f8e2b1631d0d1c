package ai.novai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the fake upstream actually wrote on each stream of one pace, while tracked
 * ({@link FakeUpstream#track(Pace)}): content chunks and bytes whose write and flush returned, and how long
 * those writes were blocked. A write returns once the socket took the bytes, so a client (or NovAI) that
 * reads slowly shows here as fewer chunks than the pace would have sent and as time blocked in writes:
 * the evidence that backpressure reached the upstream.
 */
final class UpstreamLedger {

    private final Pace pace;
    private final Queue<Stream> streams = new ConcurrentLinkedQueue<>();

    UpstreamLedger(Pace pace) {
        this.pace = pace;
    }

    /** The pace tracked. */
    Pace pace() {
        return pace;
    }

    /** A stream begins. */
    Stream open() {
        Stream stream = new Stream(System.nanoTime());
        streams.add(stream);
        return stream;
    }

    /** Content chunks written so far on all streams. */
    long chunks() {
        long chunks = 0;
        for (Stream stream : streams) {
            chunks += stream.chunks;
        }
        return chunks;
    }

    /** Streams still being written. */
    int openStreams() {
        int open = 0;
        for (Stream stream : streams) {
            if (stream.endNanos == 0) {
                open++;
            }
        }
        return open;
    }

    /** Every stream's counts as they are now. */
    List<Counts> snapshot() {
        long now = System.nanoTime();
        List<Counts> all = new ArrayList<>();
        for (Stream stream : streams) {
            long end = stream.endNanos;
            long writing = stream.writingSince;
            // a write still blocked counts up to now
            long blocked = stream.blockedNanos + (end == 0 && writing != 0 ? Math.max(0, now - writing) : 0);
            long longest = Math.max(stream.longestWriteNanos,
                                    end == 0 && writing != 0 ? Math.max(0, now - writing) : 0);
            all.add(new Counts(stream.chunks, stream.bytes, blocked, longest,
                               (end == 0 ? now : end) - stream.startNanos, end != 0, stream.completed));
        }
        return all;
    }

    /**
     * One stream's counts.
     *
     * @param chunks       content chunks written
     * @param bytes        bytes written, every event included
     * @param blockedNanos time spent in writes and flushes: near zero unless the socket was full
     * @param longestWriteNanos the longest single write (and flush) of an event
     * @param openNanos    from the request to the stream's end (or to now, while open)
     * @param ended        whether the stream has ended (completed, or the client went away)
     * @param completed    whether it was written to its {@code [DONE]}
     */
    record Counts(long chunks, long bytes, long blockedNanos, long longestWriteNanos, long openNanos, boolean ended,
                  boolean completed) {
    }

    /** One stream: written by its one handler thread, read by the benchmark (hence volatile). */
    static final class Stream {

        private final long startNanos;
        private volatile long chunks;
        private volatile long bytes;
        private volatile long blockedNanos;
        private volatile long writingSince;
        private volatile long longestWriteNanos;
        private volatile long endNanos;
        private volatile boolean completed;

        private Stream(long startNanos) {
            this.startNanos = startNanos;
        }

        /** A write begins, at {@code nanoTime}; called by the stream's one writer only. */
        void writing(long nanoTime) {
            writingSince = nanoTime;
        }

        /** The write that began at {@link #writing} ended at {@code nanoTime}: an event was written and flushed. */
        void wrote(int eventBytes, boolean content, long nanoTime) {
            bytes += eventBytes;
            long took = nanoTime - writingSince;
            blockedNanos += took;
            if (took > longestWriteNanos) {
                longestWriteNanos = took;
            }
            writingSince = 0;
            if (content) {
                chunks++;
            }
        }

        /** The stream ended, to its {@code [DONE]} or not. */
        void ended(boolean toTheEnd) {
            completed = toTheEnd;
            endNanos = System.nanoTime();
        }
    }
}
