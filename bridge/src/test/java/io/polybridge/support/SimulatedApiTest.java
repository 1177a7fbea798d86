package io.polybridge.support;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.polytomic.ApiCircuitBreaker;
import io.polybridge.simulator.PolytomicSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests that run the application against the simulator: each test starts from an empty
 * simulator and a closed breaker, and ends by checking that every exchange it caused fits the Polytomic contract.
 * Subclasses declare {@code @QuarkusTest} with {@link KafkaBrokerResource} and {@link SimulatorResource}.
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
}
