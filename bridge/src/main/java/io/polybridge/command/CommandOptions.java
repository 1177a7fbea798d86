package io.polybridge.command;

import io.polybridge.polytomic.BulkStartRequest;
import io.polybridge.polytomic.ModelStartRequest;

/** The options a command may carry; which one fits depends on the action and the sync kind. */
public sealed interface CommandOptions {

    /** Activate, and cancel of a whole sync: nothing to choose. */
    record None() implements CommandOptions {}

    /** Start of a model sync: the API's start body. */
    record StartModel(ModelStartRequest request) implements CommandOptions {}

    /** Start of a bulk sync: the API's start body. */
    record StartBulk(BulkStartRequest request) implements CommandOptions {}

    /** Cancel of one execution (model or bulk sync) instead of every running one. */
    record CancelExecution(String executionId) implements CommandOptions {}

    /** Deactivate of a model sync that also cancels its running execution (the API alone does not). */
    record Deactivate(boolean cancelRunning) implements CommandOptions {}

    CommandOptions NONE = new None();
}
