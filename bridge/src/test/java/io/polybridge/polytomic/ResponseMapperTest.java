package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ResponseMapper mapper = new ResponseMapper(json, Clock.fixed(NOW, ZoneOffset.UTC));

    private ApiResult<CancelResult> map(int status, String body, String... headers) {
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], headers[i + 1]);
        }
        return mapper.map(status, body, byName::get, json.constructType(CancelResult.class));
    }

    @Test
    void unwrapsTheDataEnvelope() {
        ApiResult<CancelResult> result = map(200, "{\"data\":{\"message\":\"Cancellation requested\"}}");
        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        assertThat(result.body().message()).isEqualTo("Cancellation requested");
    }

    @Test
    void readsEveryKnownErrorShape() {
        ApiError apiError = map(
                        404,
                        "{\"status\":404,\"key\":\"not_found\",\"message\":\"sync not found\",\"metadata\":{\"id\":\"x\"}}")
                .error();
        assertThat(apiError.key()).isEqualTo("not_found");
        assertThat(apiError.message()).isEqualTo("sync not found");
        assertThat(apiError.metadata()).containsKey("id");

        ApiError restErr = map(
                        401,
                        "{\"code\":\"unauthorized\",\"status\":\"Unauthorized\",\"error\":\"bad key\",\"context\":{}}")
                .error();
        assertThat(restErr.key()).isEqualTo("unauthorized");
        assertThat(restErr.message()).isEqualTo("bad key");

        assertThat(map(500, "{\"error\":{\"message\":\"boom\"}}").error().message())
                .isEqualTo("boom");
        assertThat(map(502, "<html>Bad Gateway</html>").error().message()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(map(503, "").error().message()).isNull();
    }

    @Test
    void classifiesStatusesIntoOutcomes() {
        assertThat(map(400, "{}").outcome()).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(map(422, "{}").outcome()).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(map(401, "{}").outcome()).isEqualTo(Outcome.UNAUTHORIZED);
        assertThat(map(403, "{}").outcome()).isEqualTo(Outcome.FORBIDDEN);
        assertThat(map(404, "{}").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(map(409, "{\"message\":\"execution already running\"}").outcome())
                .isEqualTo(Outcome.CONFLICT);
        // The docs give no wording for a key still in flight: the command loop tells it apart by reading state.
        assertThat(map(409, "{\"key\":\"idempotency_key_in_use\",\"message\":\"in flight\"}")
                        .outcome())
                .isEqualTo(Outcome.CONFLICT);
        assertThat(map(429, "{}").outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(map(500, "{}").outcome()).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(map(200, "not json").outcome()).isEqualTo(Outcome.SERVER_ERROR);
    }

    @Test
    void readsRetryAfterAsSecondsOrDateAndFallsBackToRateLimitReset() {
        assertThat(map(429, "{}", "Retry-After", "7").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(map(429, "{}", "Retry-After", "Wed, 25 Nov 2026 10:00:30 GMT")
                        .retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(map(429, "{}", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 12))
                        .retryAfter())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(map(429, "{}", "X-RateLimit-Reset", "3").retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(map(429, "{}", "Retry-After", "soon").retryAfter()).isNull();
        assertThat(map(404, "{}", "Retry-After", "5").retryAfter()).isNull();
    }

    @Test
    void retriableOutcomesAreExactlyTheTransientOnes() {
        assertThat(Outcome.values())
                .filteredOn(Outcome::retriable)
                .containsExactlyInAnyOrder(
                        Outcome.CONNECTION_REFUSED,
                        Outcome.RATE_LIMITED,
                        Outcome.SERVER_ERROR,
                        Outcome.TIMEOUT,
                        Outcome.CONNECTION_FAILURE,
                        Outcome.CIRCUIT_OPEN);
        assertThat(Outcome.values())
                .filteredOn(Outcome::breakerFailure)
                .containsExactlyInAnyOrder(
                        Outcome.SERVER_ERROR, Outcome.TIMEOUT, Outcome.CONNECTION_FAILURE, Outcome.CONNECTION_REFUSED);
        // A mutation that met these may have taken effect: the command loop reads state before sending it again.
        assertThat(Outcome.values())
                .filteredOn(Outcome::effectUnknown)
                .containsExactlyInAnyOrder(Outcome.SERVER_ERROR, Outcome.TIMEOUT, Outcome.CONNECTION_FAILURE);
    }
}
