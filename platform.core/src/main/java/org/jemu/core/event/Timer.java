package org.jemu.core.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A one-shot timer on one clock. Its callback runs on the main-loop thread with the {@link GlobalLock} held
 * once the clock reaches the deadline; the callback may re-arm this or any other timer.
 * Timers may be armed and deleted from any thread.
 */
@ProviderType
public interface Timer {

    /** @return the clock the deadline refers to */
    ClockType clockType();

    /**
     * Arms (or re-arms) the timer.
     *
     * @param deadlineNs absolute time of the timer's clock in ns
     */
    void modNs(long deadlineNs);

    /**
     * Arms (or re-arms) the timer.
     *
     * @param deadlineMs absolute time of the timer's clock in ms
     */
    default void modMs(long deadlineMs) {
        modNs(deadlineMs * 1_000_000L);
    }

    /** Disarms the timer; harmless when it is not pending. */
    void del();

    /** @return whether the timer is armed and has not fired yet */
    boolean pending();

    /** @return the armed deadline in ns, or -1 when not pending */
    long expireTime();

    /** Disarms the timer for good; it must not be armed again. */
    void free();
}
