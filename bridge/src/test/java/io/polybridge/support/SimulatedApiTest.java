package io.polybridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.polytomic.ApiCircuitBreaker;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests that run the application against the simulator: each test starts from an empty
 * simulator and a closed breaker, and ends by checking that every exchange it caused fits the Polytomic contract and
 * that the bridge never sent one Idempotency-Key with two different requests (the API would answer the second from
 * the first's record). Subclasses declare {@code @QuarkusTest} with {@link KafkaBrokerResource} and
 * {@link SimulatorResource}.
 */
public abstract class SimulatedApiTest {

    @InjectSimulator
    protected PolytomicSimulator simulator;

    @InjectSimulator
    protected ContractRecorder contract;

    @Inject
    protected ApiCircuitBreaker breaker;

    /** The management interface: health and metrics. */
    @TestHTTPResource(value = "/", management = true)
    protected URL management;

    @BeforeEach
    void startFromACleanSimulator() {
        simulator.reset();
        breaker.reset();
        contract.clear();
    }

    /** A request to the management interface. */
    protected RequestSpecification management() {
        return Management.given(management);
    }

    @AfterEach
    void everyExchangeFitsTheContract() {
        contract.assertClean();
    }

    @AfterEach
    void everyIdempotencyKeyNamedOneRequest() {
        Map<String, Set<String>> requestsByKey = new TreeMap<>();
        for (JournalEntry e : simulator.journal().entries()) {
            if (e.idempotencyKey() != null) {
                requestsByKey
                        .computeIfAbsent(e.idempotencyKey(), k -> new TreeSet<>())
                        .add(e.method() + " " + e.path() + " " + e.body());
            }
        }
        assertThat(requestsByKey)
                .as("Idempotency-Keys sent with more than one request")
                .allSatisfy((key, requests) -> assertThat(requests).as(key).hasSize(1));
    }
}
