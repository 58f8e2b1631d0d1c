package ai.novai.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import ai.novai.gateway.web.StaticFile;

/**
 * The files of {@code org.webjars:swagger-ui} that the docs page loads, found under the version the build put on
 * the classpath (read from the webjar's own {@code pom.properties}, so the version is written only in the pom).
 * Only these files are served: a fixed list, never a path taken from the request.
 */
final class SwaggerUiWebjar {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String PNG = "image/png";
    // the API preset and the base layout need nothing else: no standalone preset, no top bar
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui-bundle.js", JAVASCRIPT,
            "swagger-ui.css", CSS,
            "favicon-32x32.png", PNG,
            "favicon-16x16.png", PNG);

    private SwaggerUiWebjar() {
    }

    /**
     * Reads the files the page uses.
     *
     * @return file name (as in {@code /docs/assets/<name>}) to file
     * @throws IllegalStateException if the webjar, or a file of it, is not on the classpath
     */
    static Map<String, StaticFile> assets() {
        String base = "META-INF/resources/webjars/swagger-ui/" + version() + "/";
        return FILES.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                                                      file -> StaticFile.fromClasspath(base + file.getKey(),
                                                                                       file.getValue())));
    }

    /** The version of the webjar on the classpath. */
    static String version() {
        try (InputStream in = SwaggerUiWebjar.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath (" + POM_PROPERTIES
                                                        + " not found)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"))
                    .filter(version -> version.matches("[0-9A-Za-z.-]+"))
                    .orElseThrow(() -> new IllegalStateException("no usable version in " + POM_PROPERTIES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
