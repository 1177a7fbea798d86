package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.polybridge.simulator.Exchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

    static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";
    static final Map<String, String> HEADERS = Map.of("authorization", "Bearer", "x-polytomic-version", "2025-09-18");
    private final ContractValidator validator = new ContractValidator();

    private static Exchange exchange(String method, String path, String request, int status, String response) {
        return new Exchange(method, path, Map.of(), HEADERS, request, status, Map.of(), response);
    }

    @Test
    void acceptsValidExchanges() {
        assertThat(validator.validate(exchange(
                        "POST",
                        "/api/syncs/" + SYNC + "/activate",
                        "{\"active\":true}",
                        200,
                        "{\"data\":{\"id\":\"" + SYNC + "\",\"active\":true}}")))
                .isEmpty();
        assertThat(validator.validate(exchange(
                        "POST",
                        "/api/bulk/syncs/" + SYNC + "/cancel",
                        "",
                        200,
                        "{\"data\":{\"message\":\"Cancellation requested\"}}")))
                .isEmpty();
        assertThat(validator.validate(exchange(
                        "GET",
                        "/api/syncs/" + SYNC + "/status",
                        "",
                        200,
                        "{\"data\":{\"last_execution\":{\"id\":\"" + SYNC + "\",\"status\":\"completed\","
                                + "\"created_at\":\"2026-11-25T10:00:00Z\",\"completed_at\":null}}}")))
                .isEmpty();
        assertThat(validator.validate(new Exchange(
                        "GET",
                        "/api/bulk/syncs/status",
                        Map.of("sync_id", List.of(SYNC, SYNC)),
                        HEADERS,
                        "",
                        200,
                        Map.of(),
                        "{\"data\":[{\"sync_id\":\"" + SYNC + "\",\"nextExecutionTime\":null,\"schemas\":[]}]}")))
                .isEmpty();
        assertThat(validator.validate(exchange(
                        "POST",
                        "/api/syncs/" + SYNC + "/cancel",
                        "",
                        503,
                        "{\"status\":503,\"key\":\"unavailable\",\"message\":\"down\",\"metadata\":{}}")))
                .isEmpty();
    }

    @Test
    void reportsWhatIsWrong() {
        assertThat(validator.validate(
                        exchange("POST", "/api/syncs/" + SYNC + "/activate", "{\"active\":\"yes\"}", 0, "")))
                .singleElement()
                .asString()
                .contains("request")
                .contains("active");
        assertThat(validator.validate(exchange("POST", "/api/syncs/" + SYNC + "/explode", "", 0, "")))
                .singleElement()
                .asString()
                .contains("no such operation");
        assertThat(validator.validate(exchange("POST", "/api/syncs/not-a-uuid/cancel", "", 0, "")))
                .singleElement()
                .asString()
                .contains("not a UUID");
        assertThat(validator.validate(exchange("POST", "/api/syncs/" + SYNC + "/cancel", "", 418, "{}")))
                .singleElement()
                .asString()
                .contains("418 is not declared");
        assertThat(validator.validate(exchange("POST", "/api/syncs/" + SYNC + "/cancel", "", 200, "<html>")))
                .singleElement()
                .asString()
                .contains("not JSON");
        assertThat(validator.validate(exchange(
                        "GET",
                        "/api/syncs/" + SYNC + "/status",
                        "",
                        200,
                        "{\"data\":{\"current_execution\":{\"status\":\"paused_for_lunch\"}}}")))
                .singleElement()
                .asString()
                .contains("status");
        assertThat(validator.validate(new Exchange(
                        "POST", "/api/syncs/" + SYNC + "/cancel", Map.of(), Map.of(), "", 0, Map.of(), "")))
                .singleElement()
                .asString()
                .contains("Authorization");
    }
}
