package io.polybridge.foundation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** A test-only channel pair: proves the application consumes from and produces to the real broker. */
@ApplicationScoped
public class ProbeEcho {

    public static final String IN = "probe-in";
    public static final String OUT = "probe-out";

    @Incoming(IN)
    @Outgoing(OUT)
    public String echo(String value) {
        return value.toUpperCase(Locale.ROOT);
    }
}
