package ai.novai.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file of a page the gateway serves to browsers, read from the classpath once at start-up and served from memory.
 *
 * @param content     the bytes
 * @param contentType the {@code Content-Type} it is served with
 * @param etag        a strong entity tag (quoted), from the content's SHA-256
 */
public record StaticFile(byte[] content, String contentType, String etag) {

    /**
     * Reads a file from the classpath.
     *
     * @param location    classpath location, without a leading slash
     * @param contentType the {@code Content-Type} to serve it with
     * @return the file
     * @throws IllegalStateException if there is no such resource: the build lacks a file the page needs
     */
    public static StaticFile fromClasspath(String location, String contentType) {
        try (InputStream in = StaticFile.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("page file not on the classpath: " + location);
            }
            byte[] content = in.readAllBytes();
            return new StaticFile(content, contentType, etagOf(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an {@code If-None-Match} value names this content (a list, or {@code *}). */
    public boolean matches(String ifNoneMatch) {
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.strip();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etagOf(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
