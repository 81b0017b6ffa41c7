package org.jemu.core.event.internal;

import org.jemu.core.event.Clock;
import org.jemu.core.event.ClockType;
import org.jemu.core.event.ManualTimeSource;
import org.jemu.core.event.TimeSource;

/** The three clocks of one loop. */
final class Clocks {

    private final Clock realtime = new FixedClock(ClockType.REALTIME, false);
    private final Clock host = new FixedClock(ClockType.HOST, true);
    private final VirtualClock virtual;

    Clocks(TimeSource virtualSource) {
        this.virtual = new VirtualClock(virtualSource);
    }

    Clock get(ClockType type) {
        return switch (type) {
            case REALTIME -> realtime;
            case VIRTUAL -> virtual;
            case HOST -> host;
        };
    }

    VirtualClock virtual() {
        return virtual;
    }

    private record FixedClock(ClockType type, boolean wall) implements Clock {
        @Override
        public long nowNs() {
            if (wall) {
                return Math.multiplyExact(System.currentTimeMillis(), 1_000_000L);
            }
            return System.nanoTime();
        }

        @Override
        public boolean isEnabled() {
            return true;
        }
    }

    /**
     * Guest time: source time minus an offset while enabled, a frozen value while disabled. The state is one
     * immutable object behind a volatile field so a read is a single consistent snapshot without allocation.
     */
    static final class VirtualClock implements Clock {

        private record State(boolean enabled, long offsetOrFrozen) {
        }

        private final TimeSource source;
        private volatile State state = new State(false, 0);

        VirtualClock(TimeSource source) {
            this.source = source;
        }

        @Override
        public ClockType type() {
            return ClockType.VIRTUAL;
        }

        @Override
        public long nowNs() {
            State s = state;
            return s.enabled ? source.nowNs() - s.offsetOrFrozen : s.offsetOrFrozen;
        }

        @Override
        public boolean isEnabled() {
            return state.enabled;
        }

        /** @return whether deadlines follow host time, so the loop may sleep until them */
        boolean followsHostTime() {
            return !(source instanceof ManualTimeSource);
        }

        TimeSource source() {
            return source;
        }

        synchronized void enable() {
            State s = state;
            if (!s.enabled) {
                // Continue from the frozen value: the new offset hides the time spent disabled.
                state = new State(true, source.nowNs() - s.offsetOrFrozen);
            }
        }

        synchronized void disable() {
            State s = state;
            if (s.enabled) {
                state = new State(false, source.nowNs() - s.offsetOrFrozen);
            }
        }
    }
}
