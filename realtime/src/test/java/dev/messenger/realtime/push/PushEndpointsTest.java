package dev.messenger.realtime.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the production settings, a subscription endpoint can only make the gateway call a push service. */
class PushEndpointsTest {

    private final PushEndpoints production = new PushEndpoints(List.of(), false, false);

    @Test
    void theBrowsersPushServicesAreAccepted() {
        for (String endpoint : List.of("https://fcm.googleapis.com/fcm/send/abc:APA91b", "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
                "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA", "https://web.push.apple.com/QGuQyavXu")) {
            assertThat(production.parse(endpoint)).isEqualTo(URI.create(endpoint));
        }
    }

    @Test
    void anyOtherHostSchemePortOrUserInfoIsRefused() {
        for (String endpoint : List.of("https://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/latest/meta-data",
                "https://metadata.google.internal/computeMetadata/v1/", "https://[::1]/x", "http://fcm.googleapis.com/fcm/send/x",
                "https://fcm.googleapis.com:8443/fcm/send/x", "https://user:pass@fcm.googleapis.com/x",
                "https://fcm.googleapis.com.evil.example/x", "https://evilfcm.googleapis.com/x", "https://push.services.mozilla.com.evil/x",
                "ftp://fcm.googleapis.com/x", "not a url", "https:///x")) {
            assertThatThrownBy(() -> production.parse(endpoint)).as(endpoint).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anAllowedHostThatResolvesInsideThePrivateNetworkIsRefused() {
        // "localhost" allowed by a careless configuration still resolves to loopback: refused before any request
        PushEndpoints careless = new PushEndpoints(List.of("localhost", "127.0.0.1"), false, false);
        assertThatThrownBy(() -> careless.requirePublic(careless.parse("https://localhost/x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> careless.requirePublic(careless.parse("https://127.0.0.1/x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateLinkLocalAndReservedAddressesAreNotPublic() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
            assertThat(PushEndpoints.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : List.of("142.250.74.106", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2607:f8b0:4004:c07::5f", "::ffff:8.8.8.8")) {
            assertThat(PushEndpoints.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }
}
