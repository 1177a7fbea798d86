package io.polybridge.security;

import io.polybridge.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured static API tokens, kept as SHA-256 digests and matched in constant time: every token is compared,
 * digests of equal length, so neither the answer's timing nor an early exit tells how much of a guess was right.
 */
final class ApiTokens {

    /** A token's name and role; the value itself is not kept. */
    record Match(String name, BridgeConfig.Security.Role role) {}

    private record Entry(Match match, byte[] digest) {}

    private final List<Entry> entries;

    ApiTokens(Map<String, BridgeConfig.Security.Token> tokens) {
        this.entries = tokens.entrySet().stream()
                .map(e -> new Entry(
                        new Match(e.getKey(), e.getValue().role()),
                        digest(e.getValue().value().get())))
                .toList();
    }

    Optional<Match> match(String presented) {
        byte[] digest = digest(presented);
        Match found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.match();
            }
        }
        return Optional.ofNullable(found);
    }

    int size() {
        return entries.size();
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
