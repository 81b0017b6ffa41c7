package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    private final ManualTimeSource time = new ManualTimeSource(1_000);
    private final MainLoop loop = MainLoops.create(MainLoopConfig.defaults().withVirtualTimeSource(time));

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void virtualClockDoesNotAdvanceBeforeTheVmStarts() {
        time.advance(500);

        assertEquals(0, loop.nowNs(ClockType.VIRTUAL));
        assertFalse(loop.clock(ClockType.VIRTUAL).isEnabled());
    }

    @Test
    void virtualClockStopsWhilePausedAndContinuesWithoutJump() {
        loop.resume();
        time.advance(100);
        assertEquals(100, loop.nowNs(ClockType.VIRTUAL));

        loop.pause();
        time.advance(5_000);
        long whilePaused = loop.nowNs(ClockType.VIRTUAL);
        loop.resume();
        long rightAfterResume = loop.nowNs(ClockType.VIRTUAL);
        time.advance(20);

        assertEquals(100, whilePaused);
        assertEquals(100, rightAfterResume);
        assertEquals(120, loop.nowNs(ClockType.VIRTUAL));
    }

    @Test
    void hostTimeDrivenVirtualClockFreezesWhilePaused() {
        try (MainLoop hostLoop = MainLoops.create()) {
            hostLoop.resume();
            hostLoop.pause();
            long frozen = hostLoop.nowNs(ClockType.VIRTUAL);
            long realtimeBefore = hostLoop.nowNs(ClockType.REALTIME);
            while (hostLoop.nowNs(ClockType.REALTIME) - realtimeBefore < 1_000_000) {
                Thread.onSpinWait(); // let host time visibly pass
            }

            assertEquals(frozen, hostLoop.nowNs(ClockType.VIRTUAL));
            hostLoop.resume();
            assertTrue(hostLoop.nowNs(ClockType.VIRTUAL) >= frozen);
            assertTrue(hostLoop.nowNs(ClockType.VIRTUAL) - frozen < 1_000_000_000L, "no jump over the pause");
        }
    }

    @Test
    void realtimeAndHostClocksAlwaysRun() {
        long wallMs = System.currentTimeMillis();

        assertTrue(loop.clock(ClockType.REALTIME).isEnabled());
        assertTrue(Math.abs(loop.clock(ClockType.HOST).nowMs() - wallMs) < 60_000);
    }
}
