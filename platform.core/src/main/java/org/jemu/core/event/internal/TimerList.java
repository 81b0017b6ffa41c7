package org.jemu.core.event.internal;

import java.util.Comparator;
import java.util.TreeSet;

import org.jemu.core.event.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The armed timers of one clock, ordered by deadline (then by arming order). */
final class TimerList {

    private static final Logger LOG = LoggerFactory.getLogger(TimerList.class);
    private static final Comparator<TimerImpl> ORDER =
            Comparator.comparingLong(TimerImpl::deadline).thenComparingLong(TimerImpl::sequence);

    private final Clock clock;
    private final Runnable wakeup;
    private final TreeSet<TimerImpl> armed = new TreeSet<>(ORDER);
    private long nextSequence;

    TimerList(Clock clock, Runnable wakeup) {
        this.clock = clock;
        this.wakeup = wakeup;
    }

    Clock clock() {
        return clock;
    }

    /** Arms or re-arms a timer; wakes the loop when it became the earliest. */
    void mod(TimerImpl timer, long deadlineNs) {
        boolean first;
        synchronized (this) {
            if (timer.isPendingLocked()) {
                armed.remove(timer);
            }
            timer.armLocked(deadlineNs, nextSequence++);
            armed.add(timer);
            first = armed.first() == timer;
        }
        if (first) {
            wakeup.run();
        }
    }

    synchronized void del(TimerImpl timer) {
        if (timer.isPendingLocked()) {
            armed.remove(timer);
            timer.disarmLocked();
        }
    }

    /** @return the earliest deadline, or Long.MAX_VALUE */
    synchronized long nearestDeadline() {
        return armed.isEmpty() ? Long.MAX_VALUE : armed.first().deadline();
    }

    /**
     * Runs the timers due at the current clock time, earliest first. Timers re-armed to a time not after
     * that run again in the same pass, as in QEMU.
     *
     * @return whether any ran
     */
    boolean runExpired() {
        long now = clock.nowNs();
        boolean ran = false;
        while (true) {
            TimerImpl due;
            synchronized (this) {
                if (armed.isEmpty() || armed.first().deadline() > now) {
                    return ran;
                }
                due = armed.pollFirst();
                due.disarmLocked();
            }
            ran = true;
            try {
                due.callback().expired(due);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.error("Timer callback on clock {} failed", clock.type(), e);
            }
        }
    }
}
