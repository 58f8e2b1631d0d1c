package ai.novai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run happened on, for the report: numbers from different machines do not compare.
 *
 * @param cores     CPUs the JVM sees
 * @param memoryGib physical memory
 * @param cpu       CPU model name
 * @param os        kernel
 * @param jdk       JDK vendor and version running the benchmark and NovAI
 */
public record Machine(int cores, double memoryGib, String cpu, String os, String jdk) {

    /** This machine. */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                           memTotalKb() / 1024.0 / 1024.0,
                           firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
                           System.getProperty("os.name") + " " + System.getProperty("os.version"),
                           System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    }

    private static long memTotalKb() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(value -> Long.parseLong(value.replaceAll("[^0-9]", "")))
                .orElse(0L);
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
