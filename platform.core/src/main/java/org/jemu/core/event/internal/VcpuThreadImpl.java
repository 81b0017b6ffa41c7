package org.jemu.core.event.internal;

import org.jemu.core.event.VcpuThread;
import org.jemu.core.event.VcpuContext;
import org.jemu.core.event.VcpuState;

/** One vCPU thread: its handle for others and the context its body uses. */
final class VcpuThreadImpl implements VcpuThread, VcpuContext {

    private final VcpuManagerImpl manager;
    private final int index;
    private final String name;
    private volatile boolean kicked;
    private volatile Runnable kickHandler;
    private VcpuState state = VcpuState.RUNNING;
    private Thread thread;

    VcpuThreadImpl(VcpuManagerImpl manager, int index, String name) {
        this.manager = manager;
        this.index = index;
        this.name = name;
    }

    void setThread(Thread thread) {
        this.thread = thread;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public VcpuState state() {
        try (var l = manager.lock().acquire()) {
            return state;
        }
    }

    VcpuState stateLocked() {
        return state;
    }

    void setStateLocked(VcpuState s) {
        state = s;
    }

    @Override
    public void kick() {
        kicked = true;
        Runnable h = kickHandler;
        if (h != null) {
            h.run();
        }
        try (var l = manager.lock().acquire()) {
            manager.changed().signalAll();
        }
    }

    @Override
    public boolean exitRequested() {
        return kicked || manager.pauseRequested() || manager.stopRequested();
    }

    @Override
    public boolean checkpoint() {
        requireOwnThread();
        kicked = false;
        if (!manager.pauseRequested() || manager.stopRequested()) {
            return !manager.stopRequested();
        }
        try (var l = manager.lock().acquire()) {
            while (manager.pauseRequested() && !manager.stopRequested()) {
                if (state != VcpuState.PAUSED) {
                    state = VcpuState.PAUSED;
                    manager.changed().signalAll();
                }
                manager.changed().awaitUninterruptibly();
            }
            state = VcpuState.RUNNING;
            kicked = false;
            return !manager.stopRequested();
        }
    }

    @Override
    public boolean waitForKick(long timeoutNs) {
        requireOwnThread();
        try (var l = manager.lock().acquire()) {
            long remaining = timeoutNs;
            while (!exitRequested()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = manager.changed().awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void setKickHandler(Runnable handler) {
        kickHandler = handler;
    }

    private void requireOwnThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("only vCPU thread " + name + " may use its context");
        }
    }

    @Override
    public String toString() {
        return "vCPU " + name;
    }
}
