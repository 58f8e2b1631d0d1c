package ai.novai.tools.mcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.modelcontextprotocol.client.McpSyncClient;

/**
 * One live connection to an MCP server: its SDK client, the process it started (stdio), and a signal that
 * completes when the connection is lost (the process exited, or a call found the transport broken).
 */
final class McpConnection {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final McpSyncClient client;
    private final List<ProcessHandle> processes;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long openedNanos = System.nanoTime();

    McpConnection(McpSyncClient client, List<ProcessHandle> processes) {
        this.client = client;
        this.processes = List.copyOf(processes);
        processes.forEach(process -> process.onExit().thenRun(this::lost));
    }

    McpSyncClient client() {
        return client;
    }

    /** Marks the connection lost; the supervisor then replaces it. */
    void lost() {
        lost.complete(null);
    }

    /** Whether it was lost. */
    boolean isLost() {
        return lost.isDone();
    }

    /** Waits until the connection is lost. */
    void awaitLoss() throws InterruptedException {
        try {
            lost.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the loss signal completes normally", e);
        }
    }

    /** How long it has been open. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    /** Closes the client and makes sure its process is gone (killed if it does not exit by itself). Once. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lost();
        client.close();
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                ChildProcesses.kill(process);
            } catch (InterruptedException e) {
                ChildProcesses.kill(process);
                Thread.currentThread().interrupt();
            }
        }
    }
}
