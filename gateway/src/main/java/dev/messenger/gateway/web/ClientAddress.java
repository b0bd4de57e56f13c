package dev.messenger.gateway.web;

import java.net.InetAddress;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address a request came from, for per-address limits. Behind an ingress every connection comes from the ingress,
 * so {@code X-Forwarded-For} is read, but only what trusted proxies ({@code MESSENGER_TRUSTED_PROXIES}, addresses or
 * CIDR ranges) appended: walking the list from the right, the first address that is not a trusted proxy is the
 * client. Anything a client wrote into the header itself lies to the left of that and is ignored; with no trusted
 * proxies the header is never read, so nobody picks their own address.
 */
@Component
public class ClientAddress {

    /** An address range: the first {@code bits} bits of {@code network}. */
    private record Range(byte[] network, int bits) {
        static Range parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text);
            }
            return new Range(network, parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;

    public ClientAddress(@Value("${messenger.trusted-proxies:}") List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Range::parse).toList();
    }

    public String of(ServerHttpRequest request) {
        String peer = request.getRemoteAddress() == null || request.getRemoteAddress().getAddress() == null ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getOrDefault("X-Forwarded-For", List.of());
        String client = peer;
        // every header line, every comma-separated hop, right to left
        for (int line = forwarded.size() - 1; line >= 0; line--) {
            String[] hops = forwarded.get(line).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!isAddress(hop)) {
                    return client; // not an address: what is left of it cannot be trusted either
                }
                client = hop;
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    private static boolean isAddress(String text) {
        return literal(text) != null;
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null (never a name: nothing here may cause a DNS lookup). */
    private static byte[] literal(String text) {
        if (text.isEmpty() || text.length() > 45 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress(); // a literal: parsed, not resolved
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
