package org.jemu.core.event.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

import org.jemu.core.event.VcpuThread;
import org.jemu.core.event.VcpuBody;
import org.jemu.core.event.VcpuManager;
import org.jemu.core.event.VcpuState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vCPU threads and their shared pause/stop request. All state changes happen under the global lock and are
 * announced on one condition, so waiting for acknowledgements releases the lock like QEMU's pause_all_vcpus.
 */
final class VcpuManagerImpl implements VcpuManager {

    private static final Logger LOG = LoggerFactory.getLogger(VcpuManagerImpl.class);
    private static final long WARN_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    private final GlobalLockImpl lock;
    private final Condition changed;
    private final List<VcpuThreadImpl> vcpus = new ArrayList<>();
    private final ThreadLocal<VcpuThreadImpl> current = new ThreadLocal<>();
    // Read on the vCPU fast path without the lock, hence volatile; written under the lock.
    private volatile boolean pauseRequested = true;
    private volatile boolean stopRequested;

    VcpuManagerImpl(GlobalLockImpl lock) {
        this.lock = lock;
        this.changed = lock.newCondition();
    }

    @Override
    public VcpuThread start(String name, VcpuBody body) {
        try (var l = lock.acquire()) {
            if (stopRequested) {
                throw new IllegalStateException("vCPUs are stopping");
            }
            VcpuThreadImpl vcpu = new VcpuThreadImpl(this, vcpus.size(), name);
            vcpus.add(vcpu);
            Thread thread = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> runBody(vcpu, body));
            vcpu.setThread(thread);
            thread.start();
            return vcpu;
        }
    }

    private void runBody(VcpuThreadImpl vcpu, VcpuBody body) {
        current.set(vcpu);
        try {
            body.run(vcpu);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.error("vCPU {} failed", vcpu.name(), e);
        } finally {
            try (var l = lock.acquire()) {
                vcpu.setStateLocked(VcpuState.STOPPED);
                changed.signalAll();
            }
        }
    }

    @Override
    public List<VcpuThread> vcpus() {
        try (var l = lock.acquire()) {
            return List.copyOf(vcpus);
        }
    }

    @Override
    public boolean pauseAll(Duration timeout) {
        return pause(timeout.toNanos(), false);
    }

    @Override
    public void pauseAll() {
        pause(Long.MAX_VALUE, true);
    }

    private boolean pause(long timeoutNs, boolean warn) {
        requireNotVcpu("pauseAll");
        try (var l = lock.acquire()) {
            pauseRequested = true;
            vcpus.forEach(VcpuThreadImpl::kick);
            long deadline = System.nanoTime() + Math.min(timeoutNs, Long.MAX_VALUE / 4);
            long nextWarn = System.nanoTime() + WARN_INTERVAL_NS;
            while (!allPausedLocked()) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return false;
                }
                if (warn && now - nextWarn >= 0) {
                    LOG.warn("Still waiting for vCPUs to pause: {}", vcpus.stream()
                            .filter(v -> v.stateLocked() == VcpuState.RUNNING).map(VcpuThreadImpl::name).toList());
                    nextWarn = now + WARN_INTERVAL_NS;
                }
                changed.awaitNanos(Math.min(deadline - now, WARN_INTERVAL_NS));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void resumeAll() {
        try (var l = lock.acquire()) {
            pauseRequested = false;
            changed.signalAll();
        }
    }

    @Override
    public boolean allPaused() {
        try (var l = lock.acquire()) {
            return allPausedLocked();
        }
    }

    private boolean allPausedLocked() {
        for (VcpuThreadImpl v : vcpus) {
            if (v.stateLocked() == VcpuState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean stopAll(Duration timeout) {
        requireNotVcpu("stopAll");
        try (var l = lock.acquire()) {
            stopRequested = true;
            vcpus.forEach(VcpuThreadImpl::kick);
            changed.signalAll();
            long remaining = timeout.toNanos();
            while (vcpus.stream().anyMatch(v -> v.stateLocked() != VcpuState.STOPPED)) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isVcpuThread() {
        return current.get() != null;
    }

    private void requireNotVcpu(String what) {
        if (isVcpuThread()) {
            throw new IllegalStateException(what + " called from vCPU thread " + Thread.currentThread().getName()
                    + "; request a pause through the main loop instead");
        }
    }

    boolean pauseRequested() {
        return pauseRequested;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    GlobalLockImpl lock() {
        return lock;
    }

    Condition changed() {
        return changed;
    }
}
