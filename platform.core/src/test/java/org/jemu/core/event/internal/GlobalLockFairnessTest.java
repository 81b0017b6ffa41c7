package org.jemu.core.event.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** A vCPU thread that gives the lock back between slices and asks again at once must not starve the main loop. */
class GlobalLockFairnessTest {

    @Test
    void aThreadWaitingForTheLockGetsItBeforeTheReleasingThreadTakesItAgain() throws Exception {
        GlobalLockImpl lock = new GlobalLockImpl();
        AtomicBoolean waiterGotIt = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        lock.lock();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try (var held = lock.acquire()) {
                waiterGotIt.set(true);
            }
            done.countDown();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertTrue(lock.hasQueuedThreads(), "the waiter queued");

        int retakes = 0;
        lock.unlock();
        while (!waiterGotIt.get() && retakes < 1_000_000) { // the vCPU's slice loop: release, take again
            try (var held = lock.acquire()) {
                if (!waiterGotIt.get()) retakes++;
            }
        }

        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(0, retakes, "times the releasing thread took the lock back before the waiter had it");
        waiter.join();
    }
}
