package ai.novai.tools.builtin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Addresses a fetch must not reach unless an operator listed the host exactly: loopback, private,
 * link-local (cloud metadata at 169.254.169.254 included), unspecified, multicast, shared (CGNAT) and
 * reserved ranges, IPv6 unique-local, and IPv6 forms that embed such an IPv4 address (mapped, compatible,
 * NAT64, 6to4).
 */
final class SpecialAddresses {

    private static final List<Block> BLOCKS = List.of(
            Block.of("0.0.0.0", 8, "unspecified"),
            Block.of("10.0.0.0", 8, "private"),
            Block.of("100.64.0.0", 10, "shared (carrier-grade NAT)"),
            Block.of("127.0.0.0", 8, "loopback"),
            Block.of("169.254.0.0", 16, "link-local"),
            Block.of("172.16.0.0", 12, "private"),
            Block.of("192.0.0.0", 24, "reserved"),
            Block.of("192.168.0.0", 16, "private"),
            Block.of("198.18.0.0", 15, "reserved (benchmarking)"),
            Block.of("224.0.0.0", 4, "multicast"),
            Block.of("240.0.0.0", 4, "reserved"),
            Block.of("::", 128, "unspecified"),
            Block.of("::1", 128, "loopback"),
            Block.of("fc00::", 7, "unique-local (private)"),
            Block.of("fe80::", 10, "link-local"),
            Block.of("fec0::", 10, "site-local (private)"),
            Block.of("ff00::", 8, "multicast"));

    private SpecialAddresses() {
    }

    /**
     * What kind of special address this is, or empty for an ordinary public address.
     *
     * @param address an address
     */
    static Optional<String> kind(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Optional<InetAddress> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return kind(embedded.get()).map(kind -> kind + " (embedded in IPv6)");
            }
        }
        byte[] bytes = address.getAddress();
        for (Block block : BLOCKS) {
            if (block.contains(bytes)) {
                return Optional.of(block.kind());
            }
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("non-public");
        }
        return Optional.empty();
    }

    // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64), 2002:aabb:ccdd:: (6to4)
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean zeroPrefix = allZero(v6, 0, 10);
        boolean mapped = zeroPrefix && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && v6[10] == 0 && v6[11] == 0 && !allZero(v6, 12, 16)
                && !(allZero(v6, 12, 15) && v6[15] <= 1);
        boolean nat64 = (v6[0] & 0xff) == 0x00 && (v6[1] & 0xff) == 0x64 && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(v4(Arrays.copyOfRange(v6, 12, 16)));
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return Optional.of(v4(Arrays.copyOfRange(v6, 2, 6)));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("four bytes are an IPv4 address", e);
        }
    }

    private record Block(byte[] network, int prefix, String kind) {

        static Block of(String literal, int prefix, String kind) {
            try {
                // a literal: no lookup
                return new Block(InetAddress.getByName(literal).getAddress(), prefix, kind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
