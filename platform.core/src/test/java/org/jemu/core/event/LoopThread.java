package org.jemu.core.event;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a main loop on its own thread for a test and shuts it down afterwards. */
final class LoopThread implements AutoCloseable {

    final MainLoop loop;
    final Thread thread;
    final CompletableFuture<ShutdownCause> result = new CompletableFuture<>();

    LoopThread(MainLoop loop) {
        this.loop = loop;
        this.thread = Thread.ofPlatform().name("test-main-loop").start(() -> {
            try {
                result.complete(loop.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
    }

    ShutdownCause awaitEnd() throws Exception {
        return result.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        loop.requestShutdown(ShutdownCause.HOST_QMP_QUIT);
        thread.join(10_000);
        assertTrue(!thread.isAlive(), "main loop thread ended");
        loop.close();
    }
}
