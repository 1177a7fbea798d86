package io.polybridge.polytomic;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An error body, read leniently: {@code {status,key,message,metadata}} (ApiError), {@code {code,status,error,context}}
 * (older REST error), {@code {"error":{"message":…}}} (legacy), or plain text. Missing parts are null.
 */
@RegisterForReflection
public record ApiError(Integer status, String key, String message, Map<String, Object> metadata) {

    public static ApiError ofMessage(String message) {
        return new ApiError(null, null, message, Map.of());
    }
}
