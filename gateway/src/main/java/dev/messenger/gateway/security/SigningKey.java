package dev.messenger.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.messenger.gateway.MessengerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RSA key that signs and verifies access tokens: from configuration ({@code MESSENGER_JWT_SIGNING_KEY}), else
 * generated once for the installation and shared by every node through the database ({@link GeneratedKeys}). A
 * key an earlier version kept in the data directory becomes the shared one, so its tokens stay valid.
 */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey load(AuthProperties auth, MessengerProperties messenger, GeneratedKeys generated) {
        try {
            if (auth.signingKey() != null && !auth.signingKey().isBlank()) {
                return RSAKey.parse(auth.signingKey());
            }
            Path earlier = messenger.dataDir().resolve("keys").resolve("jwt-signing-key.json");
            String candidate = Files.exists(earlier) ? Files.readString(earlier) : null;
            return RSAKey.parse(generated.shared("jwt-signing-key", () -> candidate != null ? candidate : newKeyJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or store the token signing key", e);
        } catch (ParseException e) {
            throw new IllegalStateException("the token signing key is not a valid RSA JWK", e);
        }
    }

    /** A new RSA private JWK, as {@code MESSENGER_JWT_SIGNING_KEY} takes it. */
    static String newKeyJson() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
