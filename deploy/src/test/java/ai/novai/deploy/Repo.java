package ai.novai.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The repository's files as the tests read them (the module runs in {@code deploy/}). */
public final class Repo {

    static final YAMLMapper YAML = new YAMLMapper();

    private Repo() {
    }

    /** A path from the repository root. */
    public static Path path(String relative) {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("repository root (with mvnw) not found above " + Path.of("").toAbsolutePath());
        }
        return root.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML document of the repository. */
    static JsonNode yaml(String relative) {
        return yamlDocuments(read(relative)).getFirst();
    }

    /** Every non-empty document of a YAML stream. */
    static List<JsonNode> yamlDocuments(String text) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> result = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    result.add(document);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
