package ai.novai.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDKs' generated code is committed (so that {@code npm install ./sdk/typescript} and
 * {@code pip install ./sdk/python} need no generator) and must stay what {@code openapi/spec.yaml} generates:
 * this build generated it into {@code target/generated-sdk} (see the pom), and a committed copy that differs
 * fails here. {@code sdk/generate.sh} (this test with {@code -Dnovai.sdk.update=true}) replaces the committed
 * copies with the fresh output.
 */
class GeneratedSdkTest {

    private static final Path SDK = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path GENERATED = Path.of(System.getProperty("novai.sdk.generated",
                                                                     SDK.resolve("target/generated-sdk").toString()));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "typescript/src/generated, typescript",
            "python/novai/models,      python/novai/models"})
    void theCommittedCodeIsWhatTheSpecGenerates(String committed, String generated) {
        Path committedDir = SDK.resolve(committed);
        Path generatedDir = GENERATED.resolve(generated);
        assertTrue(Files.isDirectory(generatedDir), () -> "no generated code in " + generatedDir
                + ": run this test through Maven (generate-sources writes it)");
        if (Boolean.getBoolean("novai.sdk.update")) {
            replace(committedDir, generatedDir);
        }
        List<String> differences = differences(files(committedDir), files(generatedDir));
        assertTrue(differences.isEmpty(), () -> "sdk/" + committed + " is stale against openapi/spec.yaml: run "
                + "sdk/generate.sh and commit the result.\n" + String.join("\n", differences));
    }

    private static List<String> differences(Map<String, byte[]> committed, Map<String, byte[]> generated) {
        List<String> differences = new ArrayList<>();
        for (String name : generated.keySet()) {
            if (!committed.containsKey(name)) {
                differences.add("missing: " + name);
            } else if (!Arrays.equals(committed.get(name), generated.get(name))) {
                differences.add("differs: " + name);
            }
        }
        committed.keySet().stream().filter(name -> !generated.containsKey(name))
                .forEach(name -> differences.add("not generated any more: " + name));
        return differences;
    }

    /** Every file under a folder by its relative path (bytecode caches left out). */
    private static Map<String, byte[]> files(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                if (!name.contains("__pycache__/")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void replace(Path committed, Path generated) {
        try {
            if (Files.isDirectory(committed)) {
                try (Stream<Path> walk = Files.walk(committed)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            try (Stream<Path> walk = Files.walk(generated)) {
                for (Path source : walk.toList()) {
                    Path target = committed.resolve(generated.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
