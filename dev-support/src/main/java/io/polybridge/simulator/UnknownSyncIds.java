package io.polybridge.simulator;

/**
 * How {@code GET /api/bulk/syncs/status?sync_id=…} answers when some of the asked-for syncs do not exist. The docs list
 * a 404 for this call and say nothing of mixed asks, so each plausible reading is a switch and the bridge is tested
 * against all of them.
 */
public enum UnknownSyncIds {
    /** 404 as soon as one asked-for sync does not exist. */
    NOT_FOUND_IF_ANY,
    /** 404 only when none of them exists; otherwise the unknown ones are left out of a 200. */
    NOT_FOUND_IF_ALL,
    /** Always 200; the unknown ones are left out, an empty list when none exists. */
    SKIPPED
}
