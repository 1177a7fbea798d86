package io.polybridge.status;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.BulkStatusSummary;
import io.polybridge.polytomic.ModelSyncStatus;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads execution status from the API in the cheapest shapes it offers: bulk syncs in batches through the list-status
 * call, model syncs one call each with bounded concurrency.
 */
@ApplicationScoped
class StatusSource {

    private final PolytomicClient client;

    StatusSource(PolytomicClient client) {
        this.client = client;
    }

    /** One list-status call; the map holds only the syncs the API answered for. */
    Uni<Map<String, Observation>> bulk(List<String> syncIds) {
        return client.bulkSyncStatuses(syncIds).map(StatusSource::summaries);
    }

    /** One list-status call for the organization's bulk syncs, all or active only. */
    Uni<Map<String, Observation>> organization(boolean activeOnly) {
        return client.bulkSyncStatusesOfOrganization(activeOnly).map(StatusSource::summaries);
    }

    /** One status call per model sync, at most {@code concurrency} in flight. */
    Uni<Map<String, Observation>> model(List<String> syncIds, int concurrency) {
        return Multi.createFrom()
                .iterable(syncIds)
                .onItem()
                .transformToUni(id -> client.modelSyncStatus(id).map(r -> Map.entry(id, r)))
                .merge(concurrency)
                .collect()
                .asList()
                .map(answers -> {
                    Map<String, Observation> seen = new HashMap<>();
                    for (var answer : answers) {
                        if (answer.getValue().ok()) {
                            seen.put(
                                    answer.getKey(),
                                    ofModelStatus(answer.getValue().body()));
                        }
                    }
                    return seen;
                });
    }

    /** A single execution, to publish the end of one that finished between polls. */
    Uni<Optional<Observation>> execution(SyncKind kind, String syncId, String executionId) {
        if (kind == SyncKind.MODEL) {
            return client.modelExecution(syncId, executionId)
                    .map(r -> r.ok() ? Optional.of(Observation.ofModel(r.body())) : Optional.empty());
        }
        return client.bulkExecution(syncId, executionId)
                .map(r -> r.ok() ? Optional.of(Observation.ofBulk(r.body())) : Optional.empty());
    }

    private static Observation ofModelStatus(ModelSyncStatus status) {
        if (status == null) {
            return null;
        }
        if (status.currentExecution() != null) {
            return Observation.ofModel(status.currentExecution());
        }
        return status.lastExecution() == null ? null : Observation.ofModel(status.lastExecution());
    }

    private static Map<String, Observation> summaries(ApiResult<List<BulkStatusSummary>> result) {
        Map<String, Observation> seen = new HashMap<>();
        if (result.ok() && result.body() != null) {
            for (BulkStatusSummary summary : result.body()) {
                if (summary.syncId() != null) {
                    seen.put(summary.syncId().toLowerCase(), Observation.ofSummary(summary));
                }
            }
        }
        return seen;
    }
}
