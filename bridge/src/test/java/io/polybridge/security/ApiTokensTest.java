package io.polybridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.command.TestConfigs;
import io.polybridge.config.BridgeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    static final String OPERATOR = "operator-token-0123456789abcdef01";
    static final String READER = "reader-token-0123456789abcdef0123";

    private final ApiTokens tokens = new ApiTokens(TestConfigs.bridge(Map.of(
                    "bridge.security.tokens.ci.value",
                    OPERATOR,
                    "bridge.security.tokens.ci.role",
                    "operator",
                    "bridge.security.tokens.grafana.value",
                    READER,
                    "bridge.security.tokens.grafana.role",
                    "READER"))
            .security()
            .tokens());

    @Test
    void aConfiguredTokenGivesItsNameAndRole() {
        assertThat(tokens.match(OPERATOR)).contains(new ApiTokens.Match("ci", BridgeConfig.Security.Role.OPERATOR));
        assertThat(tokens.match(READER)).contains(new ApiTokens.Match("grafana", BridgeConfig.Security.Role.READER));
    }

    @Test
    void nothingElseMatches() {
        assertThat(tokens.match("")).isEmpty();
        assertThat(tokens.match(OPERATOR.substring(0, OPERATOR.length() - 1))).isEmpty();
        assertThat(tokens.match(OPERATOR + "0")).isEmpty();
        assertThat(tokens.match(OPERATOR.toUpperCase())).isEmpty();
        assertThat(tokens.match(" " + OPERATOR)).isEmpty();
    }
}
