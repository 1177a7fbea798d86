package io.polybridge.polytomic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every successful answer is wrapped as {@code {"data": …}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record Envelope<T>(T data) {}
