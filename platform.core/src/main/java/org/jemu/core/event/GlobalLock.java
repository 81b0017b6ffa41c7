package org.jemu.core.event;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one reentrant lock that guards all device state (QEMU's big lock). The main loop holds it while it runs
 * callbacks and releases it while it waits for events; vCPU threads take it around device accesses.
 */
@ProviderType
public interface GlobalLock {

    /** Acquires the lock, waiting as needed. */
    void lock();

    /**
     * Tries to acquire the lock within a time.
     *
     * @param time how long to wait
     * @param unit unit of time
     * @return whether the lock is now held
     * @throws InterruptedException if interrupted while waiting
     */
    boolean tryLock(long time, TimeUnit unit) throws InterruptedException;

    /** Releases one hold of the lock. */
    void unlock();

    /** @return whether the calling thread holds the lock */
    boolean isHeldByCurrentThread();

    /** @return a new condition bound to this lock */
    Condition newCondition();

    /**
     * Acquires the lock for a try-with-resources block: {@code try (var l = lock.acquire()) { ... }}.
     *
     * @return a handle whose {@code close()} releases this hold; do not close it twice
     */
    Held acquire();

    /** A hold of the lock, released by {@link #close()}. */
    @ProviderType
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
