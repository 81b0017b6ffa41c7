package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final MainLoop loop = MainLoops.create(MainLoopConfig.defaults().withVirtualTimeSource(time));
    private final List<String> fired = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private Timer timer(String name) {
        return loop.newTimer(ClockType.VIRTUAL, t -> fired.add(name));
    }

    @Test
    void timersFireInDeadlineOrderOnceTheirTimeHasCome() {
        loop.resume();
        timer("c").modNs(300);
        timer("a").modNs(100);
        timer("b").modNs(200);

        time.advance(99);
        loop.iterate(false);
        assertEquals(List.of(), fired);

        time.advance(201);
        loop.iterate(false);
        assertEquals(List.of("a", "b", "c"), fired);
    }

    @Test
    void callbackCanRearmItsOwnTimer() {
        loop.resume();
        Timer periodic = loop.newTimer(ClockType.VIRTUAL, t -> {
            fired.add("tick@" + loop.nowNs(ClockType.VIRTUAL));
            t.modNs(loop.nowNs(ClockType.VIRTUAL) + 1_000);
        });
        periodic.modNs(1_000);

        for (int i = 0; i < 3; i++) {
            time.advance(1_000);
            loop.iterate(false);
        }

        assertEquals(List.of("tick@1000", "tick@2000", "tick@3000"), fired);
        assertTrue(periodic.pending());
        assertEquals(4_000, periodic.expireTime());
    }

    @Test
    void delCancelsAPendingTimer() {
        loop.resume();
        Timer t = timer("x");
        t.modMs(1);
        t.del();
        time.advance(2_000_000);
        loop.iterate(false);

        assertFalse(t.pending());
        assertEquals(-1, t.expireTime());
        assertEquals(List.of(), fired);
    }

    @Test
    void rearmingMovesTheDeadline() {
        loop.resume();
        Timer t = timer("x");
        t.modNs(100);
        t.modNs(500);

        time.advance(100);
        loop.iterate(false);
        assertEquals(List.of(), fired);
        assertEquals(500, t.expireTime());

        time.advance(400);
        loop.iterate(false);
        assertEquals(List.of("x"), fired);
        assertFalse(t.pending());
    }

    @Test
    void virtualTimersDoNotFireWhileThePauseStopsTheClock() {
        loop.resume();
        timer("x").modNs(10);
        loop.pause();

        time.advance(1_000);
        loop.iterate(false);
        assertEquals(List.of(), fired);

        loop.resume();
        time.advance(10);
        loop.iterate(false);
        assertEquals(List.of("x"), fired);
    }

    @Test
    void failingCallbackIsLoggedAndLaterTimersStillRun() {
        loop.resume();
        loop.newTimer(ClockType.VIRTUAL, t -> {
            throw new IllegalStateException("test: broken device");
        }).modNs(1);
        timer("after").modNs(2);

        time.advance(5);
        loop.iterate(false);

        assertEquals(List.of("after"), fired);
    }

    @Test
    void realtimeTimerWakesARunningLoopOnTime() throws Exception {
        CountDownLatch firedLatch = new CountDownLatch(1);
        boolean[] underLock = new boolean[1];
        try (LoopThread lt = new LoopThread(loop)) {
            Timer t = loop.newTimer(ClockType.REALTIME, timer -> {
                underLock[0] = loop.globalLock().isHeldByCurrentThread() && loop.isLoopThread();
                firedLatch.countDown();
            });
            t.modNs(loop.nowNs(ClockType.REALTIME) + 5_000_000);

            assertTrue(firedLatch.await(5, TimeUnit.SECONDS));
            assertTrue(underLock[0]);
        }
    }

    @Test
    void advancingManualTimeWakesARunningLoopForDueVirtualTimers() throws Exception {
        CountDownLatch firedLatch = new CountDownLatch(1);
        loop.resume();
        try (LoopThread lt = new LoopThread(loop)) {
            loop.newTimer(ClockType.VIRTUAL, t -> firedLatch.countDown()).modNs(1_000_000_000L);

            time.advance(1_000_000_000L);

            assertTrue(firedLatch.await(5, TimeUnit.SECONDS));
        }
    }
}
