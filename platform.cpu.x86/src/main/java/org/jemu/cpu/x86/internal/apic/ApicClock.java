package org.jemu.cpu.x86.internal.apic;

import java.util.Objects;
import java.util.function.LongSupplier;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.qdev.SystemControl;

/**
 * The time a {@link LocalApic} counts: the machine's virtual clock (QEMU_CLOCK_VIRTUAL) and timers on it, plus the
 * owning CPU's time-stamp counter for the TSC-deadline mode. jemu's TSC ticks once per nanosecond of the virtual
 * clock (plus the offset a WRMSR to IA32_TIME_STAMP_COUNTER sets), so a TSC distance is a distance in ns.
 * Tests hand in a manual clock.
 */
public interface ApicClock {

    /** The virtual clock in ns. */
    long nowNs();

    /** A new, unarmed timer on the virtual clock; its callback runs with the global lock held. */
    Timer newTimer(TimerCallback callback);

    /** The CPU's time-stamp counter now (1 GHz); by default the clock itself (a TSC without offset). */
    default long tsc() {
        return nowNs();
    }

    /**
     * The machine's virtual clock as a device sees it ({@code system()} of the CPU device), with the CPU's TSC.
     *
     * @param tsc the CPU's current TSC value (virtual ns plus the guest-set offset)
     */
    static ApicClock virtual(SystemControl system, LongSupplier tsc) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(tsc, "tsc");
        return new ApicClock() {
            @Override
            public long nowNs() {
                return system.nowNs(ClockType.VIRTUAL);
            }

            @Override
            public Timer newTimer(TimerCallback callback) {
                return system.newTimer(ClockType.VIRTUAL, callback);
            }

            @Override
            public long tsc() {
                return tsc.getAsLong();
            }
        };
    }
}
