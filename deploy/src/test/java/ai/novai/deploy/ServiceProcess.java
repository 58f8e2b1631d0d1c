package ai.novai.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One NovAI service's jar ({@code services/<name>/target/novai-<name>.jar}, built by the reactor before this
 * module) run as its image runs it: {@code java <the image's JVM flags> -jar app.jar <args>}, with exactly the
 * environment given (nothing inherited but {@code PATH}), its output in a log file.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // the flags the Dockerfile writes to /app/jvm.args, less the cgroup-relative heap (no container here)
    private static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:+ExitOnOutOfMemoryError",
                                                                "--enable-native-access=ALL-UNNAMED",
                                                                "--sun-misc-unsafe-memory-access=allow",
                                                                "-Xmx512m");

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts the service's jar with this environment and arguments. */
    static ServiceProcess start(String service, Map<String, String> environment, List<String> args, Path logDir)
            throws IOException {
        Path jar = Repo.path("services/" + service + "/target/novai-" + service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the reactor packages the services before this module");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(IMAGE_JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Path log = Files.createTempFile(logDir, service + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        return new ServiceProcess(service, builder.start(), log);
    }

    /** Waits until {@code /observe/health/ready} on the port answers 200; fails with the log otherwise. */
    void awaitReady(int port, Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                                                 + logTail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /** Waits for the process to exit (a one-shot command such as the migrations) and returns its code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
