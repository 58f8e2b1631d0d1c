package ai.novai.gateway.http;

import java.time.Duration;

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
 *                             source address where the listener reads it); 0 = no cap
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyIdleTimeout, Duration bodyGrace,
                               long bodyMinBytesPerSecond, int maxPerAddress) {

    /** The limits under {@code novai.http}. */
    public static ConnectionLimits from(Config http) {
        return new ConnectionLimits(http.get("header-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                                    http.get("body-idle-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                                    http.get("body-grace").as(Duration.class).orElse(Duration.ofSeconds(10)),
                                    http.get("body-min-bytes-per-second").asLong().orElse(500L),
                                    http.get("max-connections-per-address").asInt().orElse(1024));
    }
}
