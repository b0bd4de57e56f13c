package dev.messenger.realtime.push;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where the gateway may send a Web Push request: only to a push service's host, never to an address inside the
 * network it runs in. A subscription endpoint is a URL a user chose; without this, any https URL would make
 * the gateway call it (server-side request forgery: loopback, the pod network, a cloud metadata service).
 * <ul>
 *   <li>https on the default port, no user info, and a host on the allowlist (an entry {@code *.example.com}
 *       allows its subdomains; the default lists the browsers' push services);</li>
 *   <li>every address the host resolves to is public: not loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
 *       link-local (169.254/16, where metadata services live; fe80::/10), carrier-grade NAT (100.64/10),
 *       multicast, unspecified or reserved; checked when subscribing and again before every send;</li>
 *   <li>redirects are never followed (the sender's HTTP client does not follow them; a 3xx drops the push).</li>
 * </ul>
 * Only a development setting ({@code allow-http-endpoints} with {@code allow-private-addresses}) relaxes the
 * last two, for a receiver on localhost in tests.
 */
public final class PushEndpoints {

    /** Chrome, Edge and Opera (Firebase), Firefox (Mozilla autopush), Windows (WNS) and Safari (Apple). */
    public static final List<String> PUSH_SERVICES = List.of("fcm.googleapis.com", "*.push.services.mozilla.com",
            "*.notify.windows.com", "web.push.apple.com", "*.push.apple.com");

    private final List<String> allowedHosts;
    private final boolean allowHttp;
    private final boolean allowPrivateAddresses;

    public PushEndpoints(List<String> allowedHosts, boolean allowHttp, boolean allowPrivateAddresses) {
        this.allowedHosts = allowedHosts == null || allowedHosts.isEmpty() ? PUSH_SERVICES
                : allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
        this.allowHttp = allowHttp;
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** The endpoint as a URI the gateway may call; IllegalArgumentException (with what is wrong) otherwise. */
    public URI parse(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint must be the push service's https URL");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean http = "http".equals(uri.getScheme()) && allowHttp;
        if ((!https && !http) || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must be the push service's https URL");
        }
        if (!allowHttp && uri.getPort() != -1 && uri.getPort() != 443) {
            throw new IllegalArgumentException("endpoint must be on the push service's https port");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowedHosts.stream().noneMatch(allowed -> allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed))) {
            throw new IllegalArgumentException("endpoint's host is not a push service this server sends to");
        }
        return uri;
    }

    /**
     * Resolves the endpoint's host (blocking: call it off the event loop) and refuses it when any address is not
     * public; IllegalArgumentException otherwise, also when the host does not resolve.
     */
    public void requirePublic(URI endpoint) {
        if (allowPrivateAddresses) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(endpoint.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("endpoint's host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new IllegalArgumentException("endpoint's host resolves to an address inside a private network");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0                                   // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19))        // benchmarking
                    && first < 224;                             // multicast and reserved (240/4), broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mappedV4 = true; // ::ffff:a.b.c.d is the IPv4 address it carries
            for (int i = 0; i < 10; i++) {
                mappedV4 &= bytes[i] == 0;
            }
            if (mappedV4 && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
