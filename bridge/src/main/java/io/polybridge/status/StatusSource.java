package io.polybridge.status;

import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.BulkStatusSummary;
import io.polybridge.polytomic.BulkSyncStatus;
import io.polybridge.polytomic.ModelSyncStatus;
import io.polybridge.polytomic.Outcome;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.polytomic.SyncKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads execution status from the API in the cheapest shapes it offers: bulk syncs in batches through the list-status
 * call, model syncs one call each with bounded concurrency. Only a sync's own status call can say it is gone.
 */
@ApplicationScoped
class StatusSource {

    private final PolytomicClient client;

    StatusSource(PolytomicClient client) {
        this.client = client;
    }

    /**
     * What one round of calls saw: observations by sync; the syncs the API says do not exist, each with the answer
     * that said so; and the bulk syncs a list-status answer did not account for, which the single-sync call must
     * confirm before anything ends.
     */
    record Polled(Map<String, Observation> seen, Map<String, String> gone, Set<String> unconfirmed) {

        static Polled empty() {
            return new Polled(new HashMap<>(), new HashMap<>(), new HashSet<>());
        }

        void add(Polled other) {
            seen.putAll(other.seen);
            gone.putAll(other.gone);
            unconfirmed.addAll(other.unconfirmed);
            unconfirmed.removeAll(seen.keySet());
            unconfirmed.removeAll(gone.keySet());
        }
    }

    /**
     * One list-status call. Neither a 404 nor a sync left out of a 200 says which syncs are gone (the docs are silent
     * on asks that mix known and unknown IDs): those syncs are only unconfirmed, for {@link #bulkEach}.
     */
    Uni<Polled> bulk(List<String> syncIds) {
        return client.bulkSyncStatuses(syncIds).map(result -> {
            Map<String, Observation> seen = summaries(result);
            Set<String> unconfirmed = new HashSet<>();
            if (result.ok() || result.outcome() == Outcome.NOT_FOUND) {
                syncIds.stream().filter(id -> !seen.containsKey(id)).forEach(unconfirmed::add);
            }
            return new Polled(seen, new HashMap<>(), unconfirmed);
        });
    }

    /**
     * One single-sync status call per bulk sync, at most {@code concurrency} in flight: what it sees, or a 404 that
     * says the sync is gone.
     */
    Uni<Polled> bulkEach(List<String> syncIds, int concurrency) {
        return Multi.createFrom()
                .iterable(syncIds)
                .onItem()
                .transformToUni(id -> client.bulkSyncStatus(id).map(r -> Map.entry(id, r)))
                .merge(concurrency)
                .collect()
                .asList()
                .map(answers -> {
                    Polled polled = Polled.empty();
                    for (var answer : answers) {
                        ApiResult<BulkSyncStatus> result = answer.getValue();
                        if (result.ok()) {
                            polled.seen().put(answer.getKey(), ofBulkStatus(result.body()));
                        } else if (result.outcome() == Outcome.NOT_FOUND) {
                            polled.gone()
                                    .put(
                                            answer.getKey(),
                                            "GET /api/bulk/syncs/" + answer.getKey() + "/status answered "
                                                    + result.describe());
                        }
                    }
                    return polled;
                });
    }

    /** One list-status call for the organization's bulk syncs, all or active only. */
    Uni<Polled> organization(boolean activeOnly) {
        return client.bulkSyncStatusesOfOrganization(activeOnly)
                .map(result -> new Polled(summaries(result), new HashMap<>(), new HashSet<>()));
    }

    /** One status call per model sync, at most {@code concurrency} in flight. */
    Uni<Polled> model(List<String> syncIds, int concurrency) {
        return Multi.createFrom()
                .iterable(syncIds)
                .onItem()
                .transformToUni(id -> client.modelSyncStatus(id).map(r -> Map.entry(id, r)))
                .merge(concurrency)
                .collect()
                .asList()
                .map(answers -> {
                    Polled polled = Polled.empty();
                    for (var answer : answers) {
                        if (answer.getValue().ok()) {
                            polled.seen()
                                    .put(
                                            answer.getKey(),
                                            ofModelStatus(answer.getValue().body()));
                        } else if (answer.getValue().outcome() == Outcome.NOT_FOUND) {
                            polled.gone()
                                    .put(
                                            answer.getKey(),
                                            "GET /api/syncs/" + answer.getKey() + "/status answered "
                                                    + answer.getValue().describe());
                        }
                    }
                    return polled;
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

    private static Observation ofBulkStatus(BulkSyncStatus status) {
        if (status == null) {
            return null;
        }
        if (status.currentExecution() != null) {
            return Observation.ofBulk(status.currentExecution());
        }
        return status.lastExecution() == null ? null : Observation.ofBulk(status.lastExecution());
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
