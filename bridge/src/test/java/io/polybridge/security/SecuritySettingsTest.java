package io.polybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import io.polybridge.config.BridgeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up rules: a setting that cannot work, or an HTTP API open by accident, stops the bridge with a reason. */
class SecuritySettingsTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void noAuthenticationConfiguredRefusesToStartUnlessTurnedOff() {
        assertThat(problems(Map.of()))
                .singleElement()
                .asString()
                .contains("no way to authenticate", "BRIDGE_SECURITY_ENABLED=false");
        assertThat(problems(Map.of("bridge.security.enabled", "false"))).isEmpty();
    }

    @Test
    void staticTokensMustBeLongAndDistinct() {
        assertThat(problems(Map.of(
                        "bridge.security.tokens.ci.value",
                        TOKEN,
                        "bridge.security.tokens.ci.role",
                        "operator",
                        "bridge.security.tokens.grafana.value",
                        TOKEN.replace('0', 'x'),
                        "bridge.security.tokens.grafana.role",
                        "reader")))
                .isEmpty();
        assertThat(problems(Map.of(
                        "bridge.security.tokens.ci.value", "short", "bridge.security.tokens.ci.role", "operator")))
                .singleElement()
                .asString()
                .contains("bridge.security.tokens.ci.value", "at least 32");
        assertThat(problems(Map.of(
                        "bridge.security.tokens.a.value",
                        TOKEN,
                        "bridge.security.tokens.a.role",
                        "operator",
                        "bridge.security.tokens.b.value",
                        TOKEN,
                        "bridge.security.tokens.b.role",
                        "reader")))
                .singleElement()
                .asString()
                .contains("same as the token of");
    }

    @Test
    void jwtNeedsAnIssuerAndKeysItCanRead() throws IOException {
        assertThat(problems(Map.of("bridge.security.jwt.enabled", "true")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("bridge.security.jwt.issuer"))
                .anySatisfy(p -> assertThat(p).contains("bridge.security.jwt.key-location"));
        assertThat(problems(Map.of(
                        "bridge.security.jwt.enabled", "true",
                        "bridge.security.jwt.issuer", "https://idp.example.test",
                        "bridge.security.jwt.key-location", "file:/nonexistent/keys.pem")))
                .singleElement()
                .asString()
                .contains("cannot be read");
        Path key = Files.createTempFile("jwks", ".json");
        try {
            assertThat(problems(Map.of(
                            "bridge.security.jwt.enabled", "true",
                            "bridge.security.jwt.issuer", "https://idp.example.test",
                            "bridge.security.jwt.key-location", key.toString())))
                    .isEmpty();
        } finally {
            Files.delete(key);
        }
        assertThat(problems(Map.of(
                        "bridge.security.jwt.enabled", "true",
                        "bridge.security.jwt.issuer", "https://idp.example.test",
                        "bridge.security.jwt.key-location", "https://idp.example.test/jwks")))
                .isEmpty();
    }

    @Test
    void devModeRunsWithAuthenticationOnAndValidTokensForBothRoles() throws IOException {
        BridgeConfig dev = profile("dev");
        assertThat(dev.security().enabled()).isTrue();
        assertThat(SecuritySettings.problems(dev.security())).isEmpty();
        assertThat(dev.security().tokens().values())
                .extracting(BridgeConfig.Security.Token::role)
                .containsExactlyInAnyOrder(BridgeConfig.Security.Role.OPERATOR, BridgeConfig.Security.Role.READER);
        // And production runs with it on, and no way in: it refuses to start until one is configured.
        assertThat(SecuritySettings.problems(profile("prod").security()))
                .singleElement()
                .asString()
                .contains("no way to authenticate");
    }

    @Test
    void roleNamesAreTheOnesTheEndpointsAllow() {
        assertThat(BridgeConfig.Security.Role.OPERATOR.roleName()).isEqualTo(Roles.OPERATOR);
        assertThat(BridgeConfig.Security.Role.READER.roleName()).isEqualTo(Roles.READER);
    }

    private static java.util.List<String> problems(Map<String, String> settings) {
        return SecuritySettings.problems(TestConfigs.bridge(settings).security());
    }

    /** The bridge's settings as application.properties gives them in a profile. */
    private static BridgeConfig profile(String profile) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        SecuritySettingsTest.class.getResource("/application.properties"), 250))
                .withMapping(BridgeConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMappingIgnore("bridge.**")
                .build();
        return config.getConfigMapping(BridgeConfig.class);
    }
}
