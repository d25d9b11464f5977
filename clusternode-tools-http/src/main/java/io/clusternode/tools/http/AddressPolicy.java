package io.clusternode.tools.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses the HTTP tool may connect to: public ones always; loopback, private (RFC 1918, IPv6
 * unique-local), link-local (including the cloud metadata address 169.254.169.254), carrier-grade NAT,
 * unspecified and multicast ones only when allow-listed by host name, address or CIDR range. Checked on the
 * addresses a name resolves to, so a public name pointing at a private address is refused too.
 */
final class AddressPolicy {

    /** A connection the policy refuses; OkHttp reports it as the failure to resolve the host. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private static final Range CARRIER_NAT = range("100.64.0.0/10");
    private static final Range THIS_NETWORK = range("0.0.0.0/8");

    private final List<String> hosts = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();

    /**
     * @param allowed host names, IP addresses or CIDR ranges (e.g. {@code 127.0.0.1}, {@code localhost},
     *        {@code 10.0.0.0/8}) that may be private
     * @throws IllegalArgumentException for a malformed range
     */
    AddressPolicy(List<String> allowed) {
        for (String entry : allowed) {
            String value = entry.strip().toLowerCase(Locale.ROOT);
            if (value.contains("/")) {
                ranges.add(range(value));
            } else if (isLiteral(value)) {
                ranges.add(range(value + (value.contains(":") ? "/128" : "/32")));
            } else {
                hosts.add(value);
            }
        }
    }

    /** Refuses a host's address unless it is public or allow-listed. */
    void check(String host, InetAddress address) throws Refused {
        String why = privateKind(address);
        if (why == null || hosts.contains(host.toLowerCase(Locale.ROOT))
                || ranges.stream().anyMatch(range -> range.contains(address))) {
            return;
        }
        throw new Refused("the address of " + host + " (" + address.getHostAddress() + ") is " + why
                + ", which the HTTP tool refuses unless it is allow-listed (allow: [" + host + "])");
    }

    /** What makes an address non-public, or null for a public address. */
    static String privateKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isAnyLocalAddress() || address instanceof Inet4Address && THIS_NETWORK.contains(address)) {
            return "an unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address && CARRIER_NAT.contains(address)) {
            return "a carrier-grade NAT address";
        }
        if (address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC) {
            return "a private address";
        }
        return null;
    }

    static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
                || host.contains(":");
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        String address = cidr.substring(0, slash);
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("allow-list range '" + cidr + "' is not an IP address range");
        }
        try {
            byte[] network = InetAddress.getByName(address).getAddress();
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("allow-list range '" + cidr + "' has an invalid prefix length");
            }
            return new Range(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("allow-list range '" + cidr + "' is not an IP address range");
        }
    }
}
