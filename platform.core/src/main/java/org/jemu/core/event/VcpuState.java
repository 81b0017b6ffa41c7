package org.jemu.core.event;

/** The life cycle of one vCPU thread. */
public enum VcpuState {
    /** Executing (or about to, having been resumed). */
    RUNNING,
    /** Blocked in {@link VcpuContext#checkpoint()} after acknowledging a pause. */
    PAUSED,
    /** The body has returned; the thread has ended or is ending. */
    STOPPED
}
