package ai.novai.gateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a test's tools (node, npm, python3) to their end, output to files so that no pipe fills up. */
public final class Processes {

    /** How a command ended. */
    public record Run(List<String> command, int exitCode, String stdout, String stderr, long millis) {

        /** The command, its exit code, time and output, for a failure message. */
        public String describe() {
            return String.join(" ", command) + ": exit " + exitCode + " in " + millis + " ms\nstdout:\n" + stdout
                    + "\nstderr:\n" + stderr;
        }
    }

    private Processes() {
    }

    /** The program on the PATH, or a failure saying what to install (never a skip: CI must not pass without it). */
    public static String executable(String name, String install) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, name))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseGet(() -> fail("'" + name + "' is not on the PATH; this test needs it (" + install
                                              + "). PATH=" + path));
    }

    /** Runs a command in a folder with extra environment, or fails after the timeout (killing what it started). */
    public static Run run(Path dir, List<String> command, Map<String, String> env, Duration timeout) {
        long start = System.nanoTime();
        try {
            Path out = Files.createTempFile("novai-test-", ".out");
            Path err = Files.createTempFile("novai-test-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                if (!finished) {
                    fail(String.join(" ", command) + " did not finish within " + timeout + "\nstdout:\n" + stdout
                                 + "\nstderr:\n" + stderr);
                }
                return new Run(command, process.exitValue(), stdout, stderr,
                               TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
