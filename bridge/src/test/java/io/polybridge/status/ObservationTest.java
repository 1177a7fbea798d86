package io.polybridge.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.polytomic.BulkExecution;
import io.polybridge.polytomic.BulkStatusSummary;
import io.polybridge.polytomic.ExecutionStatus;
import io.polybridge.polytomic.ModelExecution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An execution without a status is observed as one whose status is not known, never as a failure to observe. */
class ObservationTest {

    static final String EXEC = "7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c";

    @Test
    void aModelExecutionWithoutAStatusIsObservedWithNone() {
        Observation seen = Observation.ofModel(new ModelExecution(EXEC, null, "manual", null, null, null, null, null));
        assertThat(seen.executionId()).isEqualTo(EXEC);
        assertThat(seen.status()).isNull();
    }

    @Test
    void aBulkExecutionWithoutAStatusIsObservedWithNone() {
        BulkExecution.Schema schema =
                new BulkExecution.Schema("contact", "contact", null, null, 1L, 0L, 0L, null, null, null, null);
        BulkExecution execution = new BulkExecution(
                EXEC,
                null,
                null,
                "manual",
                false,
                false,
                false,
                "none",
                "retain",
                1L,
                0L,
                0L,
                null,
                null,
                null,
                null,
                List.of(schema));

        Observation seen = Observation.ofBulk(execution);

        assertThat(seen.status()).isNull();
        assertThat(seen.schemas()).singleElement().satisfies(s -> assertThat(s.status())
                .isNull());
    }

    @Test
    void aListSummaryWithoutAStatusIsObservedWithNone() {
        BulkStatusSummary summary = new BulkStatusSummary(
                "248df4b7-aa70-47b8-a036-33ac447e668d",
                null,
                null,
                List.of(new BulkStatusSummary.Schema(
                        "contact", EXEC, ExecutionStatus.of("42"), null, 1L, 0L, 0L, null, null)));
        Observation seen = Observation.ofSummary(summary);
        assertThat(seen.status()).isNull();
        assertThat(seen.schemas()).singleElement().satisfies(s -> assertThat(s.status())
                .isEqualTo("42"));
    }
}
