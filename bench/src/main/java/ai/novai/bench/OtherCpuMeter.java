package ai.novai.bench;

import java.time.Duration;
import java.util.List;

/**
 * The CPU that processes other than this JVM and some given ones used over a window, as a share of the
 * machine's capacity: on a shared machine, how much a measurement competed with work that is not its own.
 * Read {@link #share()} while the given processes still run (a process gone counts as zero).
 */
final class OtherCpuMeter {

    private final List<Long> pids;
    private final long startNanos = System.nanoTime();
    private final Duration machineAtStart = ProcessStats.machineBusyTime();
    private final Duration ownAtStart;

    OtherCpuMeter(List<Long> pids) {
        this.pids = pids;
        this.ownAtStart = ownCpu();
    }

    /** Others' CPU time since the meter was made over the machine's capacity in that time (0 to 1). */
    double share() {
        Duration machine = ProcessStats.machineBusyTime().minus(machineAtStart);
        Duration others = machine.minus(ownCpu().minus(ownAtStart));
        double capacity = (double) (System.nanoTime() - startNanos) * Runtime.getRuntime().availableProcessors();
        return Math.clamp(others.toNanos() / capacity, 0.0, 1.0);
    }

    private Duration ownCpu() {
        return pids.stream().map(ProcessStats::cpuTime)
                .reduce(ProcessStats.cpuTime(ProcessHandle.current().pid()), Duration::plus);
    }
}
