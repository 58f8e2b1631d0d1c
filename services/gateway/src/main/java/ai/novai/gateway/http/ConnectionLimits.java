package ai.novai.gateway.http;

import java.time.Duration;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * What one client connection may hold of the gateway while it sends ({@code novai.http.*}).
 *
 * @param headerTimeout        longest time from a request line to the end of its headers
 * @param bodyIdleTimeout      longest pause between two reads of a request body
 * @param bodyGrace            how long a body may take before its average rate counts
 * @param bodyMinBytesPerSecond slowest average rate of a body after the grace period: a body may take
 *                             {@code bodyGrace + bytes / bodyMinBytesPerSecond}, so that 20 MB on a slow link
 *                             still gets through and a body sent at 1 byte/s does not
 * @param maxPerAddress        most connections open at once from one client address (the PROXY protocol's
 *                             source address where the listener reads it); more get 429 {@code too_many_connections}
 *                             and are closed; 0 = no cap. Behind an ingress or NAT every client has the proxy's
 *                             address: enable the PROXY protocol, or set this above the proxy's pool, or 0
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyIdleTimeout, Duration bodyGrace,
                               long bodyMinBytesPerSecond, int maxPerAddress) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_GRACE = Duration.ofSeconds(10);
    public static final long DEFAULT_BODY_MIN_BYTES_PER_SECOND = 500;
    public static final int DEFAULT_MAX_PER_ADDRESS = 1024;

    /** The limits under {@code novai.http}. */
    public static ConnectionLimits from(Config http) {
        SettingsNode node = SettingsNode.of(http);
        return new ConnectionLimits(node.positiveDuration("header-timeout", DEFAULT_HEADER_TIMEOUT),
                                    node.positiveDuration("body-idle-timeout", DEFAULT_BODY_IDLE_TIMEOUT),
                                    node.duration("body-grace", DEFAULT_BODY_GRACE),
                                    node.longInteger("body-min-bytes-per-second", DEFAULT_BODY_MIN_BYTES_PER_SECOND,
                                                     0, Long.MAX_VALUE),
                                    node.integer("max-connections-per-address", DEFAULT_MAX_PER_ADDRESS, 0,
                                                 Integer.MAX_VALUE));
    }
}
