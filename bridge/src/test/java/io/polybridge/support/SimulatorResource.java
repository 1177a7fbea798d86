package io.polybridge.support;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimulatorOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the Polytomic simulator on a free port and points the bridge's API client at it with a Bearer key. Every
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

    /**
     * Resource argument: {@code https} puts the simulator behind HTTPS with a self-signed certificate ({@link TlsFront})
     * and gives the bridge a named TLS configuration that trusts it.
     */
    public static final String TRANSPORT = "transport";

    /** The name of the TLS configuration {@code https} gives the bridge. */
    public static final String TLS_CONFIGURATION = "polytomic-api";

    private PolytomicSimulator simulator;
    private TlsFront front;
    private boolean https;
    private boolean basicAuth;
    private boolean revoked;
    private final ContractRecorder contract = new ContractRecorder();

    @Override
    public void init(Map<String, String> initArgs) {
        basicAuth = "basic".equals(initArgs.get(AUTH));
        revoked = "revoked".equals(initArgs.get(CREDENTIALS));
        https = "https".equals(initArgs.get(TRANSPORT));
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
                    "bridge.polytomic.url",
                    simulator.baseUrl(),
                    "bridge.polytomic.api-key",
                    "",
                    "bridge.polytomic.organization-id",
                    ORG_ID,
                    "bridge.polytomic.organization-key",
                    ORG_KEY);
        }
        if (https) {
            return overHttps();
        }
        return Map.of("bridge.polytomic.url", simulator.baseUrl(), "bridge.polytomic.api-key", API_KEY);
    }

    private Map<String, String> overHttps() {
        try {
            String password = "store-" + java.util.UUID.randomUUID();
            TestCertificates certificates =
                    TestCertificates.localhost(java.nio.file.Files.createTempDirectory("api-tls"), "api", password);
            front = new TlsFront(certificates, simulator.baseUrl());
            String tls = "quarkus.tls." + TLS_CONFIGURATION + ".trust-store.p12.";
            return Map.of(
                    "bridge.polytomic.url",
                    front.url(),
                    "bridge.polytomic.api-key",
                    API_KEY,
                    "bridge.polytomic.tls-configuration-name",
                    TLS_CONFIGURATION,
                    tls + "path",
                    certificates.truststore().toString(),
                    tls + "password",
                    password);
        } catch (Exception e) {
            throw new IllegalStateException("could not put the simulator behind HTTPS", e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                simulator, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, PolytomicSimulator.class));
        injector.injectIntoFields(
                contract, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, ContractRecorder.class));
        injector.injectIntoFields(
                front, new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, TlsFront.class));
    }

    @Override
    public void stop() {
        if (front != null) {
            front.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
