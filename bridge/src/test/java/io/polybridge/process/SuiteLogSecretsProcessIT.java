package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polybridge.support.ApiTokens;
import io.polybridge.support.SimulatorResource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * R6 over the whole in-JVM suite: it runs before the process tests and logs every fault it injects (outage, rate
 * limits, bad input, timeouts, rebalances, Basic auth, every caller of the HTTP API) at DEBUG into one file. Neither
 * Polytomic credential may be in it, nor a token of the HTTP API, static or JWT.
 */
class SuiteLogSecretsProcessIT {

    static final Path SUITE_LOG = Path.of("target", "test-bridge.log");

    @Test
    void noCredentialInAnythingTheSuiteLogged() throws Exception {
        assumeTrue(Files.exists(SUITE_LOG), "the in-JVM suite did not run in this build");
        String log = Files.readString(SUITE_LOG);
        System.out.printf("R6 secrets: %d KiB of suite log scanned%n", log.length() / 1024);
        // The log must hold what we look in: the faults the suite injected and the Basic-auth run.
        assertThat(log)
                .contains("circuit breaker open")
                .contains("Dead-lettering record")
                .contains("Polytomic rejected the configured credential")
                .contains("JWTs of");
        assertThat(log)
                .doesNotContain(SimulatorResource.API_KEY)
                .doesNotContain(SimulatorResource.ORG_KEY)
                .doesNotContain(ApiTokens.OPERATOR)
                .doesNotContain(ApiTokens.READER)
                .doesNotContainPattern(ApiTokens.JWT);
    }
}
