package ai.novai.common.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * OpenAI's chat wire format is spelt in this package only: the main code of every service may name
 * {@code "tool_calls"} in at most two files (the tool calls and the finish reasons), so that a new field is one
 * edit, not one per hand-written copy of the format.
 */
class WireSpellingTest {

    private static final int MAX_FILES = 2;

    @Test
    void toolCallsIsSpeltInTwoMainFilesAtMost() {
        Path services = Path.of("").toAbsolutePath().getParent();
        List<Path> spelling = mainSources(services).filter(file -> read(file).contains("\"tool_calls\"")).toList();

        assertThat(mainSources(services).count(), greaterThan(100L));
        assertThat(spelling.toString(), spelling.size(), lessThanOrEqualTo(MAX_FILES));
    }

    // services/*/src/main/java/**/*.java
    private static Stream<Path> mainSources(Path services) {
        try (Stream<Path> modules = Files.list(services)) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList().stream()
                    .flatMap(WireSpellingTest::javaFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
