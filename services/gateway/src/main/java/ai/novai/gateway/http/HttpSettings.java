package ai.novai.gateway.http;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * What the gateway's HTTP surface accepts and how it treats slow clients ({@code novai.http}).
 *
 * @param maxBodySize       largest request body; larger ones get 413 {@code request_too_large}
 * @param writeTimeout      a client that takes no byte for this long while a write to it is blocked (its socket
 *                          buffers full) is cut; its stream is billed for what was produced and counted as
 *                          {@code client_too_slow}. A slow reader is not
 * @param clientCheckPeriod how often streams check whether their client is still connected
 * @param maxUrlLength      longest request line (method, URL, version): 414 {@code uri_too_long} beyond it
 * @param maxHeadersSize    largest header block (names and values): 431 {@code request_header_fields_too_large}
 *                          beyond it
 * @param connections       what one client connection may hold while it sends
 */
public record HttpSettings(long maxBodySize, Duration writeTimeout, Duration clientCheckPeriod, int maxUrlLength,
                           int maxHeadersSize, ConnectionLimits connections) {

    public static final long DEFAULT_MAX_BODY_SIZE = 20L * 1024 * 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLIENT_CHECK_PERIOD = Duration.ofMillis(250);
    public static final int DEFAULT_MAX_URL_LENGTH = 16384;
    public static final int DEFAULT_MAX_HEADERS_SIZE = 16384;

    /** The settings under {@code novai.http}. */
    public static HttpSettings from(Config http) {
        SettingsNode node = SettingsNode.of(http);
        return new HttpSettings(node.longInteger("max-body-size", DEFAULT_MAX_BODY_SIZE, 1, Long.MAX_VALUE),
                                node.positiveDuration("write-timeout", DEFAULT_WRITE_TIMEOUT),
                                node.positiveDuration("client-check-period", DEFAULT_CLIENT_CHECK_PERIOD),
                                node.integer("max-url-length", DEFAULT_MAX_URL_LENGTH, 16, Integer.MAX_VALUE),
                                node.integer("max-headers-size", DEFAULT_MAX_HEADERS_SIZE, 16, Integer.MAX_VALUE),
                                ConnectionLimits.from(http));
    }
}
