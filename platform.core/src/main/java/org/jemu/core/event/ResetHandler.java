package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Resets the machine (devices, CPUs) on a reset request; runs on the main-loop thread with the global lock
 * held and all vCPUs paused.
 */
@ConsumerType
@FunctionalInterface
public interface ResetHandler {

    /** @param cause who asked for the reset */
    void reset(ShutdownCause cause);
}
