package ai.novai.tools.builtin;

import java.net.InetAddress;

import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.spi.DnsResolver;

/**
 * The resolver of one {@code http_fetch} request: whatever host the client asks for, the address the
 * {@link FetchPolicy} checked. The client still names the host (Host header, TLS SNI and certificate check),
 * but connects where the check allowed, with no second DNS look-up that could answer differently.
 */
final class PinnedAddress implements DnsResolver {

    private final InetAddress address;

    PinnedAddress(InetAddress address) {
        this.address = address;
    }

    @Override
    public boolean useDefaultJavaResolver() {
        return false;
    }

    @Override
    public InetAddress resolveAddress(String hostname, DnsAddressLookup lookup) {
        return address;
    }
}
