package io.polybridge.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;

/**
 * The same job as the bridge's command path, the way Camel's documentation puts it together: a Kafka consumer of the
 * commands topic (one consumer thread per partition, auto commit), an idempotent consumer whose repository is a Kafka
 * topic ({@link KafkaIdempotentRepository}), a Resilience4j circuit breaker around the HTTP producer, which sends each
 * command's ID as its {@code Idempotency-Key}; redelivery with exponential backoff, then a dead-letter topic.
 *
 * <p>What it does not do, and the bridge does: one result per command, status events, order per sync across a retry
 * (a partition's consumer waits out its redeliveries, so order holds, but only by stalling every sync of that
 * partition), reading state when an answer leaves the outcome unknown, Retry-After, and more than one command in flight
 * per partition.
 */
public final class CommandRoute extends RouteBuilder {

    @Override
    public void configure() {
        // The Camel-documented pattern: a bounded number of redeliveries with exponential backoff, then the original
        // record to a dead-letter topic. The backoff is the bridge's (1 s doubling to 30 s); the budget is five tries.
        errorHandler(deadLetterChannel("kafka:{{peer.dead-letter-topic}}")
                .useOriginalMessage()
                .maximumRedeliveries(
                        Integer.parseInt(getContext().resolvePropertyPlaceholders("{{peer.max-redeliveries}}")))
                .redeliveryDelay(1000)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(30_000)
                .logExhausted(true)
                .logRetryAttempted(true)
                .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.INFO));

        // What retrying cannot fix is dead-lettered at once: not a command, or refused by the API (4xx but 429).
        onException(JsonProcessingException.class, IllegalArgumentException.class)
                .maximumRedeliveries(0)
                .useOriginalMessage()
                .handled(true)
                .to("kafka:{{peer.dead-letter-topic}}");
        onException(HttpOperationFailedException.class)
                .onWhen(exchange -> {
                    HttpOperationFailedException failure = exchange.getException(HttpOperationFailedException.class);
                    int status = failure == null ? 0 : failure.getStatusCode();
                    return status >= 400 && status < 500 && status != 429;
                })
                .maximumRedeliveries(0)
                .useOriginalMessage()
                .handled(true)
                .to("kafka:{{peer.dead-letter-topic}}");

        from("kafka:{{peer.commands-topic}}?groupId={{peer.group-id}}&autoOffsetReset=earliest"
                        + "&consumersCount={{peer.consumers}}")
                .routeId("commands")
                .unmarshal()
                .json(JsonLibrary.Jackson, Map.class)
                .process(CommandRoute::toApiCall)
                .idempotentConsumer(header("Idempotency-Key"))
                .idempotentRepository("commandIds")
                .removeHeaders("kafka.*")
                .circuitBreaker()
                .resilience4jConfiguration()
                // The bridge's breaker: 20 calls, half failing, opens for 10 s, 3 trial calls.
                .slidingWindowSize(20)
                .minimumNumberOfCalls(20)
                .failureRateThreshold(50)
                .waitDurationInOpenState(10)
                .permittedNumberOfCallsInHalfOpenState(3)
                // Without a fallback, Camel's default (false) ends a call the open breaker rejects without an
                // exception: the route goes on, the record is committed and the command is lost. Rejections must fail
                // so that the error handler retries them.
                .throwExceptionWhenHalfOpenOrOpenState(true)
                .end()
                .to("{{peer.api-url}}")
                .end();
    }

    /** Path, headers and body of the API call for one command; an action it does not know is not a command. */
    private static void toApiCall(Exchange exchange) {
        Map<?, ?> command = exchange.getMessage().getBody(Map.class);
        String syncId = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        Object id = command.get("id");
        Object action = command.get("action");
        boolean bulk = "bulk".equals(command.get("syncType"));
        if (syncId == null || !(id instanceof String) || !(action instanceof String)) {
            throw new IllegalArgumentException("a command needs a key, an id and an action");
        }
        String syncPath = (bulk ? "/api/bulk/syncs/" : "/api/syncs/") + syncId;
        String path;
        String body;
        switch ((String) action) {
            case "activate", "deactivate" -> {
                path = syncPath + "/activate";
                body = "{\"active\":" + action.equals("activate") + "}";
            }
            case "start" -> {
                path = syncPath + "/executions";
                body = "{}";
            }
            default -> throw new IllegalArgumentException("action not supported: " + action);
        }
        exchange.getMessage().setHeader("Idempotency-Key", id);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage()
                .setHeader(
                        "Authorization",
                        "Bearer " + exchange.getContext().resolvePropertyPlaceholders("{{peer.api-key}}"));
        exchange.getMessage().setBody(body);
    }
}
