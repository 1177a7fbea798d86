package io.polybridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What the simulator answers: a status, a JSON body, extra headers. */
record SimResponse(int status, JsonNode body, Map<String, String> headers) {

    static SimResponse ok(JsonNode data) {
        return new SimResponse(200, Payloads.envelope(data), Map.of());
    }

    static SimResponse error(int status, String key, String message) {
        return new SimResponse(status, Payloads.error(status, key, message), Map.of());
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new SimResponse(status, body, all);
    }
}
