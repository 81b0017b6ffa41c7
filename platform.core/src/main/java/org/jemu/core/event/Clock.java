package org.jemu.core.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One clock of a {@link MainLoop}. Reads are allocation-free and safe from any thread.
 */
@ProviderType
public interface Clock {

    /** @return which clock this is */
    ClockType type();

    /** @return the current time of this clock in ns */
    long nowNs();

    /** @return the current time of this clock in ms */
    default long nowMs() {
        return nowNs() / 1_000_000L;
    }

    /**
     * @return whether the clock advances; always true for {@link ClockType#REALTIME} and {@link ClockType#HOST},
     *         true for {@link ClockType#VIRTUAL} only while the VM runs
     */
    boolean isEnabled();
}
