package dev.messenger.gateway.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.gateway.MessengerProperties;
import dev.messenger.gateway.account.Account;
import dev.messenger.gateway.account.AccountRepository;
import dev.messenger.gateway.security.GeneratedKeys;
import dev.messenger.realtime.push.PushProperties;
import dev.messenger.realtime.push.SenderNames;
import dev.messenger.realtime.push.VapidKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the push relay ({@code realtime}) needs from this installation: its VAPID pair and the senders' names. */
@Configuration(proxyBeanMethods = false)
public class PushWiring {

    /**
     * From configuration ({@code MESSENGER_VAPID_PUBLIC_KEY}, the uncompressed point in base64url, and
     * {@code MESSENGER_VAPID_PRIVATE_KEY}, PKCS#8 in base64url), else generated once for the installation and shared by
     * every node through the database (a pair an earlier version kept in {@code $MESSENGER_DATA_DIR/keys/vapid.json}
     * becomes the shared one).
     */
    @Bean
    VapidKeys vapidKeys(PushProperties properties, MessengerProperties messenger, GeneratedKeys generated) {
        String configuredPublic = properties.vapidPublicKey();
        String configuredPrivate = properties.vapidPrivateKey();
        if (isSet(configuredPublic) != isSet(configuredPrivate)) {
            throw new IllegalStateException("set both MESSENGER_VAPID_PUBLIC_KEY and MESSENGER_VAPID_PRIVATE_KEY, or neither");
        }
        if (isSet(configuredPublic)) {
            return new VapidKeys(configuredPublic, configuredPrivate);
        }
        Map<String, String> shared = shared(messenger.dataDir().resolve("keys").resolve("vapid.json"), generated);
        return new VapidKeys(shared.get("publicKey"), shared.get("privateKey"));
    }

    @Bean
    SenderNames senderNames(AccountRepository accounts) {
        return userIds -> accounts.findByIds(userIds).map(found -> found.stream()
                .filter(account -> account.displayName() != null)
                .collect(Collectors.toMap(Account::userId, Account::displayName)));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static Map<String, String> shared(Path earlier, GeneratedKeys generated) {
        ObjectMapper json = new ObjectMapper();
        try {
            String candidate = Files.exists(earlier) ? Files.readString(earlier) : null;
            String value = generated.shared("vapid-keys", () -> candidate != null ? candidate : write(json, VapidKeys.newPair()));
            return json.readValue(value, json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the VAPID key pair", e);
        }
    }

    private static String write(ObjectMapper json, Map<String, String> pair) {
        try {
            return json.writeValueAsString(pair);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
