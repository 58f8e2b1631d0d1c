package ai.novai.tools.mcp;

import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the process the SDK's stdio transport started, which it does not expose: the service's children
 * before and after the start, one start at a time (the service starts no other processes). The supervisor
 * watches it to notice a crash at once, and makes sure it is gone when the connection is closed.
 */
final class ChildProcesses {

    private static final ReentrantLock STARTS = new ReentrantLock();

    private ChildProcesses() {
    }

    /**
     * Runs something that starts child processes, and finds them.
     *
     * @param start starts them (and may throw; the children it left are then killed)
     * @param <T>   what it returns
     */
    static <T> Started<T> start(Supplier<T> start) {
        STARTS.lock();
        try {
            Set<Long> before = children();
            T result;
            try {
                result = start.get();
            } catch (RuntimeException e) {
                started(before).forEach(ChildProcesses::kill);
                throw e;
            }
            return new Started<>(result, started(before));
        } finally {
            STARTS.unlock();
        }
    }

    /** Kills a process and its descendants (they are the MCP server's, and would otherwise outlive it). */
    static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static List<ProcessHandle> started(Set<Long> before) {
        return ProcessHandle.current().children().filter(child -> !before.contains(child.pid())).toList();
    }

    /**
     * What a start returned, and the processes it started.
     *
     * @param result    what it returned
     * @param processes the new children
     * @param <T>       the result's type
     */
    record Started<T>(T result, List<ProcessHandle> processes) {
    }
}
