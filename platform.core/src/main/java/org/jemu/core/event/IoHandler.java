package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reacts to readiness of a channel watched by the main loop; runs on the main-loop thread with the global lock held.
 */
@ConsumerType
public interface IoHandler {

    /** @param watch the watch whose channel can be read without blocking */
    default void readable(IoWatch watch) {
    }

    /** @param watch the watch whose channel can be written without blocking */
    default void writable(IoWatch watch) {
    }
}
