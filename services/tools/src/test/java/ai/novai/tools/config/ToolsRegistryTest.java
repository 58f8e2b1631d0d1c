package ai.novai.tools.config;

import java.util.List;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The registry's {@code tools} section is read strictly: what the service cannot honour stops it at start-up
 * with a message naming the entry.
 */
class ToolsRegistryTest {

    @Test
    void theBuiltInRegistryOffersBothBuiltInsAndNoHost() {
        ToolsConfig tools = ToolsRegistry.load(Config.just(ConfigSources.create(java.util.Map.of())));
        assertThat(tools.currentTime().isPresent(), is(true));
        HttpFetchSettings fetch = tools.httpFetch().orElseThrow();
        assertThat(fetch.allowedHosts(), is(List.of()));
        assertThat(fetch.limits(), is(new ToolSettings(10_000, 262_144)));
        assertThat(fetch.maxRedirects(), is(3));
        assertThat(tools.mcpServers(), is(List.of()));
    }

    @Test
    void readsServersWithTheirValues() {
        ToolsConfig tools = parse("""
                defaults: { timeout-ms: 5000, max-output-bytes: 1000 }
                mcp-servers:
                  - label: files
                    transport: stdio
                    command: ["node", "/srv/files.js"]
                    env: { ROOT: /data, TOKEN: { from-env: FILES_TOKEN } }
                    timeout-ms: 20000
                  - label: search
                    transport: streamable-http
                    url: https://mcp.example.com/mcp
                    headers: { Authorization: { from-env: SEARCH_MCP_TOKEN } }
                """);
        McpServerConfig.Stdio files = (McpServerConfig.Stdio) tools.mcpServers().get(0);
        assertThat(files.command(), is(List.of("node", "/srv/files.js")));
        assertThat(files.env().get("ROOT"), is(new ConfiguredValue.Plain("/data")));
        assertThat(files.env().get("TOKEN"), is(new ConfiguredValue.FromEnv("FILES_TOKEN")));
        assertThat(files.settings(), is(new ToolSettings(20_000, 1000)));
        assertThat(tools.mcpServers().get(1), instanceOf(McpServerConfig.StreamableHttp.class));
        assertThat(tools.currentTime().isPresent(), is(false));
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertRefused("builtins: { current_time: { timeout: 5 } }", "unknown key timeout");
        assertRefused("builtins: { shell: {} }", "unknown key shell");
        assertRefused("mcp-servers: [ { label: a_b, transport: stdio, command: [x] } ]", "(a_b): a label is");
        assertRefused("mcp-servers: [ { label: novai, transport: stdio, command: [x] } ]", "reserved");
        assertRefused("""
                mcp-servers:
                  - { label: a, transport: stdio, command: [x] }
                  - { label: a, transport: stdio, command: [y] }
                """, "label a is used by more than one server");
        assertRefused("mcp-servers: [ { label: a, transport: websocket } ]", "(a): unknown transport websocket");
        assertRefused("mcp-servers: [ { label: a, transport: stdio, command: [x], cwd: /tmp } ]", "(a): unknown key cwd");
        assertRefused("mcp-servers: [ { label: a, transport: streamable-http, url: ftp://x/ } ]", "http or https");
        assertRefused("builtins: { http_fetch: { allowed-hosts: [\"a b\"] } }", "is not a host name");
        assertRefused("defaults: { timeout-ms: 0 }", "timeout-ms must be between");
    }

    private static void assertRefused(String yaml, String message) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> parse(yaml));
        assertThat(refused.getMessage(), containsString(message));
    }

    private static ToolsConfig parse(String yaml) {
        return ToolsRegistry.parse(Config.just(ConfigSources.create("tools:\n" + yaml.indent(2), io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML))
                                           .get("tools"));
    }
}
