package dev.messenger.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.messenger.gateway.MessengerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/** The RSA key that signs and verifies access tokens: from configuration, else generated and persisted. */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey load(AuthProperties auth, MessengerProperties messenger) {
        try {
            if (auth.signingKey() != null && !auth.signingKey().isBlank()) {
                return RSAKey.parse(auth.signingKey());
            }
            Path file = messenger.dataDir().resolve("keys").resolve("jwt-signing-key.json");
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file));
            }
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "jwt", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(temp, key.toJSONString());
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or store the token signing key", e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the token signing key is not a valid RSA JWK", e);
        }
    }
}
