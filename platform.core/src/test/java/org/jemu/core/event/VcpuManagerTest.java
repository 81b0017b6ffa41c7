package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VcpuManagerTest {

    private final MainLoop loop = MainLoops.create();
    private final VcpuManager vcpus = loop.vcpus();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void vcpusStartPausedUntilTheVmRuns() throws Exception {
        AtomicLong iterations = new AtomicLong();
        CountDownLatch running = new CountDownLatch(1);
        VcpuThread cpu = vcpus.start("CPU 0/test", ctx -> {
            while (ctx.checkpoint()) {
                iterations.incrementAndGet();
                running.countDown();
                ctx.waitForKick(1_000_000_000L);
            }
        });
        assertTrue(vcpus.pauseAll(Duration.ofSeconds(5)));
        assertEquals(VcpuState.PAUSED, cpu.state());
        assertEquals(0, iterations.get());

        loop.resume();

        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals("CPU 0/test", cpu.name());
    }

    @Test
    void pauseAllWaitsUntilEveryVcpuHasAcknowledged() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        vcpus.start("CPU 0/fast", ctx -> {
            while (ctx.checkpoint()) {
                ctx.waitForKick(1_000_000_000L);
            }
        });
        vcpus.start("CPU 1/slow", ctx -> {
            while (ctx.checkpoint()) {
                busy.countDown();
                awaitUninterruptibly(release); // a long guest instruction that ignores kicks
            }
        });
        loop.resume();
        assertTrue(busy.await(5, TimeUnit.SECONDS));

        boolean pausedWhileBusy = vcpus.pauseAll(Duration.ofMillis(50));
        CompletableFuture<Boolean> fullPause = CompletableFuture.supplyAsync(() -> {
            vcpus.pauseAll();
            return vcpus.allPaused();
        });
        release.countDown();

        assertFalse(pausedWhileBusy);
        assertTrue(fullPause.get(5, TimeUnit.SECONDS));
        assertTrue(vcpus.vcpus().stream().allMatch(v -> v.state() == VcpuState.PAUSED));
    }

    @Test
    void pauseAllReleasesTheGlobalLockSoVcpusCanFinishDeviceAccesses() throws Exception {
        CountDownLatch inLoop = new CountDownLatch(1);
        vcpus.start("CPU 0/mmio", ctx -> {
            while (ctx.checkpoint()) {
                inLoop.countDown();
                try (var l = loop.globalLock().acquire()) {
                    ctx.waitForKick(1_000_000L);
                }
            }
        });
        loop.resume();
        assertTrue(inLoop.await(5, TimeUnit.SECONDS));

        try (var l = loop.globalLock().acquire()) {
            assertTrue(vcpus.pauseAll(Duration.ofSeconds(5)));
            assertTrue(loop.globalLock().isHeldByCurrentThread());
        }
    }

    @Test
    void stopAllEndsTheBodies() {
        vcpus.start("CPU 0/test", ctx -> {
            while (ctx.checkpoint()) {
                ctx.waitForKick(1_000_000_000L);
            }
        });
        loop.resume();

        assertTrue(vcpus.stopAll(Duration.ofSeconds(5)));
        assertEquals(VcpuState.STOPPED, vcpus.vcpus().getFirst().state());
    }

    @Test
    void pausingFromAVcpuThreadIsRefused() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        vcpus.start("CPU 0/test", ctx -> {
            try {
                vcpus.pauseAll(Duration.ofSeconds(1));
                error.complete(null);
            } catch (IllegalStateException e) {
                error.complete(e);
            }
        });

        assertTrue(error.get(5, TimeUnit.SECONDS) instanceof IllegalStateException);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the test releases the latch
            }
        }
    }
}
