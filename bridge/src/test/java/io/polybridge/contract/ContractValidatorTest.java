package io.polybridge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polybridge.simulator.Exchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

    static final String SYNC = "248df4b7-aa70-47b8-a036-33ac447e668d";
    static final String EXEC = "7f3e9c2a-4b8d-4f1e-a9c3-6d5e2f8b1a7c";
    static final String T = "2025-10-01T12:00:00Z";
    static final String API_ERROR =
            "{\"status\":404,\"key\":\"not_found\",\"message\":\"no such sync\",\"metadata\":{}}";
    static final String MODEL_EXECUTION = "{\"id\":\"" + EXEC + "\",\"status\":\"running\",\"type\":\"manual\","
            + "\"created_at\":\"" + T + "\",\"started_at\":\"" + T + "\",\"completed_at\":null,\"errors\":[],"
            + "\"counts\":{\"total\":40,\"insert\":10,\"update\":30,\"upserts\":0,\"delete\":0,\"error\":0,\"warnings\":0}}";
    static final String BULK_EXECUTION = "{\"id\":\"" + EXEC + "\",\"status\":\"created\",\"type\":\"manual\","
            + "\"is_test\":false,\"is_resync\":false,\"is_partial\":true,\"fetch_mode\":\"none\","
            + "\"output_disposition\":\"retain\",\"record_count\":0,\"error_count\":0,\"warning_count\":0,"
            + "\"status_message\":\"\",\"created_at\":\"" + T + "\",\"updated_at\":\"" + T + "\","
            + "\"started_at\":null,\"completed_at\":null,\"schemas\":[{\"schema\":\"contact\",\"output_name\":\"contact\","
            + "\"status\":\"created\",\"status_message\":\"\",\"record_count\":0,\"error_count\":0,\"warning_count\":0,"
            + "\"created_at\":\"" + T + "\",\"updated_at\":\"" + T + "\",\"started_at\":null,\"completed_at\":null}]}";

    private final ContractValidator validator = new ContractValidator();

    /** A call with no answer yet (status 0), recorded as the simulator would: Bearer scheme, version header, JSON. */
    private static Call call(String method, String path) {
        return new Call(method, path, Map.of(), "", 0, "");
    }

    record Call(
            String method, String path, Map<String, List<String>> query, String request, int status, String response) {

        Call query(Map<String, List<String>> value) {
            return new Call(method, path, value, request, status, response);
        }

        Call sends(String body) {
            return new Call(method, path, query, body, status, response);
        }

        Call answers(int code, String body) {
            return new Call(method, path, query, request, code, body);
        }

        Exchange exchange() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("authorization", "Bearer");
            headers.put("x-polytomic-version", "2025-09-18");
            headers.put("idempotency-key", "key-0b5d3c11");
            if (!request.isEmpty()) {
                headers.put("content-type", "application/json");
            }
            Map<String, String> responseHeaders =
                    status == 0 ? Map.of() : Map.of("content-type", "application/json", "x-polytomic-version", "x");
            return new Exchange(method, path, query, headers, request, status, responseHeaders, response);
        }
    }

    private List<String> check(Call call) {
        return validator.validate(call.exchange());
    }

    private List<String> check(Exchange exchange) {
        return validator.validate(exchange);
    }

    @Test
    void acceptsWellFormedCallsOfEveryKind() {
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/activate")
                        .sends("{\"active\":true}")
                        .answers(200, "{\"data\":{\"id\":\"" + SYNC + "\",\"active\":true}}")))
                .isEmpty();
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/executions")
                        .sends("{\"identities\":null,\"resync\":false,\"test\":false}")
                        .answers(
                                200,
                                "{\"data\":{\"id\":\"" + EXEC + "\",\"status\":\"created\",\"created_at\":\"" + T
                                        + "\"}}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/status")
                        .answers(
                                200,
                                "{\"data\":{\"current_execution\":" + MODEL_EXECUTION + ",\"last_execution\":"
                                        + MODEL_EXECUTION + ",\"next_execution_time\":null}}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/executions/" + EXEC)
                        .answers(200, "{\"data\":" + MODEL_EXECUTION + "}")))
                .isEmpty();
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/executions")
                        .sends("{\"resync_mode\":\"refetch\",\"schemas\":[\"contact\"],\"fetch_mode\":\"none\"}")
                        .answers(200, "{\"data\":" + BULK_EXECUTION + "}")))
                .isEmpty();
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/executions/" + EXEC + "/cancel")
                        .answers(200, "{\"data\":{\"message\":\"cancellation requested\"}}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("sync_id", List.of(SYNC, EXEC)))
                        .answers(
                                200,
                                "{\"data\":[{\"sync_id\":\"" + SYNC + "\",\"status\":\"running\","
                                        + "\"nextExecutionTime\":null,\"schemas\":[{\"schema\":\"contact\","
                                        + "\"execution_id\":\"" + EXEC + "\",\"status\":\"running\","
                                        + "\"record_count\":1520,\"started_at\":\"" + T
                                        + "\",\"completed_at\":null}]}]}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("all", List.of("true")))
                        .answers(200, "{\"data\":[]}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/bulk/syncs/" + SYNC + "/status")
                        .answers(
                                200,
                                "{\"data\":{\"last_execution\":" + BULK_EXECUTION + ",\"next_execution_time\":\"" + T
                                        + "\",\"ingestion_status\":{\"enabled\":false,\"is_running\":false,"
                                        + "\"status\":\"ok\",\"position_time\":null}}}")))
                .isEmpty();
        assertThat(check(call("GET", "/api/bulk/syncs/" + SYNC + "/executions/" + EXEC)
                        .answers(200, "{\"data\":" + BULK_EXECUTION + "}")))
                .isEmpty();
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/activate")
                        .sends("{\"active\":false}")
                        .answers(200, "{\"data\":{\"id\":\"" + SYNC + "\",\"active\":false}}")))
                .isEmpty();
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/cancel")
                        .answers(200, "{\"data\":{\"message\":\"cancellation requested\"}}")))
                .isEmpty();
    }

    @Test
    void acceptsDeclaredErrorsAndCallsThatGotNoAnswer() {
        assertThat(check(call("GET", "/api/bulk/syncs/" + SYNC + "/status").answers(404, API_ERROR)))
                .isEmpty();
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/executions").answers(409, API_ERROR)))
                .isEmpty();
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/cancel").answers(0, "")))
                .isEmpty();
    }

    @Test
    void acceptsStatusesAnyOperationMayAnswerOnlyWithAnApiErrorBody() {
        Call outage = call("GET", "/api/bulk/syncs/status").answers(503, API_ERROR);

        assertThat(check(outage)).isEmpty();
        assertThat(check(call("GET", "/api/bulk/syncs/status").answers(503, "{\"status\":\"down\"}")))
                .singleElement()
                .asString()
                .contains("response 503 body $.status: string found, integer expected");
        assertThat(ContractValidator.strict().validate(outage.exchange()))
                .singleElement()
                .asString()
                .isEqualTo("GET /api/bulk/syncs/status: status 503 is not declared for GET /api/bulk/syncs/status"
                        + " (declared: 200, 404)");
    }

    @Test
    void acceptsA409ForAKeyStillInFlightUnlessStrict() {
        Call inFlight = call("POST", "/api/bulk/syncs/" + SYNC + "/cancel").answers(409, API_ERROR);

        assertThat(check(inFlight)).isEmpty();
        assertThat(ContractValidator.strict().validate(inFlight.exchange()))
                .singleElement()
                .asString()
                .contains("status 409 is not declared");
    }

    @Test
    void reportsAWronglyTypedRequestField() {
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/activate").sends("{\"active\":\"yes\"}")))
                .containsExactly("POST /api/syncs/" + SYNC + "/activate: request body $.active: string found,"
                        + " boolean expected");
    }

    @Test
    void reportsAMissingRequiredField() {
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/activate").sends("{}")))
                .singleElement()
                .asString()
                .contains("request body $: required property 'active' not found");
    }

    @Test
    void reportsFieldsTheContractDoesNotName() {
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/executions").sends("{\"resync\":true}")))
                .singleElement()
                .asString()
                .contains("request body $: property 'resync' is not defined in the schema");
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/activate")
                        .answers(200, "{\"data\":{\"id\":\"" + SYNC + "\",\"active\":true,\"name\":\"x\"}}")))
                .singleElement()
                .asString()
                .contains("response 200 body $.data: property 'name' is not defined in the schema");
    }

    @Test
    void reportsAPathTheContractDoesNotHave() {
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/explode")))
                .containsExactly("POST /api/syncs/" + SYNC + "/explode: no operation in the contract has this path");
        assertThat(check(call("DELETE", "/api/bulk/syncs/" + SYNC + "/cancel")))
                .containsExactly("DELETE /api/bulk/syncs/" + SYNC + "/cancel: the contract has no DELETE on this path,"
                        + " only [POST]");
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/status/")))
                .singleElement()
                .asString()
                .contains("no operation");
    }

    @Test
    void reportsAPathIdThatIsNoUuid() {
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/executions/42").answers(404, API_ERROR)))
                .containsExactly("GET /api/syncs/" + SYNC + "/executions/42: path parameter id \"42\": does not match"
                        + " the uuid pattern must be a valid RFC 4122 UUID");
    }

    @Test
    void prefersTheLiteralPathOverATemplate() {
        // /api/bulk/syncs/status must not be read as a bulk sync whose id is "status".
        assertThat(check(call("GET", "/api/bulk/syncs/status").answers(200, "{\"data\":null}")))
                .isEmpty();
    }

    @Test
    void reportsBadQueryParameters() {
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("sync_id", List.of(SYNC, "nope")))
                        .answers(200, "{\"data\":[]}")))
                .singleElement()
                .asString()
                .contains("query parameter sync_id")
                .contains("$[1]: does not match the uuid pattern");
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("all", List.of("yes")))
                        .answers(200, "{\"data\":[]}")))
                .containsExactly(
                        "GET /api/bulk/syncs/status: query parameter all \"yes\": string found, boolean expected");
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("all", List.of("true", "false")))
                        .answers(200, "{\"data\":[]}")))
                .singleElement()
                .asString()
                .contains("query parameter all is given 2 times");
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .query(Map.of("page_token", List.of("abc")))
                        .answers(200, "{\"data\":[]}")))
                .singleElement()
                .asString()
                .contains("query parameter page_token is not in the contract");
    }

    @Test
    void reportsAMissingCredentialOrAnUndeclaredScheme() {
        Exchange anonymous =
                new Exchange("POST", "/api/syncs/" + SYNC + "/cancel", Map.of(), Map.of(), "", 0, Map.of(), "");
        Exchange token = new Exchange(
                "POST",
                "/api/syncs/" + SYNC + "/cancel",
                Map.of(),
                Map.of("authorization", "Token"),
                "",
                0,
                Map.of(),
                "");

        assertThat(check(anonymous))
                .containsExactly("POST /api/syncs/" + SYNC + "/cancel: header parameter Authorization is required but"
                        + " missing");
        assertThat(check(token)).singleElement().asString().contains("Authorization scheme 'Token' is none of");
    }

    @Test
    void reportsABodyWhereNoneBelongsOrNoneWhereOneIsNeeded() {
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/cancel").sends("{}")))
                .singleElement()
                .asString()
                .contains("request has a body, but the operation takes none: {}");
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/status").answers(200, "")))
                .singleElement()
                .asString()
                .contains("response 200 body is empty");
        Exchange noContentType = new Exchange(
                "POST",
                "/api/syncs/" + SYNC + "/activate",
                Map.of(),
                Map.of("authorization", "Bearer"),
                "{\"active\":true}",
                0,
                Map.of(),
                "");
        assertThat(check(noContentType))
                .singleElement()
                .asString()
                .contains("request Content-Type is null, the contract declares [application/json]");
    }

    @Test
    void reportsAnUndeclaredStatus() {
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/cancel").answers(418, "{}")))
                .containsExactly("POST /api/syncs/" + SYNC + "/cancel: status 418 is not declared for"
                        + " POST /api/syncs/{id}/cancel (declared: 200, 403, 404, 500)");
        // Bulk start declares no 404, although the model start does.
        assertThat(check(call("POST", "/api/bulk/syncs/" + SYNC + "/executions").answers(404, API_ERROR)))
                .singleElement()
                .asString()
                .contains("status 404 is not declared")
                .contains("(declared: 200, 400, 409)");
    }

    @Test
    void reportsAMalformedResponseBody() {
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/cancel").answers(200, "<html>oops</html>")))
                .singleElement()
                .asString()
                .startsWith("POST /api/syncs/" + SYNC + "/cancel: response 200 body is not JSON")
                .endsWith("<html>oops</html>");
        assertThat(check(call("POST", "/api/syncs/" + SYNC + "/cancel").answers(200, "{\"data\":{}} {}")))
                .singleElement()
                .asString()
                .contains("response 200 body is not JSON");
    }

    @Test
    void reportsResponseFieldsOfTheWrongShape() {
        assertThat(check(call("GET", "/api/syncs/" + SYNC + "/status")
                        .answers(
                                200,
                                "{\"data\":{\"current_execution\":null,\"last_execution\":{\"id\":\"" + EXEC + "\","
                                        + "\"status\":\"paused_for_lunch\",\"created_at\":\"yesterday\"}}}")))
                .containsExactly(
                        "GET /api/syncs/" + SYNC + "/status: response 200 body $.data.current_execution: null found,"
                                + " object expected",
                        "GET /api/syncs/" + SYNC + "/status: response 200 body $.data.last_execution.created_at: does"
                                + " not match the date-time pattern must be a valid RFC 3339 date-time",
                        "GET /api/syncs/" + SYNC + "/status: response 200 body $.data.last_execution.status: does not"
                                + " have a value in the enumeration [\"created\", \"scheduled\", \"queued\", \"waiting\","
                                + " \"running\", \"processing\", \"canceling\", \"canceled\", \"completed\", \"failed\","
                                + " \"interrupted\"]");
        assertThat(check(call("GET", "/api/bulk/syncs/status")
                        .answers(200, "{\"data\":[{\"sync_id\":\"" + SYNC + "\",\"next_execution_time\":null}]}")))
                .singleElement()
                .asString()
                .contains("property 'next_execution_time' is not defined");
    }

    @Test
    void recorderCollectsViolationsFromManyThreadsUntilCleared() {
        ContractRecorder recorder = new ContractRecorder();
        Exchange good = call("POST", "/api/syncs/" + SYNC + "/cancel")
                .answers(200, "{\"data\":{\"message\":\"ok\"}}")
                .exchange();
        Exchange bad = call("POST", "/api/syncs/" + SYNC + "/cancel")
                .answers(418, "{}")
                .exchange();

        CompletableFuture.allOf(IntStream.range(0, 40)
                        .mapToObj(i -> CompletableFuture.runAsync(() -> recorder.accept(i % 4 == 0 ? bad : good)))
                        .toArray(CompletableFuture[]::new))
                .join();

        assertThat(recorder.checked()).isEqualTo(40);
        assertThat(recorder.violations()).hasSize(10).allSatisfy(v -> assertThat(v)
                .contains("status 418"));
        assertThatThrownBy(recorder::assertClean)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("10 violation(s) of the Polytomic contract in 40 exchange(s):")
                .hasMessageContaining("status 418 is not declared");

        recorder.clear();

        assertThat(recorder.checked()).isZero();
        assertThat(recorder.violations()).isEmpty();
        recorder.assertClean();
    }
}
