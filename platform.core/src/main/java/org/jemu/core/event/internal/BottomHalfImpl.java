package org.jemu.core.event.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.jemu.core.event.BottomHalf;

/** A bottom half; its state word makes schedule/cancel/run race-free without a lock. */
final class BottomHalfImpl implements BottomHalf {

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int DELETED = 2;

    private final BottomHalfQueue queue;
    private final Runnable action;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    BottomHalfImpl(BottomHalfQueue queue, Runnable action) {
        this.queue = queue;
        this.action = action;
    }

    @Override
    public void schedule() {
        if (state.compareAndSet(IDLE, SCHEDULED)) {
            queue.enqueue(this, false);
        }
    }

    @Override
    public void scheduleIdle() {
        if (state.compareAndSet(IDLE, SCHEDULED)) {
            queue.enqueue(this, true);
        }
    }

    @Override
    public void cancel() {
        state.compareAndSet(SCHEDULED, IDLE);
    }

    @Override
    public void delete() {
        state.set(DELETED);
    }

    @Override
    public boolean isScheduled() {
        return state.get() == SCHEDULED;
    }

    /** @return whether this entry was still scheduled, i.e. the action must run now */
    boolean claim() {
        return state.compareAndSet(SCHEDULED, IDLE);
    }

    Runnable action() {
        return action;
    }
}
