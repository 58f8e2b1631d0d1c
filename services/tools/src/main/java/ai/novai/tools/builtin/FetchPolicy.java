package ai.novai.tools.builtin;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ai.novai.tools.config.HostPattern;

/**
 * Decides whether {@code http_fetch} may request a URL, and at which address: the URL must be http or https
 * without credentials, its host on the allow-list, and every address the host resolves to public, unless
 * the host is listed exactly (an operator who lists {@code localhost} means it). The address returned is
 * the one checked; the request connects to it, so a DNS answer that changes in between cannot redirect it.
 */
final class FetchPolicy {

    private final List<String> allowedHosts;
    private final HostResolver resolver;

    FetchPolicy(List<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = List.copyOf(allowedHosts);
        this.resolver = resolver;
    }

    /**
     * The verdict on one URL (the first, or a redirect's target).
     *
     * @param url the URL
     */
    Verdict check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Verdict.Refused("only http and https URLs may be fetched: " + url);
        }
        if (url.getRawUserInfo() != null) {
            return new Verdict.Refused("a URL with credentials (user@host) may not be fetched");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return new Verdict.Refused("the URL has no host: " + url);
        }
        String host = normalized(url.getHost());
        Optional<String> entry = allowedHosts.stream().filter(allowed -> HostPattern.matches(allowed, host))
                .filter(HostPattern::isExact).findFirst()
                .or(() -> allowedHosts.stream().filter(allowed -> HostPattern.matches(allowed, host)).findFirst());
        if (entry.isEmpty()) {
            return new Verdict.Refused(allowedHosts.isEmpty()
                    ? "http_fetch may reach no host: its allowed-hosts list is empty"
                    : "the host " + host + " is not on http_fetch's allowed-hosts");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Verdict.Refused("the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            return new Verdict.Refused("the host " + host + " does not resolve");
        }
        if (!HostPattern.isExact(entry.get())) {
            for (InetAddress address : addresses) {
                Optional<String> kind = SpecialAddresses.kind(address);
                if (kind.isPresent()) {
                    return new Verdict.Refused("the host " + host + " resolves to " + address.getHostAddress()
                                                       + ", a " + kind.get() + " address: refused unless the "
                                                       + "host is listed exactly in allowed-hosts");
                }
            }
        }
        return new Verdict.Allowed(host, addresses[0]);
    }

    // lower case, without IPv6 brackets or a trailing root dot (example.com. is example.com)
    private static String normalized(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A verdict on a URL. */
    sealed interface Verdict {

        /**
         * The URL may be fetched, from this address.
         *
         * @param host    the host as checked
         * @param address the address to connect to
         */
        record Allowed(String host, InetAddress address) implements Verdict {
        }

        /**
         * The URL may not be fetched.
         *
         * @param reason which rule refused it, for the model
         */
        record Refused(String reason) implements Verdict {
        }
    }
}
