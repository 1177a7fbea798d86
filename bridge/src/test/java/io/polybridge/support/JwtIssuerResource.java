package io.polybridge.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * An identity provider for tests: an RSA key pair made here, its public key written where the bridge reads it, and
 * tokens signed with it (or with a stranger's key). Turns on JWT authentication for the test class that uses it.
 */
public class JwtIssuerResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://idp.example.test/realms/platform";
    private static final KeyPair KEYS = rsa();
    private static final KeyPair STRANGER = rsa();

    @Override
    public Map<String, String> start() {
        Path key = Path.of("target", "jwt-test-issuer.pem").toAbsolutePath();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Files.createDirectories(key.getParent());
            Files.writeString(key, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "bridge.security.jwt.enabled",
                "true",
                "bridge.security.jwt.issuer",
                ISSUER,
                "bridge.security.jwt.key-location",
                key.toUri().toString());
    }

    @Override
    public void stop() {}

    /** A valid token of the test issuer, for a caller with these groups. */
    public static String token(String... groups) {
        return Jwt.issuer(ISSUER)
                .upn("ci@example.test")
                .groups(Set.of(groups))
                .expiresIn(300)
                .sign(KEYS.getPrivate());
    }

    /** Claims the test issuer would make, signed by a key the bridge does not trust. */
    public static String foreignToken(String... groups) {
        return Jwt.issuer(ISSUER)
                .upn("ci@example.test")
                .groups(Set.of(groups))
                .expiresIn(300)
                .sign(STRANGER.getPrivate());
    }

    /** A token of the trusted key whose issuer is another one. */
    public static String otherIssuerToken(String... groups) {
        return Jwt.issuer("https://elsewhere.example.test")
                .upn("ci@example.test")
                .groups(Set.of(groups))
                .expiresIn(300)
                .sign(KEYS.getPrivate());
    }

    /** A token of the test issuer that expired ten minutes ago. */
    public static String expiredToken(String... groups) {
        Instant issued = Instant.now().minusSeconds(1200);
        return Jwt.issuer(ISSUER)
                .upn("ci@example.test")
                .groups(Set.of(groups))
                .issuedAt(issued)
                .expiresAt(issued.plusSeconds(600))
                .sign(KEYS.getPrivate());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
