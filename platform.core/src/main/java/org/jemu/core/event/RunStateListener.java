package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Is told about run-state changes and resets; called with the global lock held, on the thread that made
 * the change (normally the main-loop thread).
 */
@ConsumerType
public interface RunStateListener {

    /**
     * @param from  the previous state
     * @param to    the new state
     * @param cause why, for {@link RunState#SHUTDOWN}; {@link ShutdownCause#NONE} otherwise
     */
    void stateChanged(RunState from, RunState to, ShutdownCause cause);

    /** @param cause why the system was reset; called after the reset handler ran */
    default void resetDone(ShutdownCause cause) {
    }
}
