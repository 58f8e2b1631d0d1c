package ai.novai.tools.builtin;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to its addresses: the system's resolver in the service, a table in tests (which
 * must show that a permitted name resolving to a private address is refused without a DNS server).
 */
@FunctionalInterface
public interface HostResolver {

    /** The system's resolver. */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /**
     * Every address of a host (an IP literal resolves to itself).
     *
     * @param host the host
     * @return its addresses, at least one
     * @throws UnknownHostException when it has none
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
