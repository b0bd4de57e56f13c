package dev.messenger.gateway.security;

import dev.messenger.realtime.push.VapidKeys;
import java.util.Map;

/**
 * {@code ops/messenger keys}: a new token signing key and VAPID pair, printed as the environment lines of the
 * Kubernetes secret (or any other place several nodes read their configuration from). Nothing is stored.
 */
public final class NewKeys {

    private NewKeys() {
    }

    public static void main(String[] args) throws Exception {
        picocli.CommandLine cli = new picocli.CommandLine(new Command());
        int code = cli.execute(args);
        System.exit(code);
    }

    @picocli.CommandLine.Command(name = "keys", mixinStandardHelpOptions = true,
            description = "A new token signing key and VAPID pair, printed as the lines of the nodes' shared secret. Nothing is stored.")
    static final class Command implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            print();
            return 0;
        }
    }

    private static void print() throws Exception {
        String signing = SigningKey.newKeyJson();
        Map<String, String> vapid = VapidKeys.newPair();
        System.out.println("MESSENGER_JWT_SIGNING_KEY='" + signing + "'");
        System.out.println("MESSENGER_VAPID_PUBLIC_KEY='" + vapid.get("publicKey") + "'");
        System.out.println("MESSENGER_VAPID_PRIVATE_KEY='" + vapid.get("privateKey") + "'");
    }
}
