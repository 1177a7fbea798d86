package io.polybridge.command;

import io.polybridge.polytomic.BulkStartRequest;
import io.polybridge.polytomic.ModelStartRequest;
import java.time.Duration;

/** The options a command may carry; which one fits depends on the action and the sync kind. */
public sealed interface CommandOptions {

    /** Activate, and cancel of a whole sync: nothing to choose. */
    record None() implements CommandOptions {}

    /**
     * Start of a model sync: the API's start body, and how long its execution may take before the bridge cancels it
     * (null: no limit).
     */
    record StartModel(ModelStartRequest request, Duration timeout) implements CommandOptions {}

    /** Start of a bulk sync: the API's start body, and its execution's timeout (null: no limit). */
    record StartBulk(BulkStartRequest request, Duration timeout) implements CommandOptions {}

    /** Cancel of one execution (model or bulk sync) instead of every running one. */
    record CancelExecution(String executionId) implements CommandOptions {}

    /** Deactivate of a model sync that also cancels its running execution (the API alone does not). */
    record Deactivate(boolean cancelRunning) implements CommandOptions {}

    CommandOptions NONE = new None();
}
