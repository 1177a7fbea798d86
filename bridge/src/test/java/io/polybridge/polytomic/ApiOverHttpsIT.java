package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.contract.ContractRecorder;
import io.polybridge.simulator.JournalEntry;
import io.polybridge.simulator.PolytomicSimulator;
import io.polybridge.simulator.SimSync;
import io.polybridge.support.InjectSimulator;
import io.polybridge.support.KafkaBrokerResource;
import io.polybridge.support.SimulatorResource;
import io.polybridge.support.TlsFront;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API over HTTPS whose certificate no public CA signed (a self-hosted deployment behind a private CA): the bridge
 * trusts it through the named Quarkus TLS configuration {@code bridge.polytomic.tls-configuration-name} points at, and
 * every header and body crosses unchanged.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(
        value = SimulatorResource.class,
        initArgs = @ResourceArg(name = SimulatorResource.TRANSPORT, value = "https"))
class ApiOverHttpsIT {

    @InjectSimulator
    PolytomicSimulator simulator;

    @InjectSimulator
    ContractRecorder contract;

    @InjectSimulator
    TlsFront front;

    @Inject
    PolytomicClient client;

    @Test
    void callsTheApiOverHttpsWithTheNamedTrustStore() {
        SimSync sync = simulator.addModelSync(UUID.randomUUID(), false);
        int before = front.forwarded();

        ApiResult<ActivationResult> activated = client.activate(
                        SyncKind.MODEL, sync.id(), true, IdempotencyKey.fresh("key-https-0001"))
                .await()
                .atMost(Duration.ofSeconds(10));
        ApiResult<SyncDefinition> read =
                client.syncDefinition(SyncKind.MODEL, sync.id()).await().atMost(Duration.ofSeconds(10));

        assertThat(activated.ok()).as(activated.describe()).isTrue();
        assertThat(read.ok()).as(read.describe()).isTrue();
        assertThat(read.body().active()).isTrue();
        assertThat(front.forwarded()).as("exchanges through HTTPS").isGreaterThanOrEqualTo(before + 2);
        JournalEntry call = simulator.journal().mutations(sync.id()).get(0);
        assertThat(call.idempotencyKey()).isEqualTo("key-https-0001");
        assertThat(call.headers())
                .containsEntry("authorization", "Bearer")
                .containsEntry("x-polytomic-version", "2025-09-18");
        contract.assertClean();
    }
}
