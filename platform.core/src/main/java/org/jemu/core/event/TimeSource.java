package org.jemu.core.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The raw, monotonic time source that drives the {@link ClockType#VIRTUAL} clock while the VM runs.
 * The default is {@link System#nanoTime()}; tests, qtest and instruction counting supply their own
 * (see {@link ManualTimeSource}).
 */
@ConsumerType
@FunctionalInterface
public interface TimeSource {

    /** @return a monotonic time in ns; only differences matter */
    long nowNs();

    /** @return the host's monotonic time source */
    static TimeSource system() {
        return System::nanoTime;
    }
}
