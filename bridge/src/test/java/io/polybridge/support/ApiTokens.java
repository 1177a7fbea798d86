package io.polybridge.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The static API tokens the test profile configures (application.properties, {@code %test.bridge.security.tokens.*}),
 * one per role, and requests that carry them. R6: neither may appear in any log or answer.
 */
public final class ApiTokens {

    /** May submit, redrive and reconcile, and read. */
    public static final String OPERATOR = "test-operator-token-4c1f9a7e2b6d8035";

    /** May only read. */
    public static final String READER = "test-reader-token-9e3b5d71a0c4f268";

    /** The shape of a signed JWT (header and claims are base64url JSON objects): none may show up in a log. */
    public static final java.util.regex.Pattern JWT =
            java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    private ApiTokens() {}

    public static RequestSpecification asOperator() {
        return bearer(OPERATOR);
    }

    public static RequestSpecification asReader() {
        return bearer(READER);
    }

    public static RequestSpecification bearer(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }
}
