package ai.novai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a process costs, read from Linux's {@code /proc} the way {@code top} and {@code ps} do: resident
 * memory ({@code VmRSS} of {@code /proc/<pid>/status}) and CPU time ({@code utime + stime} of
 * {@code /proc/<pid>/stat}). Reading {@code /proc} from outside needs no agent in the measured JVMs, so they
 * run exactly as they would in production.
 */
public final class ProcessStats {

    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private ProcessStats() {
    }

    /** Resident set size in bytes, or 0 when the process is gone. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** User plus system CPU time used so far, or zero when the process is gone. */
    public static Duration cpuTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces, so fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15: utime, stime
            return Duration.ofNanos(ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /**
     * CPU time all CPUs of the machine have been busy since boot ({@code user + nice + system + irq + softirq
     * + steal} of the {@code cpu} line of {@code /proc/stat}), zero where there is no {@code /proc/stat}.
     */
    public static Duration machineBusyTime() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long ticks = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(fields[field]);
            }
            return Duration.ofNanos(ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    // USER_HZ; 100 on every mainstream Linux, asked for anyway.
    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /**
     * CPU time of several processes between two instants: {@link #start()} marks, {@link #stop()} reads the
     * difference. Resolution is one clock tick (10 ms), fine over steps of seconds.
     */
    public static final class CpuMeter {

        private final List<Long> pids;
        private final Map<Long, Duration> atStart = new ConcurrentHashMap<>();
        private final Map<Long, Duration> used = new ConcurrentHashMap<>();

        public CpuMeter(List<Long> pids) {
            this.pids = List.copyOf(pids);
        }

        /** Marks the beginning. */
        public void start() {
            pids.forEach(pid -> atStart.put(pid, cpuTime(pid)));
        }

        /** Marks the end. */
        public void stop() {
            pids.forEach(pid -> used.put(pid, cpuTime(pid).minus(atStart.getOrDefault(pid, Duration.ZERO))));
        }

        /** CPU time of a process between start and stop. */
        public Duration used(long pid) {
            return used.getOrDefault(pid, Duration.ZERO);
        }
    }

    /**
     * Samples the resident memory of several processes every {@code period} on a daemon thread, keeping
     * the peak of each, until closed. Sampling bounds what it can miss: a spike shorter than the period.
     */
    public static final class PeakRss implements AutoCloseable {

        private final List<Long> pids;
        private final Map<Long, Long> peaks = new ConcurrentHashMap<>();
        private final Thread sampler;

        public PeakRss(List<Long> pids, Duration period) {
            this.pids = List.copyOf(pids);
            sample();
            this.sampler = Thread.ofPlatform().daemon().name("peak-rss").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(period);
                    } catch (InterruptedException e) {
                        return;
                    }
                    sample();
                }
            });
        }

        private void sample() {
            pids.forEach(pid -> peaks.merge(pid, rssBytes(pid), Math::max));
        }

        /** The largest resident size seen of a process, in bytes. */
        public long peakBytes(long pid) {
            return peaks.getOrDefault(pid, 0L);
        }

        /** Takes a last sample and stops sampling; the peaks stay readable. */
        public void stop() {
            sampler.interrupt();
            try {
                sampler.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
        }

        @Override
        public void close() {
            stop();
        }
    }
}
