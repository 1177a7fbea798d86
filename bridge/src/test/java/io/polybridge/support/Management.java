package io.polybridge.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;

/**
 * Requests to the management interface (health, metrics), which listens on a port of its own: tests get its URL
 * injected with {@code @TestHTTPResource(value = "/", management = true)}.
 */
public final class Management {

    private Management() {}

    public static RequestSpecification given(URL management) {
        return RestAssured.given()
                .baseUri(management.getProtocol() + "://" + management.getHost())
                .port(management.getPort());
    }
}
