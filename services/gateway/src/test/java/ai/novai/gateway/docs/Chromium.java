package ai.novai.gateway.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, run once per call: renders a page (with up to 15 s of virtual time for its
 * scripts) and writes what it rendered. Each run has its own profile folder and a deadline; a browser past it is
 * killed with everything it started.
 */
final class Chromium {

    static final String INSTALL_HINT = "chromium is not installed: the browser tests need Debian's chromium "
            + "('apt-get install -y --no-install-recommends chromium'; .ci/run installs it)";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final Path executable;
    private final Path workDir;

    private Chromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** The browser on the {@code PATH}, if there is one, working in (profiles, logs) the given folder. */
    static Optional<Chromium> find(Path workDir) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "chromium"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(executable -> new Chromium(executable, workDir));
    }

    /** The DOM of the page once its scripts have run, as HTML. */
    String dumpDom(String url) {
        Path dom = workDir.resolve("dom-" + System.nanoTime() + ".html");
        run(List.of("--dump-dom", url), dom);
        try {
            return Files.readString(dom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the rendered page, at the given window size. */
    void screenshot(String url, Path png, int width, int height) {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url),
            workDir.resolve("screenshot-" + System.nanoTime() + ".out"));
    }

    private void run(List<String> arguments, Path stdout) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless=new", "--no-sandbox",
                                                       "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                                                       "--user-data-dir=" + profile(),
                                                       "--virtual-time-budget=15000"));
        command.addAll(arguments);
        Path stderr = workDir.resolve("chromium-" + System.nanoTime() + ".log");
        try {
            Process browser = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!browser.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                browser.descendants().forEach(ProcessHandle::destroyForcibly);
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("chromium did not finish within " + DEADLINE + ": " + command
                                                        + " (its log: " + stderr + ")");
            }
            if (browser.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + browser.exitValue() + ": " + command
                                                        + "\n" + Files.readString(stderr));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chromium ran", e);
        }
    }

    private Path profile() {
        try {
            return Files.createTempDirectory(workDir, "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
