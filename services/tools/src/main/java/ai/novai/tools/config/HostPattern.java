package ai.novai.tools.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An entry of {@code http_fetch}'s {@code allowed-hosts}: an exact host name or IP literal
 * ({@code api.example.com}, {@code 127.0.0.1}), or a suffix pattern ({@code *.example.com}, which matches
 * {@code a.example.com} and {@code a.b.example.com} but not {@code example.com}).
 */
public final class HostPattern {

    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-f:.]{2,45}]?");

    private HostPattern() {
    }

    /**
     * Refuses an entry that is neither a host name, an IP literal, nor a {@code *.} suffix pattern.
     *
     * @param entry the entry
     * @param where where it was written, for the message
     */
    public static void check(String entry, String where) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(lower).matches() && !IPV6.matcher(lower).matches()) {
            throw new IllegalStateException(where + ": " + entry + " is not a host name, an IP address or *.domain");
        }
    }

    /**
     * Whether a host is on a list.
     *
     * @param entry an entry of the list
     * @param host  the host of a URL, lower case
     * @return whether it matches
     */
    public static boolean matches(String entry, String host) {
        String lower = strip(entry.toLowerCase(Locale.ROOT));
        if (lower.startsWith("*.")) {
            return host.endsWith(lower.substring(1)) && host.length() > lower.length() - 1;
        }
        return lower.equals(strip(host));
    }

    /** Whether an entry names one host exactly (not a pattern). */
    public static boolean isExact(String entry) {
        return !entry.startsWith("*.");
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
