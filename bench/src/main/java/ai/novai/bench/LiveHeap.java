package ai.novai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a JVM: what its heap holds right after a full collection, asked for with the JDK's
 * {@code jcmd} ({@code GC.run}, then {@code GC.heap_info}). Resident memory alone cannot tell a leak from a
 * collector that lets garbage pile up towards {@code -Xmx} before it collects the old generation; the heap
 * left after a full collection can.
 */
final class LiveHeap {

    // "PSYoungGen total 76288K, used 1310K [...]", "ParOldGen total 175104K, used 12345K", "garbage-first
    // heap total 262144K, used 12345K": the heap's generations; the metaspace lines have no "total".
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final long TIMEOUT_SECONDS = 30;

    private LiveHeap() {
    }

    /** Bytes in use on the heap of a JVM after a full collection, empty when it could not be asked. */
    static OptionalLong afterFullCollection(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (run(jcmd, pid, "GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = run(jcmd, pid, "GC.heap_info");
        if (info == null) {
            return OptionalLong.empty();
        }
        Matcher used = USED.matcher(info);
        long kib = 0;
        boolean found = false;
        while (used.find()) {
            kib += Long.parseLong(used.group(1));
            found = true;
        }
        return found ? OptionalLong.of(kib * 1024) : OptionalLong.empty();
    }

    // jcmd's output, or null when it failed or took too long.
    private static String run(Path jcmd, long pid, String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
