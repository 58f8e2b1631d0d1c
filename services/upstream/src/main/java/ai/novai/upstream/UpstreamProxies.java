package ai.novai.upstream;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.webclient.api.Proxy;

/**
 * The proxy to reach a provider's host through, decided once per scheme, host and port from the JVM's proxy
 * settings ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...; none: direct). Helidon's default, the system
 * proxy, asked the JVM's proxy selector again on every request (a URI parsed and the selector's lists walked: about
 * 3 % of inference's CPU), although the answer for a host never changes while the JVM runs. Only HTTP proxies are
 * used, as Helidon's client supports no other kind. A provider talks to a handful of hosts, so the decisions are few.
 */
final class UpstreamProxies {

    private static final int MAX_HOSTS = 256;

    private final Map<String, Proxy> byOrigin = new ConcurrentHashMap<>();

    /** The proxy for requests to this URI's origin: {@link Proxy#noProxy()} when it is reached directly. */
    Proxy of(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        Proxy known = byOrigin.get(origin);
        if (known != null) {
            return known;
        }
        Proxy decided = decide(uri);
        if (byOrigin.size() < MAX_HOSTS) {
            byOrigin.putIfAbsent(origin, decided);
        }
        return decided;
    }

    private static Proxy decide(URI uri) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return Proxy.noProxy();
        }
        return selector.select(uri).stream()
                .filter(proxy -> proxy.type() == java.net.Proxy.Type.HTTP)
                .map(proxy -> proxy.address() instanceof InetSocketAddress address ? Optional.of(address)
                        : Optional.<InetSocketAddress>empty())
                .flatMap(Optional::stream)
                .findFirst()
                .map(address -> Proxy.builder()
                        .type(Proxy.ProxyType.HTTP)
                        .host(address.getHostString())
                        .port(address.getPort())
                        .build())
                .orElse(Proxy.noProxy());
    }
}
