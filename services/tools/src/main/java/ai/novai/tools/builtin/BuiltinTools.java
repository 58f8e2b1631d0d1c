package ai.novai.tools.builtin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.novai.tools.catalog.ToolAdmission;
import ai.novai.tools.catalog.ToolDefinition;
import ai.novai.tools.catalog.ToolSource;
import ai.novai.tools.config.ToolsConfig;
import ai.novai.tools.config.ToolsRegistry;

/**
 * The service's own tools, labelled {@value ToolsRegistry#BUILTIN_LABEL}: those the registry's
 * {@code tools.builtins} lists.
 */
public final class BuiltinTools implements ToolSource {

    private final Map<String, ToolDefinition> tools;

    private BuiltinTools(List<ToolDefinition> tools) {
        this.tools = new LinkedHashMap<>();
        tools.forEach(tool -> this.tools.put(tool.tool(), tool));
    }

    /**
     * The built-ins the configuration lists.
     *
     * @param config   the registry's {@code tools} section
     * @param resolver resolves the hosts {@code http_fetch} reaches
     * @param clock    the clock of {@code current_time}
     */
    public static BuiltinTools create(ToolsConfig config, HostResolver resolver, Clock clock) {
        List<ToolDefinition> tools = new ArrayList<>();
        config.currentTime().flatMap(limits -> ToolAdmission.admit(
                ToolsRegistry.BUILTIN_LABEL, CurrentTimeTool.NAME, CurrentTimeTool.DESCRIPTION,
                CurrentTimeTool.SCHEMA, limits, List.of(), new CurrentTimeTool(clock))).ifPresent(tools::add);
        config.httpFetch().flatMap(fetch -> ToolAdmission.admit(
                ToolsRegistry.BUILTIN_LABEL, HttpFetchTool.NAME, HttpFetchTool.DESCRIPTION,
                HttpFetchTool.SCHEMA, fetch.limits(), fetch.allowedHosts(), new HttpFetchTool(fetch, resolver)))
                .ifPresent(tools::add);
        return new BuiltinTools(tools);
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String label() {
        return ToolsRegistry.BUILTIN_LABEL;
    }

    @Override
    public Collection<ToolDefinition> tools() {
        return tools.values();
    }

    @Override
    public Optional<ToolDefinition> find(String tool) {
        return Optional.ofNullable(tools.get(tool));
    }
}
