package ai.novai.tools.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ai.novai.common.models.ModelRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;

/**
 * Reads the {@code tools} section of the model registry (the file {@code models.registry} names, else the
 * registry built in), strictly: an unknown key, a bad or duplicate label, an unknown transport or a value out
 * of range stops the service at start-up with a message naming the entry, rather than a tool that silently
 * is not there.
 */
public final class ToolsRegistry {

    /** The label of the service's own tools; no MCP server may take it. */
    public static final String BUILTIN_LABEL = "novai";
    /** What an MCP server's label looks like (no {@code _}, so {@code __} cannot occur in one). */
    public static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9-]{1,32}");

    private static final ToolSettings DEFAULTS = new ToolSettings(10_000, 65_536);
    private static final int DEFAULT_MAX_REDIRECTS = 3;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    private ToolsRegistry() {
    }

    /** Loads the section from the registry the configuration names ({@code models.registry}), or the built-in one. */
    public static ToolsConfig load(Config config) {
        Optional<String> file = config.get("models.registry").asString().filter(path -> !path.isBlank());
        Config registry = file.map(ToolsRegistry::readFile)
                .orElseGet(() -> Config.just(ConfigSources.classpath(ModelRegistry.BUILT_IN)));
        return parse(registry.get("tools"));
    }

    private static Config readFile(String path) {
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("model registry file not readable: " + path);
        }
        return Config.just(ConfigSources.file(path));
    }

    /**
     * Reads a {@code tools} section; a missing one offers nothing.
     *
     * @param tools the section's node
     */
    public static ToolsConfig parse(Config tools) {
        if (!tools.exists()) {
            return new ToolsConfig(DEFAULTS, Optional.empty(), Optional.empty(), List.of());
        }
        onlyKeys(tools, "tools", Set.of("defaults", "builtins", "mcp-servers"));
        Config defaultsNode = tools.get("defaults");
        onlyKeys(defaultsNode, "tools.defaults", Set.of("timeout-ms", "max-output-bytes"));
        ToolSettings defaults = settings(defaultsNode, DEFAULTS, "tools.defaults");

        Config builtins = tools.get("builtins");
        onlyKeys(builtins, "tools.builtins", Set.of("current_time", "http_fetch"));
        Optional<ToolSettings> currentTime = present(builtins.get("current_time")).map(node -> {
            onlyKeys(node, "tools.builtins.current_time", Set.of("timeout-ms", "max-output-bytes"));
            return settings(node, defaults, "tools.builtins.current_time");
        });
        Optional<HttpFetchSettings> httpFetch = present(builtins.get("http_fetch"))
                .map(node -> httpFetch(node, defaults));
        return new ToolsConfig(defaults, currentTime, httpFetch, mcpServers(tools.get("mcp-servers"), defaults));
    }

    private static HttpFetchSettings httpFetch(Config node, ToolSettings defaults) {
        String where = "tools.builtins.http_fetch";
        onlyKeys(node, where, Set.of("timeout-ms", "max-output-bytes", "allowed-hosts", "max-redirects"));
        List<String> hosts = strings(node.get("allowed-hosts"), where + ".allowed-hosts");
        hosts.forEach(host -> HostPattern.check(host, where + ".allowed-hosts"));
        return guarded(where, () -> new HttpFetchSettings(
                settings(node, defaults, where), hosts,
                number(node.get("max-redirects"), where).orElse((long) DEFAULT_MAX_REDIRECTS).intValue()));
    }

    private static List<McpServerConfig> mcpServers(Config list, ToolSettings defaults) {
        if (!list.exists()) {
            return List.of();
        }
        if (list.type() != Config.Type.LIST) {
            throw new IllegalStateException("tools.mcp-servers must be a list of servers");
        }
        List<McpServerConfig> servers = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (Config node : list.asNodeList().orElse(List.of())) {
            McpServerConfig server = mcpServer(node, defaults);
            if (!labels.add(server.label())) {
                throw new IllegalStateException("tools.mcp-servers: the label " + server.label()
                                                        + " is used by more than one server");
            }
            servers.add(server);
        }
        return servers;
    }

    private static McpServerConfig mcpServer(Config node, ToolSettings defaults) {
        String index = "tools.mcp-servers[" + node.name() + "]";
        String label = node.get("label").asString().orElseThrow(
                () -> new IllegalStateException(index + " has no label"));
        String where = index + " (" + label + ")";
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalStateException(where + ": a label is 1 to 32 letters, digits or '-'");
        }
        if (label.equalsIgnoreCase(BUILTIN_LABEL)) {
            throw new IllegalStateException(where + ": the label " + BUILTIN_LABEL + " is reserved for the built-ins");
        }
        String transport = node.get("transport").asString().orElseThrow(
                () -> new IllegalStateException(where + " has no transport (stdio or streamable-http)"));
        return switch (transport) {
            case "stdio" -> {
                onlyKeys(node, where, Set.of("label", "transport", "command", "env", "timeout-ms", "max-output-bytes"));
                List<String> command = strings(node.get("command"), where + ".command");
                if (command.isEmpty() || command.getFirst().isBlank()) {
                    throw new IllegalStateException(where + ": command must name the program to start");
                }
                yield new McpServerConfig.Stdio(label, command, values(node.get("env"), where + ".env", ENV_NAME),
                                                settings(node, defaults, where));
            }
            case "streamable-http" -> {
                onlyKeys(node, where, Set.of("label", "transport", "url", "headers", "timeout-ms", "max-output-bytes"));
                URI url = url(node.get("url"), where);
                yield new McpServerConfig.StreamableHttp(label, url,
                                                         values(node.get("headers"), where + ".headers", HEADER_NAME),
                                                         settings(node, defaults, where));
            }
            default -> throw new IllegalStateException(where + ": unknown transport " + transport
                                                               + " (stdio or streamable-http)");
        };
    }

    private static URI url(Config node, String where) {
        String text = node.asString().orElseThrow(() -> new IllegalStateException(where + " has no url"));
        try {
            URI url = new URI(text);
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalStateException(where + ": url must be an http or https URL, was " + text);
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(where + ": url is not a URL: " + text, e);
        }
    }

    // A map of names to plain values or { from-env: NAME }.
    private static Map<String, ConfiguredValue> values(Config node, String where, Pattern names) {
        Map<String, ConfiguredValue> values = new LinkedHashMap<>();
        if (!node.exists()) {
            return values;
        }
        if (node.type() != Config.Type.OBJECT) {
            throw new IllegalStateException(where + " must be a map of names to values");
        }
        for (Config entry : node.asNodeList().orElse(List.of())) {
            String name = entry.name();
            if (!names.matcher(name).matches()) {
                throw new IllegalStateException(where + ": " + name + " is not a valid name");
            }
            if (entry.type() == Config.Type.OBJECT) {
                onlyKeys(entry, where + "." + name, Set.of("from-env"));
                String variable = entry.get("from-env").asString().orElseThrow(() -> new IllegalStateException(
                        where + "." + name + " must be a value or { from-env: NAME }"));
                if (!ENV_NAME.matcher(variable).matches()) {
                    throw new IllegalStateException(where + "." + name + ": from-env names no valid variable");
                }
                values.put(name, new ConfiguredValue.FromEnv(variable));
            } else {
                values.put(name, new ConfiguredValue.Plain(entry.asString().orElse("")));
            }
        }
        return values;
    }

    private static ToolSettings settings(Config node, ToolSettings defaults, String where) {
        return guarded(where, () -> new ToolSettings(
                number(node.get("timeout-ms"), where).orElse(defaults.timeoutMs()),
                number(node.get("max-output-bytes"), where).orElse(defaults.maxOutputBytes())));
    }

    private static Optional<Long> number(Config node, String where) {
        try {
            return node.asLong().asOptional();
        } catch (ConfigException e) {
            throw new IllegalStateException(where + "." + node.name() + " must be a whole number", e);
        }
    }

    private static List<String> strings(Config node, String where) {
        if (!node.exists()) {
            return List.of();
        }
        try {
            return node.asList(String.class).orElse(List.of());
        } catch (ConfigException e) {
            throw new IllegalStateException(where + " must be a list of strings", e);
        }
    }

    // A built-in listed with {} is offered: such a node may read as an empty value rather than an object.
    private static Optional<Config> present(Config node) {
        return node.exists() ? Optional.of(node) : Optional.empty();
    }

    private static void onlyKeys(Config node, String where, Set<String> known) {
        if (!node.exists() || node.type() != Config.Type.OBJECT) {
            return;
        }
        for (Config child : node.asNodeList().orElse(List.of())) {
            if (!known.contains(child.name())) {
                throw new IllegalStateException(where + ": unknown key " + child.name() + " (known: "
                                                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static <T> T guarded(String where, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }
}
