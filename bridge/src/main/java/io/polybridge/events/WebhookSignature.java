package io.polybridge.events;

import io.polybridge.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a delivery's {@code Polytomic-Signature}: the HMAC of the raw body keyed by the webhook's secret. The docs name
 * neither the hash nor the encoding, so both are settings (HMAC-SHA256, hex by default). Compared in constant time
 * ({@link MessageDigest#isEqual}) on the decoded bytes, so that neither timing nor letter case gives anything away.
 */
final class WebhookSignature {

    private final String algorithm;
    private final BridgeConfig.Webhook.SignatureEncoding encoding;
    private final SecretKeySpec key;

    WebhookSignature(String secret, String algorithm, BridgeConfig.Webhook.SignatureEncoding encoding) {
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm);
        mac(); // an unknown algorithm fails at start-up, not at the first delivery
    }

    /** Whether {@code signature} is the body's; false for a blank or undecodable one. */
    boolean matches(byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = encoding == BridgeConfig.Webhook.SignatureEncoding.HEX
                    ? HexFormat.of().parseHex(signature.strip())
                    : Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException notEncoded) {
            return false;
        }
        return MessageDigest.isEqual(mac().doFinal(body), given);
    }

    /** The signature of a body, written as the webhook writes it (tests and the dev stack sign with it). */
    String sign(byte[] body) {
        byte[] digest = mac().doFinal(body);
        return encoding == BridgeConfig.Webhook.SignatureEncoding.HEX
                ? HexFormat.of().formatHex(digest)
                : Base64.getEncoder().encodeToString(digest);
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bridge.webhook.signature-algorithm " + algorithm + " is not usable", e);
        }
    }
}
