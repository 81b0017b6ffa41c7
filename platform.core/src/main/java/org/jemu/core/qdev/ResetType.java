package org.jemu.core.qdev;

/** Kinds of reset (QEMU's ResetType). */
public enum ResetType {
    /** Power cycle: back to the state at start-up. */
    COLD,
    /** Reset before loading a saved state over it. */
    SNAPSHOT_LOAD
}
