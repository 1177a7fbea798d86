package io.polybridge.status;

import io.polybridge.polytomic.BulkExecution;
import io.polybridge.polytomic.BulkStatusSummary;
import io.polybridge.polytomic.ExecutionCounts;
import io.polybridge.polytomic.ExecutionStatus;
import io.polybridge.polytomic.ModelExecution;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one poll saw of a sync's execution of interest: the running one, else the last one. {@code status} is null when
 * the answer had none (missing or JSON null).
 */
public record Observation(
        String executionId,
        String status,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        Long recordCount,
        Long errorCount,
        Long warningCount,
        String statusMessage,
        List<SchemaStatus> schemas) {

    static Observation ofModel(ModelExecution e) {
        ExecutionCounts counts = e.counts();
        String message = e.errors() == null || e.errors().isEmpty() ? null : String.join("; ", e.errors());
        return new Observation(
                e.id(),
                valueOf(e.status()),
                e.startedAt(),
                e.completedAt(),
                counts == null ? null : counts.total(),
                counts == null ? null : counts.error(),
                counts == null ? null : counts.warnings(),
                message,
                List.of());
    }

    static Observation ofBulk(BulkExecution e) {
        List<SchemaStatus> schemas = e.schemas() == null
                ? List.of()
                : e.schemas().stream()
                        .map(s -> new SchemaStatus(
                                s.schema(),
                                e.id(),
                                valueOf(s.status()),
                                s.statusMessage(),
                                s.recordCount(),
                                s.errorCount(),
                                s.warningCount(),
                                s.startedAt(),
                                s.completedAt()))
                        .toList();
        return new Observation(
                e.id(),
                valueOf(e.status()),
                e.startedAt(),
                e.completedAt(),
                e.recordCount(),
                e.errorCount(),
                e.warningCount(),
                e.statusMessage(),
                schemas);
    }

    /**
     * From the list-status summary, which has no execution ID of its own: the execution is the one most of its schemas
     * belong to; counts are summed over those schemas.
     */
    static Observation ofSummary(BulkStatusSummary s) {
        List<BulkStatusSummary.Schema> rows = s.schemas() == null ? List.of() : s.schemas();
        String execution = rows.stream()
                .map(BulkStatusSummary.Schema::executionId)
                .filter(id -> id != null && !id.isBlank())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
        List<BulkStatusSummary.Schema> own = rows.stream()
                .filter(r -> execution != null && execution.equals(r.executionId()))
                .toList();
        List<SchemaStatus> schemas = own.stream()
                .map(r -> new SchemaStatus(
                        r.schema(),
                        r.executionId(),
                        valueOf(r.status()),
                        r.statusMessage(),
                        r.recordCount(),
                        r.errorCount(),
                        r.warningCount(),
                        r.startedAt(),
                        r.completedAt()))
                .toList();
        OffsetDateTime started = own.stream()
                .map(BulkStatusSummary.Schema::startedAt)
                .filter(t -> t != null)
                .min(OffsetDateTime::compareTo)
                .orElse(null);
        boolean allDone = !own.isEmpty() && own.stream().allMatch(r -> r.completedAt() != null);
        OffsetDateTime completed = allDone
                ? own.stream()
                        .map(BulkStatusSummary.Schema::completedAt)
                        .max(OffsetDateTime::compareTo)
                        .orElse(null)
                : null;
        return new Observation(
                execution,
                valueOf(s.status()),
                started,
                completed,
                sum(own, BulkStatusSummary.Schema::recordCount),
                sum(own, BulkStatusSummary.Schema::errorCount),
                sum(own, BulkStatusSummary.Schema::warningCount),
                null,
                schemas);
    }

    /** A status the answer left out or set to null is no status: the tracker waits for one it can read. */
    private static String valueOf(ExecutionStatus status) {
        return status == null ? null : status.value();
    }

    private static Long sum(List<BulkStatusSummary.Schema> rows, Function<BulkStatusSummary.Schema, Long> field) {
        return rows.stream().map(field).filter(v -> v != null).reduce(Long::sum).orElse(null);
    }
}
