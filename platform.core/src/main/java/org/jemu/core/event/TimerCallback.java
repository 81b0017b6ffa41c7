package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a {@link Timer} does when it expires; runs on the main-loop thread with the global lock held.
 */
@ConsumerType
@FunctionalInterface
public interface TimerCallback {

    /** @param timer the timer that expired, no longer pending, so it can be re-armed */
    void expired(Timer timer);
}
