package ai.novai.gateway.keys;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The grammar of a key's {@code allowed_tools} entries: {@code <server_label>__<tool>} grants one tool,
 * {@code <server_label>__*} every tool of that server (built-ins are the server {@code novai}).
 */
public final class ToolGrants {

    /** Separates a tool's server label from its own name in the function name offered to models. */
    public static final String SEPARATOR = "__";
    private static final Pattern GRANT = Pattern.compile("[a-zA-Z0-9-]{1,32}__([a-zA-Z0-9_-]{1,60}|\\*)");

    private ToolGrants() {
    }

    /** Whether an entry follows the grammar. */
    public static boolean isWellFormed(String grant) {
        return GRANT.matcher(grant).matches();
    }

    /** Whether these grants allow the tool {@code tool} of the server {@code serverLabel}. */
    public static boolean allows(List<String> grants, String serverLabel, String tool) {
        String prefix = serverLabel + SEPARATOR;
        return grants.contains(prefix + "*") || grants.contains(prefix + tool);
    }
}
