package io.polybridge.polytomic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Turns raw HTTP answers into {@link ApiResult}s: envelope unwrapping, lenient error bodies, rate-limit hints. */
@ApplicationScoped
class ResponseMapper {

    private static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;

    private final ObjectMapper mapper;
    private final Clock clock;

    @Inject
    ResponseMapper(ObjectMapper mapper) {
        this(mapper, Clock.systemUTC());
    }

    ResponseMapper(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    <T> ApiResult<T> map(PolytomicHttp.Answer answer, JavaType dataType) {
        return map(answer.status(), answer.body(), answer::header, dataType);
    }

    <T> ApiResult<T> map(int status, String body, UnaryOperator<String> header, JavaType dataType) {
        Outcome outcome = Outcome.ofStatus(status);
        if (outcome == Outcome.OK) {
            return parseData(status, body, dataType);
        }
        ApiError error = parseError(body);
        Duration retryAfter = outcome == Outcome.RATE_LIMITED || outcome == Outcome.SERVER_ERROR
                ? retryAfter(header.apply("Retry-After"), header.apply("X-RateLimit-Reset"))
                : null;
        return new ApiResult<>(outcome, status, null, error, retryAfter);
    }

    private <T> ApiResult<T> parseData(int status, String body, JavaType dataType) {
        try {
            JavaType envelope = mapper.getTypeFactory().constructParametricType(Envelope.class, dataType);
            Envelope<T> parsed = mapper.readValue(body == null || body.isBlank() ? "{}" : body, envelope);
            return ApiResult.ok(status, parsed.data());
        } catch (JsonProcessingException e) {
            // A 2xx we cannot read is the API misbehaving, not our request being wrong: retry it like a 5xx.
            return new ApiResult<>(
                    Outcome.SERVER_ERROR, status, null, ApiError.ofMessage("unreadable response body"), null);
        }
    }

    ApiError parseError(String body) {
        if (body == null || body.isBlank()) {
            return new ApiError(null, null, null, Map.of());
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return ApiError.ofMessage(truncate(body.strip()));
        }
        if (!node.isObject()) {
            return ApiError.ofMessage(truncate(node.toString()));
        }
        JsonNode nested = node.path("error");
        String message = text(node, "message");
        if (message == null && nested.isObject()) {
            message = text(nested, "message");
        } else if (message == null && nested.isTextual()) {
            message = nested.asText();
        }
        String key = text(node, "key");
        if (key == null) {
            key = text(node, "code");
        }
        Integer status = node.path("status").isInt() ? node.path("status").asInt() : null;
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode meta = node.has("metadata") ? node.path("metadata") : node.path("context");
        if (meta.isObject()) {
            meta.fields()
                    .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().toString()));
        }
        return new ApiError(status, key, message == null ? null : truncate(message), metadata);
    }

    /** Retry-After as delta-seconds or HTTP-date; else X-RateLimit-Reset as epoch seconds or delta-seconds. */
    Duration retryAfter(String retryAfter, String rateLimitReset) {
        Duration fromRetryAfter = parseRetryAfter(retryAfter);
        if (fromRetryAfter != null) {
            return fromRetryAfter;
        }
        if (rateLimitReset == null || rateLimitReset.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(rateLimitReset.strip());
            long seconds =
                    value >= EPOCH_SECONDS_FLOOR ? value - clock.instant().getEpochSecond() : value;
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
