package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A status field that is missing, null or not a string is read as an unknown or absent status, never as an unreadable
 * answer: one odd execution must not fail (and retry, and count against the breaker) a call about many syncs.
 */
class ExecutionStatusReadingTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ResponseMapper mapper = new ResponseMapper(json);

    /** How each odd status field reads: null for none, else the value kept as text. */
    static Stream<Arguments> oddStatuses() {
        return Stream.of(
                Arguments.of("\"status\":null,", null),
                Arguments.of("", null),
                Arguments.of("\"status\":42,", "42"),
                Arguments.of("\"status\":true,", "true"),
                Arguments.of("\"status\":{\"code\":\"running\"},", "{\"code\":\"running\"}"),
                Arguments.of("\"status\":[\"running\"],", "[\"running\"]"),
                Arguments.of("\"status\":\"RUNNING\",", "RUNNING"));
    }

    private <T> T read(String body, JavaType type) {
        ApiResult<T> result = mapper.map(200, body, name -> null, type);
        assertThat(result.outcome()).as(result.describe() + " for " + body).isEqualTo(Outcome.OK);
        return result.body();
    }

    private static String value(ExecutionStatus status) {
        return status == null ? null : status.value();
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("oddStatuses")
    void aModelStatusAnswerIsRead(String field, String expected) {
        String execution = "{\"id\":\"7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c\"," + field + "\"type\":\"manual\"}";
        ModelSyncStatus status = read(
                "{\"data\":{\"current_execution\":" + execution + ",\"last_execution\":" + execution + "}}",
                json.constructType(ModelSyncStatus.class));
        assertThat(value(status.currentExecution().status())).isEqualTo(expected);
        assertThat(value(status.lastExecution().status())).isEqualTo(expected);

        ModelExecution single = read("{\"data\":" + execution + "}", json.constructType(ModelExecution.class));
        assertThat(value(single.status())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("oddStatuses")
    void aBulkExecutionAndItsSchemasAreRead(String field, String expected) {
        String execution = "{\"id\":\"7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c\"," + field
                + "\"schemas\":[{\"schema\":\"contact\"," + field + "\"record_count\":1}]}";
        BulkSyncStatus status =
                read("{\"data\":{\"current_execution\":" + execution + "}}", json.constructType(BulkSyncStatus.class));
        assertThat(value(status.currentExecution().status())).isEqualTo(expected);
        assertThat(value(status.currentExecution().schemas().get(0).status())).isEqualTo(expected);

        BulkExecution single = read("{\"data\":" + execution + "}", json.constructType(BulkExecution.class));
        assertThat(value(single.status())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("oddStatuses")
    void aListStatusAnswerIsReadForEverySync(String field, String expected) {
        String odd = "{\"sync_id\":\"248df4b7-aa70-47b8-a036-33ac447e668d\"," + field
                + "\"schemas\":[{\"schema\":\"contact\",\"execution_id\":\"7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c\","
                + field + "\"record_count\":1}]}";
        String fine = "{\"sync_id\":\"0b5d3c11-4b8d-4f1e-a9c3-6d5e2f8b1a7c\",\"status\":\"running\",\"schemas\":[]}";
        List<BulkStatusSummary> summaries = read(
                "{\"data\":[" + odd + "," + fine + "]}",
                json.getTypeFactory().constructCollectionType(List.class, BulkStatusSummary.class));

        assertThat(summaries).hasSize(2);
        assertThat(value(summaries.get(0).status())).isEqualTo(expected);
        assertThat(value(summaries.get(0).schemas().get(0).status())).isEqualTo(expected);
        assertThat(summaries.get(1).status().is(KnownStatus.RUNNING)).isTrue();
        ExecutionStatus odd0 = summaries.get(0).status();
        assertThat(odd0 == null || odd0.known().isEmpty())
                .as("never read as a known status")
                .isTrue();
    }
}
