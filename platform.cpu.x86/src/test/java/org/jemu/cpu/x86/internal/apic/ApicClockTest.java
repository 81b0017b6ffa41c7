package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.qdev.SystemControl;
import org.junit.jupiter.api.Test;

/** The clock handle a CPU device builds from its {@code system()}: virtual clock, virtual timers, the CPU's TSC. */
class ApicClockTest {

    @Test
    void virtualClockUsesTheMachinesVirtualClockAndTheGivenTsc() {
        List<ClockType> asked = new ArrayList<>();
        Timer timer = new ManualClock().newTimer(t -> { });
        SystemControl system = new SystemControl() {
            @Override public void requestShutdown() { }
            @Override public void requestReset() { }
            @Override public void requestExit(int status) { }

            @Override
            public long nowNs(ClockType type) {
                asked.add(type);
                return 1234;
            }

            @Override
            public Timer newTimer(ClockType type, TimerCallback callback) {
                asked.add(type);
                return timer;
            }
        };

        ApicClock clock = ApicClock.virtual(system, () -> 99_000);

        assertEquals(1234, clock.nowNs());
        assertSame(timer, clock.newTimer(t -> { }));
        assertEquals(99_000, clock.tsc());
        assertEquals(List.of(ClockType.VIRTUAL, ClockType.VIRTUAL), asked);
    }
}
