package org.jemu.core.event;

/**
 * The clocks timers can be armed on, with the meaning of QEMU's {@code QEMU_CLOCK_*}.
 */
public enum ClockType {
    /** Monotonic host time in ns; always runs, also while the VM is paused. */
    REALTIME,
    /** Guest time in ns; advances only while the VM runs and continues where it stopped. */
    VIRTUAL,
    /** Host wall-clock time in ns since the epoch; may jump when the host clock is set. */
    HOST
}
