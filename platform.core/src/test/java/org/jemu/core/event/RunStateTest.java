package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RunStateTest {

    /** A vCPU that idles in its loop until asked to pause or stop. */
    private static final VcpuBody IDLE_VCPU = ctx -> {
        while (ctx.checkpoint()) {
            ctx.waitForKick(1_000_000_000L);
        }
    };

    @Test
    void shutdownRequestEndsRunWithItsCause() throws Exception {
        try (MainLoop loop = MainLoops.create()) {
            LoopThread lt = new LoopThread(loop);
            loop.requestShutdown(ShutdownCause.GUEST_SHUTDOWN);

            assertEquals(ShutdownCause.GUEST_SHUTDOWN, lt.awaitEnd());
            assertEquals(RunState.SHUTDOWN, loop.runState());
            lt.close();
        }
    }

    @Test
    void firstShutdownCauseWins() throws Exception {
        try (MainLoop loop = MainLoops.create()) {
            loop.requestShutdown(ShutdownCause.HOST_SIGNAL);
            loop.requestShutdown(ShutdownCause.HOST_QMP_QUIT);

            assertEquals(ShutdownCause.HOST_SIGNAL, loop.run());
        }
    }

    @Test
    void resetRequestRunsTheResetHandlerOnTheLoopThreadWithVcpusPaused() throws Exception {
        try (MainLoop loop = MainLoops.create()) {
            loop.vcpus().start("CPU 0/test", IDLE_VCPU);
            loop.vcpus().start("CPU 1/test", IDLE_VCPU);
            loop.resume();
            CompletableFuture<String> seen = new CompletableFuture<>();
            loop.setResetHandler(cause -> seen.complete(cause + " paused=" + loop.vcpus().allPaused()
                    + " loop=" + loop.isLoopThread() + " lock=" + loop.globalLock().isHeldByCurrentThread()));
            try (LoopThread lt = new LoopThread(loop)) {
                loop.requestReset(ShutdownCause.GUEST_RESET);

                assertEquals("GUEST_RESET paused=true loop=true lock=true", seen.get(5, TimeUnit.SECONDS));
                assertEquals(RunState.RUNNING, loop.runState());
            }
        }
    }

    @Test
    void noRebootTurnsAGuestResetIntoAShutdown() throws Exception {
        try (MainLoop loop = MainLoops.create(MainLoopConfig.defaults().withNoReboot(true))) {
            List<ShutdownCause> resets = new CopyOnWriteArrayList<>();
            loop.setResetHandler(resets::add);
            loop.resume();

            loop.requestReset(ShutdownCause.GUEST_RESET);

            assertEquals(ShutdownCause.GUEST_RESET, loop.run());
            assertEquals(List.of(), resets);
        }
    }

    @Test
    void noRebootStillAllowsAHostRequestedReset() {
        try (MainLoop loop = MainLoops.create(MainLoopConfig.defaults().withNoReboot(true))) {
            List<ShutdownCause> resets = new CopyOnWriteArrayList<>();
            loop.setResetHandler(resets::add);

            loop.requestReset(ShutdownCause.HOST_QMP_SYSTEM_RESET);
            loop.iterate(false);

            assertEquals(List.of(ShutdownCause.HOST_QMP_SYSTEM_RESET), resets);
            assertEquals(ShutdownCause.NONE, loop.shutdownCause());
        }
    }

    @Test
    void listenersSeeRunStateChanges() {
        try (MainLoop loop = MainLoops.create()) {
            List<String> changes = new CopyOnWriteArrayList<>();
            loop.addRunStateListener((from, to, cause) -> changes.add(from + "->" + to + ":" + cause));

            loop.resume();
            loop.requestPause();
            loop.iterate(false);
            loop.requestResume();
            loop.iterate(false);
            loop.requestShutdown(ShutdownCause.HOST_QMP_QUIT);
            loop.iterate(false);

            assertEquals(List.of("PRELAUNCH->RUNNING:NONE", "RUNNING->PAUSED:NONE", "PAUSED->RUNNING:NONE",
                    "RUNNING->SHUTDOWN:HOST_QMP_QUIT"), changes);
        }
    }

    @Test
    void pauseRequestedFromAVcpuThreadPausesTheVm() throws Exception {
        try (MainLoop loop = MainLoops.create()) {
            CompletableFuture<RunState> paused = new CompletableFuture<>();
            loop.addRunStateListener((from, to, cause) -> {
                if (to == RunState.PAUSED) {
                    paused.complete(to);
                }
            });
            loop.vcpus().start("CPU 0/test", ctx -> {
                boolean asked = false;
                while (ctx.checkpoint()) {
                    if (!asked) {
                        asked = true;
                        loop.requestPause(); // like a guest-triggered stop
                    }
                    ctx.waitForKick(1_000_000_000L);
                }
            });
            loop.resume();
            try (LoopThread lt = new LoopThread(loop)) {
                assertEquals(RunState.PAUSED, paused.get(5, TimeUnit.SECONDS));
                assertTrue(loop.vcpus().allPaused());
            }
        }
    }
}
