package io.polybridge.support;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimulatorOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the Polytomic simulator on a free port and points the bridge's REST client at it with a Bearer key. Every
 * exchange is validated against the trimmed API contract. Tests get the simulator and the contract recorder through
 * fields annotated {@link InjectSimulator}.
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-api-key-0b5d3c";
    public static final String ORG_ID = "9a1c7e52-2f0b-4d43-9c55-6f1e2d3c4b5a";
    public static final String ORG_KEY = "test-org-key-77aa";

    /** Resource argument: {@code basic} points the bridge at the simulator with Basic auth instead of a Bearer key. */
    public static final String AUTH = "auth";

    /** Resource argument: {@code revoked} starts the simulator with every credential revoked (each call answers 401). */
    public static final String CREDENTIALS = "credentials";

    private PolytomicSimulator simulator;
    private boolean basicAuth;
    private boolean revoked;
    private final ContractRecorder contract = new ContractRecorder();

    @Override
    public void init(Map<String, String> initArgs) {
        basicAuth = "basic".equals(initArgs.get(AUTH));
        revoked = "revoked".equals(initArgs.get(CREDENTIALS));
    }

    @Override
    public Map<String, String> start() {
        simulator = PolytomicSimulator.start(
                SimulatorOptions.defaults().withApiKey(API_KEY).withBasic(ORG_ID, ORG_KEY));
        simulator.addObserver(contract);
        if (revoked) {
            simulator.revokeCredentials();
        }
        if (basicAuth) {
            return Map.of(
                    "quarkus.rest-client.polytomic.url",
                    simulator.baseUrl(),
                    "bridge.polytomic.api-key",
                    "",
                    "bridge.polytomic.organization-id",
                    ORG_ID,
                    "bridge.polytomic.organization-key",
                    ORG_KEY);
        }
        return Map.of("quarkus.rest-client.polytomic.url", simulator.baseUrl(), "bridge.polytomic.api-key", API_KEY);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                simulator, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, PolytomicSimulator.class));
        injector.injectIntoFields(
                contract, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, ContractRecorder.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
