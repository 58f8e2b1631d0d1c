package ai.novai.tools.config;

import java.util.List;

/**
 * The {@code http_fetch} built-in's settings.
 *
 * @param limits       timeout and output cap of one fetch
 * @param allowedHosts host names ({@code api.example.com}) or suffix patterns ({@code *.example.com}) it may
 *                     reach; empty: none
 * @param maxRedirects redirects followed, each re-checked like the first request
 */
public record HttpFetchSettings(ToolSettings limits, List<String> allowedHosts, int maxRedirects) {

    /** The most redirects that may be configured. */
    public static final int MAX_REDIRECTS = 10;

    /** Checks the range and copies the list. */
    public HttpFetchSettings {
        allowedHosts = List.copyOf(allowedHosts);
        if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
            throw new IllegalArgumentException("max-redirects must be between 0 and " + MAX_REDIRECTS
                                                       + ", was " + maxRedirects);
        }
    }
}
