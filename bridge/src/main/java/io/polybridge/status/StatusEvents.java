package io.polybridge.status;

import io.polybridge.config.BridgeConfig;
import io.polybridge.kafka.Channels;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes status events keyed by sync ID, as CloudEvents 1.0 in binary mode: the connector writes the {@code ce_*}
 * headers from the metadata set here. {@code ce_id} is derived from sync, execution and status, so consumers can drop
 * a re-published event.
 */
@ApplicationScoped
public class StatusEvents {

    public static final String TYPE_CHANGED = "polytomic.sync.status.changed";
    public static final String TYPE_CANCEL_TIMEOUT = "polytomic.sync.cancel.timeout";
    public static final String TYPE_TRACKING_ENDED = "polytomic.sync.tracking.ended";

    private final MutinyEmitter<StatusEvent> topic;
    private final URI source;

    StatusEvents(@Channel(Channels.STATUS) MutinyEmitter<StatusEvent> topic, BridgeConfig config) {
        this.topic = topic;
        this.source = URI.create(config.status().eventSource());
    }

    public Uni<Void> publish(StatusEvent event) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId())
                .withType(cloudEventType(event))
                .withSource(source)
                .withSubject(event.syncId())
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.syncId())
                .build();
        return topic.sendMessage(Message.of(event).addMetadata(kafka).addMetadata(cloudEvent));
    }

    static String cloudEventType(StatusEvent event) {
        if (StatusEvent.CANCEL_TIMEOUT.equals(event.type())) {
            return TYPE_CANCEL_TIMEOUT;
        }
        return StatusEvent.TRACKING_ENDED.equals(event.type()) ? TYPE_TRACKING_ENDED : TYPE_CHANGED;
    }
}
