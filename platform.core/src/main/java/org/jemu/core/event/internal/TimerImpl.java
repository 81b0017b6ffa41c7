package org.jemu.core.event.internal;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;

/** A timer; its deadline and pending flag are guarded by its {@link TimerList}. */
final class TimerImpl implements Timer {

    private final TimerList list;
    private final TimerCallback callback;
    private long deadline = -1;
    private long sequence;
    private boolean pending;
    private volatile boolean freed;

    TimerImpl(TimerList list, TimerCallback callback) {
        this.list = list;
        this.callback = callback;
    }

    @Override
    public ClockType clockType() {
        return list.clock().type();
    }

    @Override
    public void modNs(long deadlineNs) {
        if (freed) {
            throw new IllegalStateException("timer was freed");
        }
        list.mod(this, deadlineNs);
    }

    @Override
    public void del() {
        list.del(this);
    }

    @Override
    public boolean pending() {
        synchronized (list) {
            return pending;
        }
    }

    @Override
    public long expireTime() {
        synchronized (list) {
            return pending ? deadline : -1;
        }
    }

    @Override
    public void free() {
        freed = true;
        del();
    }

    TimerCallback callback() {
        return callback;
    }

    long deadline() {
        return deadline;
    }

    long sequence() {
        return sequence;
    }

    boolean isPendingLocked() {
        return pending;
    }

    void armLocked(long deadlineNs, long seq) {
        deadline = deadlineNs;
        sequence = seq;
        pending = true;
    }

    void disarmLocked() {
        pending = false;
    }
}
