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
public final class ServiceProcess implements AutoCloseable {

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
    public static ServiceProcess start(String service, Map<String, String> environment, List<String> args, Path logDir)
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
    public void awaitReady(int port, Duration timeout) throws IOException, InterruptedException {
        awaitReady("127.0.0.1", port, timeout);
    }

    /** Waits until the service listening on this address is {@linkplain #isReady ready}; fails with the log otherwise. */
    public void awaitReady(String host, int port, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                                                 + logTail());
            }
            if (isReady(host, port)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /**
     * Whether the service on this address answers its readiness probe ({@code /observe/health/ready}) with 200:
     * the one place that knows where the probe is.
     */
    public static boolean isReady(String host, int port) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        }
    }

    /** Waits for the process to exit (a one-shot command such as the migrations) and returns its code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the process dies at once, as a pod whose node failed or that ran out of memory. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /** SIGTERM: a graceful stop (the service drains), as Kubernetes stops a pod. */
    public void terminate() {
        process.destroy();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
