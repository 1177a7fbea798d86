package io.polybridge.security;

import io.polybridge.config.BridgeConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What is wrong with the HTTP API's security settings, in words an operator can act on; empty when nothing is. */
final class SecuritySettings {

    /** Shorter tokens are guessable; {@code openssl rand -hex 24} makes a good one. */
    static final int MIN_TOKEN_LENGTH = 32;

    private SecuritySettings() {}

    static List<String> problems(BridgeConfig.Security security) {
        List<String> problems = new ArrayList<>();
        if (!security.enabled()) {
            return problems;
        }
        Map<String, String> seen = new HashMap<>();
        security.tokens().forEach((name, token) -> {
            String value = token.value().get();
            String key = "bridge.security.tokens." + name + ".value";
            if (value == null || value.strip().length() < MIN_TOKEN_LENGTH) {
                problems.add(key + " must be at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
            } else if (!value.equals(value.strip())) {
                problems.add(key + " starts or ends with white space");
            } else if (seen.putIfAbsent(value, name) != null) {
                problems.add(key + " is the same as the token of " + seen.get(value) + ": give each its own");
            }
        });
        BridgeConfig.Security.Jwt jwt = security.jwt();
        if (jwt.enabled()) {
            if (blank(jwt.issuer())) {
                problems.add(
                        "bridge.security.jwt.enabled is true but bridge.security.jwt.issuer (BRIDGE_SECURITY_JWT_ISSUER)"
                                + " is not set: the issuer every token must carry");
            }
            if (blank(jwt.keyLocation())) {
                problems.add("bridge.security.jwt.enabled is true but bridge.security.jwt.key-location"
                        + " (BRIDGE_SECURITY_JWT_KEY_LOCATION) is not set: the issuer's JWKS URL or a PEM/JWKS file");
            } else {
                keyLocationProblem(jwt.keyLocation().get()).ifPresent(problems::add);
            }
        }
        if (security.tokens().isEmpty() && !jwt.enabled()) {
            problems.add("no way to authenticate callers of the HTTP API: configure static tokens"
                    + " (bridge.security.tokens.<name>.value and .role) or JWTs (bridge.security.jwt.*), or set"
                    + " BRIDGE_SECURITY_ENABLED=false to run it open to anyone who reaches the port");
        }
        return problems;
    }

    /** A file that is not there is found now rather than at the first request; a URL is fetched when first needed. */
    private static Optional<String> keyLocationProblem(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("classpath:")) {
            return Optional.empty();
        }
        Path file;
        try {
            file = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (RuntimeException e) {
            return Optional.of("bridge.security.jwt.key-location is neither a URL nor a file path: " + location);
        }
        return Files.isReadable(file)
                ? Optional.empty()
                : Optional.of("bridge.security.jwt.key-location names a file that cannot be read: " + file);
    }

    private static boolean blank(Optional<String> value) {
        return value.map(String::isBlank).orElse(true);
    }
}
