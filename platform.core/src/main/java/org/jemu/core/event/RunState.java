package org.jemu.core.event;

/** The VM's run state, a subset of QEMU's {@code RunState}. */
public enum RunState {
    /** Created, not started yet (QEMU's -S also stays here until continued). */
    PRELAUNCH,
    /** vCPUs execute and the virtual clock runs. */
    RUNNING,
    /** Stopped by request; vCPUs paused, virtual clock stopped. */
    PAUSED,
    /** The guest panicked and the VM was stopped. */
    GUEST_PANICKED,
    /** Shut down; the main loop has ended or is ending. */
    SHUTDOWN;

    /** @return whether vCPUs execute in this state */
    public boolean isRunning() {
        return this == RUNNING;
    }
}
