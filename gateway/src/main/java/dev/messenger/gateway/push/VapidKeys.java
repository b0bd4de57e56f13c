package dev.messenger.gateway.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.messenger.gateway.MessengerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The application server's P-256 key pair of VAPID (RFC 8292): from configuration ({@code MESSENGER_VAPID_PUBLIC_KEY},
 * the uncompressed point in base64url, and {@code MESSENGER_VAPID_PRIVATE_KEY}, PKCS#8 in base64url), else
 * generated once for the installation and shared by every node through the database (a pair an earlier version kept
 * in {@code $MESSENGER_DATA_DIR/keys/vapid.json} becomes the shared one). Every node must use the same pair: browsers
 * bind a subscription to the public key.
 */
@Component
public class VapidKeys {

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;
    private final String publicKeyBase64Url;

    public VapidKeys(PushProperties properties, MessengerProperties messenger, dev.messenger.gateway.security.GeneratedKeys generated) {
        String configuredPublic = properties.vapidPublicKey();
        String configuredPrivate = properties.vapidPrivateKey();
        if (isSet(configuredPublic) != isSet(configuredPrivate)) {
            throw new IllegalStateException("set both MESSENGER_VAPID_PUBLIC_KEY and MESSENGER_VAPID_PRIVATE_KEY, or neither");
        }
        if (!isSet(configuredPublic)) {
            Map<String, String> stored = shared(messenger.dataDir().resolve("keys").resolve("vapid.json"), generated);
            configuredPublic = stored.get("publicKey");
            configuredPrivate = stored.get("privateKey");
        }
        this.publicKeyBase64Url = configuredPublic;
        this.publicKey = WebPush.publicKey(Base64.getUrlDecoder().decode(configuredPublic));
        try {
            this.privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getUrlDecoder().decode(configuredPrivate)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("MESSENGER_VAPID_PRIVATE_KEY is not a PKCS#8 P-256 key in base64url", e);
        }
    }

    /** The public key as browsers take it ({@code applicationServerKey}): the uncompressed point, base64url. */
    public String publicKeyBase64Url() {
        return publicKeyBase64Url;
    }

    ECPublicKey publicKey() {
        return publicKey;
    }

    ECPrivateKey privateKey() {
        return privateKey;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static Map<String, String> shared(Path earlier, dev.messenger.gateway.security.GeneratedKeys generated) {
        ObjectMapper json = new ObjectMapper();
        try {
            String candidate = Files.exists(earlier) ? Files.readString(earlier) : null;
            String value = generated.shared("vapid-keys", () -> candidate != null ? candidate : generate(json));
            return json.readValue(value, json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the VAPID key pair", e);
        }
    }

    private static String generate(ObjectMapper json) {
        try {
            return json.writeValueAsString(newPair());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new pair as configuration takes it: publicKey (the uncompressed point) and privateKey (PKCS#8), base64url. */
    public static Map<String, String> newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return Map.of(
                    "publicKey", Base64.getUrlEncoder().withoutPadding().encodeToString(WebPush.uncompressed((ECPublicKey) pair.getPublic())),
                    "privateKey", Base64.getUrlEncoder().withoutPadding().encodeToString(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
