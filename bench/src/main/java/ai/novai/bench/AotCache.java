package ai.novai.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One AOT cache file per service ({@code <dir>/<service>.aot}; JDK 25's {@code -XX:AOTCacheOutput} and
 * {@code -XX:AOTCache} apply to one JVM each): the options that write it in a training run and read it later,
 * and the checks that it was written and used without complaint. The cache holds only what the same jars on
 * the same paths, with the same collector, can use: training and use must share everything but these options.
 */
final class AotCache {

    /**
     * A JVM log line of AOT or CDS at warning or error level, e.g. {@code [error  ][aot] ...}, other than a
     * class left out of the cache ({@code Skipping <class>: JFR event class}, a dynamic proxy...), which is
     * expected and logged at warning level in every training run.
     */
    private static final Pattern COMPLAINT =
            Pattern.compile("\\[(warning|error) *\\]\\[(aot|cds)[^\\]]*\\] (?!Skipping )");

    private final Path dir;

    /** The caches in {@code dir}, which must exist before a training run starts. */
    AotCache(Path dir) {
        this.dir = dir;
    }

    /** Where the service's cache is. */
    Path file(String service) {
        return dir.resolve(service + ".aot");
    }

    /** Options of the service's training run: write its cache when the JVM exits. */
    List<String> trainingOptions(String service) {
        return List.of("-XX:AOTCacheOutput=" + file(service));
    }

    /** Options of a run that uses the service's cache. */
    List<String> useOptions(String service) {
        return List.of("-XX:AOTCache=" + file(service));
    }

    /** The services whose cache file is missing or empty. */
    List<String> missing(List<String> services) {
        return services.stream().filter(service -> !Files.isRegularFile(file(service)) || size(service) == 0).toList();
    }

    /** The size of the service's cache in bytes, 0 without one. */
    long size(String service) {
        try {
            return Files.isRegularFile(file(service)) ? Files.size(file(service)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log's lines where the JVM complains about its AOT cache or CDS archive (see {@link #COMPLAINT}). */
    static List<String> complaints(Path log) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (COMPLAINT.matcher(line).find()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
