package io.polybridge.simulator;

import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange the simulator served, as seen on the wire: what the client sent and what the simulator answered.
 * Observers (e.g. the contract validator in the tests) receive one per request.
 *
 * @param method HTTP method, upper case
 * @param path raw request path, e.g. {@code /api/bulk/syncs/248df4b7-aa70-47b8-a036-33ac447e668d/cancel}
 * @param query query parameters in arrival order; repeated names keep every value
 * @param headers request headers, names lower-cased; the Authorization value is replaced by its scheme only
 * @param requestBody request body text, empty when none
 * @param status response status; 0 when the simulator answered with no response (reset or hang)
 * @param responseHeaders response headers, names lower-cased
 * @param responseBody response body text, empty when none
 */
public record Exchange(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        String requestBody,
        int status,
        Map<String, String> responseHeaders,
        String responseBody) {}
