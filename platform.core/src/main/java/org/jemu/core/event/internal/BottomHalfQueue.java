package org.jemu.core.event.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled bottom halves and posted tasks. A cancelled bottom half may leave a stale queue entry; it is
 * skipped because {@link BottomHalfImpl#claim()} fails for it.
 */
final class BottomHalfQueue {

    private static final Logger LOG = LoggerFactory.getLogger(BottomHalfQueue.class);
    /** Idle bottom halves run at least this often, as in QEMU. */
    static final long IDLE_PERIOD_NS = 10_000_000L;

    private final Queue<BottomHalfImpl> normal = new ConcurrentLinkedQueue<>();
    private final Queue<BottomHalfImpl> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final Runnable wakeup;

    BottomHalfQueue(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    void enqueue(BottomHalfImpl bh, boolean isIdle) {
        (isIdle ? idle : normal).add(bh);
        // Idle ones too: a loop waiting without a deadline would otherwise never get to them.
        wakeup.run();
    }

    void post(Runnable task) {
        posted.add(task);
        wakeup.run();
    }

    boolean hasUrgentWork() {
        return !normal.isEmpty() || !posted.isEmpty();
    }

    boolean hasIdleWork() {
        return !idle.isEmpty();
    }

    /**
     * Runs the posted tasks and bottom halves queued at entry; ones queued meanwhile wait for the next pass
     * so a self-rescheduling bottom half cannot starve the loop.
     *
     * @param includeIdle whether to run idle bottom halves too
     * @return whether anything ran
     */
    boolean runPending(boolean includeIdle) {
        boolean ran = false;
        for (int n = posted.size(); n > 0; n--) {
            Runnable task = posted.poll();
            if (task == null) {
                break;
            }
            ran = true;
            runSafely(task, "Posted task");
        }
        ran |= drain(normal);
        if (includeIdle) {
            ran |= drain(idle);
        }
        return ran;
    }

    private boolean drain(Queue<BottomHalfImpl> queue) {
        boolean ran = false;
        for (int n = queue.size(); n > 0; n--) {
            BottomHalfImpl bh = queue.poll();
            if (bh == null) {
                break;
            }
            if (bh.claim()) {
                ran = true;
                runSafely(bh.action(), "Bottom half");
            }
        }
        return ran;
    }

    static void runSafely(Runnable r, String what) {
        try {
            r.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.error("{} {} failed", what, r, e);
        }
    }
}
