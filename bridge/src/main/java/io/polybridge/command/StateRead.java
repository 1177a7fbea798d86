package io.polybridge.command;

import io.polybridge.polytomic.ApiResult;

/**
 * What a state read found out about a step whose answer left it unknown whether it took effect.
 *
 * @param answer the read's answer
 * @param executionId for a start found applied, the execution it created
 */
record StateRead(Found found, ApiResult<?> answer, String executionId) {

    enum Found {
        /** The change is there. */
        APPLIED,
        /** The change is not there: the step may be sent again under a new key. */
        NOT_APPLIED,
        /** The read failed; try it again later. */
        UNREADABLE
    }

    static StateRead applied(ApiResult<?> answer, String executionId) {
        return new StateRead(Found.APPLIED, answer, executionId);
    }

    static StateRead of(boolean applied, ApiResult<?> answer) {
        return new StateRead(applied ? Found.APPLIED : Found.NOT_APPLIED, answer, null);
    }

    /**
     * For a read that did not answer 200. A retriable failure is tried again. Any other (404, or a read the key may
     * not make) cannot show the change, so the step goes on as if it were not there: sending it again under a new key
     * is at worst a second activate or cancel, and a second start is refused with 409 while the first runs.
     */
    static StateRead failed(ApiResult<?> answer) {
        return new StateRead(answer.outcome().retriable() ? Found.UNREADABLE : Found.NOT_APPLIED, answer, null);
    }
}
