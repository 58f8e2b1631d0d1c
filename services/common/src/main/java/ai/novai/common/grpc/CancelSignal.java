package ai.novai.common.grpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells work in progress that its caller went away (client disconnect, deadline): registered actions
 * run once, at cancellation, on the cancelling thread; an action registered after it runs at once.
 * Backends tie it to the gRPC call ({@code ServerCallStreamObserver.setOnCancelHandler}) and abort
 * upstream requests or drop queued work on it.
 */
public final class CancelSignal {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    /** Cancels and runs the registered actions; later calls do nothing. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            actions.forEach(CancelSignal::runQuietly);
        }
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Runs the action on cancellation (now, if already cancelled).
     *
     * @return a handle that unregisters the action, for work that finished first
     */
    public Registration onCancel(Runnable action) {
        actions.add(action);
        if (cancelled.get() && actions.remove(action)) {
            runQuietly(action);
        }
        return () -> actions.remove(action);
    }

    /** Undoes an {@link #onCancel(Runnable)}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.getLogger(CancelSignal.class.getName())
                    .log(System.Logger.Level.DEBUG, "cancel action failed", e);
        }
    }
}
