package ai.novai.gateway;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * The gateway's settings of one or two keys each, under {@code novai} (the larger blocks have records of their
 * own: {@code BackendSettings}, {@code HttpSettings}, {@code BatchSettings}, ...).
 *
 * @param managementPort    port of {@code /observe/health} and {@code /observe/metrics} (probes, Prometheus), on
 *                          {@code server.host}; never the public port ({@code novai.management.port})
 * @param modelsCacheTtl    how long the catalogue (prices, output caps) is reused for metering before it is asked
 *                          again ({@code novai.models.cache-ttl})
 * @param authCacheTtl      how long a key lookup is reused: a key revoked through another replica stops working
 *                          within this ({@code novai.auth.cache-ttl})
 * @param mcpEnabled        whether {@code POST /mcp} serves NovAI as an MCP server; false = 404
 *                          ({@code novai.mcp.enabled})
 * @param devKey            a fixed API key made to exist at start-up (development, scripts); empty = none
 *                          ({@code novai.dev.key})
 * @param adminToken        bearer token of the admin API ({@code /v1/admin/*}); empty = admin API disabled (403)
 *                          ({@code novai.admin.token})
 * @param openApiStaticFile the classpath resource of the OpenAPI document served ({@code novai.openapi.static-file})
 */
public record GatewaySettings(int managementPort, Duration modelsCacheTtl, Duration authCacheTtl, boolean mcpEnabled,
                              Optional<String> devKey, Optional<String> adminToken, String openApiStaticFile) {

    public static final int DEFAULT_MANAGEMENT_PORT = 8081;
    public static final Duration DEFAULT_MODELS_CACHE_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_AUTH_CACHE_TTL = Duration.ofSeconds(5);
    public static final String DEFAULT_OPENAPI_STATIC_FILE = "META-INF/novai/spec.yaml";

    /** The settings under {@code novai}. */
    public static GatewaySettings from(Config novai) {
        SettingsNode node = SettingsNode.of(novai);
        return new GatewaySettings(node.integer("management.port", DEFAULT_MANAGEMENT_PORT, 0, 65535),
                                   node.duration("models.cache-ttl", DEFAULT_MODELS_CACHE_TTL),
                                   node.duration("auth.cache-ttl", DEFAULT_AUTH_CACHE_TTL),
                                   node.bool("mcp.enabled", true),
                                   node.optionalString("dev.key"),
                                   node.optionalString("admin.token"),
                                   node.string("openapi.static-file", DEFAULT_OPENAPI_STATIC_FILE));
    }
}
