package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.InjectSimulator;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.SimulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The organization-scoped Basic credential (organization ID + key) instead of a Bearer API key. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(
        value = SimulatorResource.class,
        initArgs = @ResourceArg(name = SimulatorResource.AUTH, value = "basic"))
class BasicAuthIT {

    @InjectSimulator
    PolytomicSimulator simulator;

    @InjectSimulator
    ContractRecorder contract;

    @Inject
    PolytomicClient client;

    @Test
    void callsWithBasicAuthAndTheVersionHeader() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);

        ApiResult<ActivationResult> result = client.activate(
                        SyncKind.MODEL, sync.id(), true, IdempotencyKey.fresh("key-basic-0001"))
                .await()
                .atMost(Duration.ofSeconds(10));

        assertThat(result.ok()).as(result.describe()).isTrue();
        JournalEntry call = simulator.journal().mutations(sync.id()).get(0);
        assertThat(call.headers())
                .containsEntry("authorization", "Basic")
                .containsEntry("x-polytomic-version", "2025-09-18");
        contract.assertClean();
    }
}
