package ai.novai.inference.providers;

import java.util.Locale;
import java.util.Optional;

import ai.novai.upstream.UpstreamRejection;

/**
 * An image given inline as a {@code data:} URI, for providers that take images as base64 with a media type
 * rather than as URLs.
 *
 * @param mediaType the media type, lower case (e.g. {@code image/png})
 * @param base64    the data, base64 as the client sent it
 */
public record DataUri(String mediaType, String base64) {

    /**
     * The data URI in a URL, or empty when the URL is not one.
     *
     * @throws UpstreamRejection when it is a data URI without base64 data or a media type
     */
    public static Optional<DataUri> parse(String url) {
        if (!url.regionMatches(true, 0, "data:", 0, 5)) {
            return Optional.empty();
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new UpstreamRejection("an image data URI has no data", "messages");
        }
        String[] meta = url.substring("data:".length(), comma).split(";");
        boolean base64 = false;
        for (int i = 1; i < meta.length; i++) {
            base64 |= meta[i].trim().equalsIgnoreCase("base64");
        }
        if (!base64 || meta[0].isBlank()) {
            throw new UpstreamRejection("image data URIs must be base64 with a media type, "
                                                + "like data:image/png;base64,...", "messages");
        }
        return Optional.of(new DataUri(meta[0].trim().toLowerCase(Locale.ROOT), url.substring(comma + 1)));
    }

    /** Whether a URL is an http(s) URL a provider could fetch itself. */
    public static boolean isHttp(String url) {
        return url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7);
    }
}
