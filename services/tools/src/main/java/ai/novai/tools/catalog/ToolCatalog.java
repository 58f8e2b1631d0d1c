package ai.novai.tools.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tool of the service by its full name {@code <server_label>__<tool>}: the built-ins and each MCP
 * server's current list. Labels contain no {@code _}, so a name splits at its first {@code __}.
 */
public final class ToolCatalog {

    private final Map<String, ToolSource> sources = new LinkedHashMap<>();

    /**
     * A catalog of these sources.
     *
     * @param sources the sources, labels unique
     */
    public ToolCatalog(List<? extends ToolSource> sources) {
        for (ToolSource source : sources) {
            if (this.sources.putIfAbsent(source.label(), source) != null) {
                throw new IllegalStateException("two tool sources are labelled " + source.label());
            }
        }
    }

    /** Every source, built-ins first, then each server in the registry's order. */
    public Collection<ToolSource> sources() {
        return sources.values();
    }

    /** Every tool now, built-ins first, then each server's in the registry's order. */
    public List<ToolDefinition> list() {
        return sources.values().stream().flatMap(source -> source.tools().stream()).toList();
    }

    /**
     * A tool by the name the model called.
     *
     * @param name {@code <server_label>__<tool>}
     */
    public Optional<ToolDefinition> find(String name) {
        int separator = name.indexOf(ToolDefinition.SEPARATOR);
        if (separator <= 0) {
            return Optional.empty();
        }
        ToolSource source = sources.get(name.substring(0, separator));
        return source == null ? Optional.empty()
                : source.find(name.substring(separator + ToolDefinition.SEPARATOR.length()));
    }
}
