package org.jemu.cpu.x86.internal.apic;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;

/** A virtual clock that moves only when told to, running due timers in deadline order (as the main loop would). */
final class ManualClock implements ApicClock {

    private long now;
    long tscOffset;
    private final List<ManualTimer> timers = new ArrayList<>();

    @Override
    public long nowNs() {
        return now;
    }

    @Override
    public long tsc() {
        return now + tscOffset;
    }

    @Override
    public Timer newTimer(TimerCallback callback) {
        ManualTimer t = new ManualTimer(callback);
        timers.add(t);
        return t;
    }

    /** Moves the clock {@code ns} forward, firing every timer that falls due on the way at its deadline. */
    void advance(long ns) {
        long target = now + ns;
        while (true) {
            ManualTimer next = null;
            for (ManualTimer t : timers) {
                if (t.deadline >= 0 && t.deadline <= target && (next == null || t.deadline < next.deadline)) next = t;
            }
            if (next == null) break;
            now = Math.max(now, next.deadline);
            next.deadline = -1;
            next.callback.expired(next);
        }
        now = target;
    }

    int liveTimers() {
        return (int) timers.stream().filter(t -> !t.freed).count();
    }

    private static final class ManualTimer implements Timer {
        final TimerCallback callback;
        long deadline = -1;
        boolean freed;

        ManualTimer(TimerCallback callback) {
            this.callback = callback;
        }

        @Override
        public ClockType clockType() {
            return ClockType.VIRTUAL;
        }

        @Override
        public void modNs(long deadlineNs) {
            if (freed) throw new IllegalStateException("timer armed after free");
            deadline = deadlineNs;
        }

        @Override
        public void del() {
            deadline = -1;
        }

        @Override
        public boolean pending() {
            return deadline >= 0;
        }

        @Override
        public long expireTime() {
            return deadline;
        }

        @Override
        public void free() {
            freed = true;
            deadline = -1;
        }
    }
}
