package org.jemu.core.event.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jemu.core.event.GlobalLock;

/**
 * The global lock as a {@link ReentrantLock}, with helpers to drop every hold while the loop waits. The lock is fair:
 * a vCPU thread that releases it between instruction slices and asks again at once must not starve the main loop,
 * whose timers (the PIT's, the APIC's) would then fire late or never while a guest spins on the TSC waiting for them
 * (Linux's IO-APIC timer check panics then). A slice holds the lock for a millisecond or so, so the handover costs
 * nothing measurable.
 */
public final class GlobalLockImpl implements GlobalLock {

    private final ReentrantLock lock = new ReentrantLock(true);
    // One handle suffices: closing it releases one hold of the calling thread, so acquire() allocates nothing.
    private final Held held = lock::unlock;

    @Override
    public void lock() {
        lock.lock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return lock.tryLock(time, unit);
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public Condition newCondition() {
        return lock.newCondition();
    }

    /** Whether another thread waits for the lock (for tests of the hand-over). */
    boolean hasQueuedThreads() {
        return lock.hasQueuedThreads();
    }

    @Override
    public Held acquire() {
        lock.lock();
        return held;
    }

    /**
     * Releases all holds of the calling thread.
     *
     * @return how many there were, for {@link #reacquire(int)}
     */
    int releaseAll() {
        int n = lock.getHoldCount();
        for (int i = 0; i < n; i++) {
            lock.unlock();
        }
        return n;
    }

    /** @param holds a count returned by {@link #releaseAll()} */
    void reacquire(int holds) {
        for (int i = 0; i < holds; i++) {
            lock.lock();
        }
    }
}
