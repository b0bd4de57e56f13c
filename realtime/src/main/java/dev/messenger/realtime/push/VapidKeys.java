package dev.messenger.realtime.push;

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

/**
 * The application server's P-256 key pair of VAPID (RFC 8292): the uncompressed public point and the PKCS#8 private
 * key, both in base64url. Every node must use the same pair, since browsers bind a subscription to the public key;
 * where the pair comes from (configuration, or one generated for the installation) is the gateway's wiring.
 */
public class VapidKeys {

    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;
    private final String publicKeyBase64Url;

    public VapidKeys(String publicKeyBase64Url, String privateKeyBase64Url) {
        this.publicKeyBase64Url = publicKeyBase64Url;
        try {
            this.publicKey = WebPush.publicKey(Base64.getUrlDecoder().decode(publicKeyBase64Url));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the VAPID public key is not an uncompressed P-256 point in base64url", e);
        }
        try {
            this.privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getUrlDecoder().decode(privateKeyBase64Url)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the VAPID private key is not a PKCS#8 P-256 key in base64url", e);
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
