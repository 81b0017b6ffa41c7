package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BottomHalfTest {

    private final MainLoop loop = MainLoops.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void bottomHalfScheduledFromAnotherThreadRunsOnTheLoopThreadUnderTheLock() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        CompletableFuture<Boolean> lockHeld = new CompletableFuture<>();
        try (LoopThread lt = new LoopThread(loop)) {
            BottomHalf bh = loop.newBottomHalf(() -> {
                lockHeld.complete(loop.globalLock().isHeldByCurrentThread());
                ranOn.complete(Thread.currentThread());
            });

            Thread.ofVirtual().start(bh::schedule).join();

            assertSame(lt.thread, ranOn.get(5, TimeUnit.SECONDS));
            assertTrue(lockHeld.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void schedulingTwiceBeforeItRunsRunsItOnce() {
        AtomicInteger runs = new AtomicInteger();
        BottomHalf bh = loop.newBottomHalf(runs::incrementAndGet);

        bh.schedule();
        bh.schedule();
        loop.iterate(false);
        loop.iterate(false);

        assertEquals(1, runs.get());
        assertFalse(bh.isScheduled());
    }

    @Test
    void cancelledOrDeletedBottomHalfDoesNotRun() {
        AtomicInteger runs = new AtomicInteger();
        BottomHalf cancelled = loop.newBottomHalf(runs::incrementAndGet);
        BottomHalf deleted = loop.newBottomHalf(runs::incrementAndGet);

        cancelled.schedule();
        cancelled.cancel();
        deleted.schedule();
        deleted.delete();
        deleted.schedule();
        loop.iterate(false);

        assertEquals(0, runs.get());
    }

    @Test
    void bottomHalfRescheduledByItselfRunsAgainInALaterIteration() {
        AtomicInteger runs = new AtomicInteger();
        BottomHalf[] self = new BottomHalf[1];
        self[0] = loop.newBottomHalf(() -> {
            if (runs.incrementAndGet() < 3) {
                self[0].schedule();
            }
        });

        self[0].schedule();
        loop.iterate(false);
        assertTrue(runs.get() < 3, "a self-rescheduling bottom half does not monopolise one iteration");
        loop.iterate(false);
        loop.iterate(false);

        assertEquals(3, runs.get());
    }

    @Test
    void idleBottomHalfRunsWithoutOtherEvents() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (LoopThread lt = new LoopThread(loop)) {
            loop.newBottomHalf(ran::countDown).scheduleIdle();

            assertTrue(ran.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void postedTaskRunsOnTheLoopThreadAndAFailingOneDoesNotStopTheLoop() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        try (LoopThread lt = new LoopThread(loop)) {
            loop.post(() -> {
                throw new IllegalStateException("test: failing task");
            });
            loop.post(() -> ranOn.complete(Thread.currentThread()));

            assertSame(lt.thread, ranOn.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void readableChannelCallsItsHandlerOnTheLoopThread() throws Exception {
        Pipe pipe = Pipe.open();
        CompletableFuture<String> received = new CompletableFuture<>();
        try (LoopThread lt = new LoopThread(loop)) {
            IoWatch watch = loop.watch(pipe.source(), new IoHandler() {
                @Override
                public void readable(IoWatch w) {
                    ByteBuffer buf = ByteBuffer.allocate(16);
                    try {
                        int n = pipe.source().read(buf);
                        received.complete(new String(buf.array(), 0, n) + "@" + loop.isLoopThread());
                    } catch (java.io.IOException e) {
                        received.completeExceptionally(e);
                    }
                    w.close();
                }
            });

            pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));

            assertEquals("hi@true", received.get(5, TimeUnit.SECONDS));
            assertFalse(watch.channel().isBlocking());
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }
}
