package org.jemu.core.event.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.jemu.core.event.BottomHalf;
import org.jemu.core.event.Clock;
import org.jemu.core.event.ClockType;
import org.jemu.core.event.GlobalLock;
import org.jemu.core.event.IoHandler;
import org.jemu.core.event.IoWatch;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoopConfig;
import org.jemu.core.event.ManualTimeSource;
import org.jemu.core.event.ResetHandler;
import org.jemu.core.event.RunState;
import org.jemu.core.event.RunStateListener;
import org.jemu.core.event.ShutdownCause;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.event.VcpuManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The main loop: a {@link Selector} wait bounded by the nearest timer deadline, then dispatch under the lock. */
public final class MainLoopImpl implements MainLoop {

    private static final Logger LOG = LoggerFactory.getLogger(MainLoopImpl.class);
    private static final ClockType[] CLOCK_TYPES = ClockType.values();

    private final MainLoopConfig config;
    private final GlobalLockImpl lock = new GlobalLockImpl();
    private final Selector selector;
    private final Runnable wakeup;
    private final Clocks clocks;
    private final TimerList[] timerLists = new TimerList[CLOCK_TYPES.length];
    private final BottomHalfQueue bottomHalves;
    private final VcpuManagerImpl vcpus = new VcpuManagerImpl(lock);
    private final List<RunStateListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<ShutdownCause> shutdownRequest = new AtomicReference<>();
    private final AtomicReference<ShutdownCause> resetRequest = new AtomicReference<>();
    private volatile Thread loopThread;
    private volatile RunState state = RunState.PRELAUNCH;
    private ResetHandler resetHandler;

    /** @param config the configuration */
    public MainLoopImpl(MainLoopConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the main loop's selector", e);
        }
        this.wakeup = selector::wakeup;
        this.clocks = new Clocks(config.virtualTimeSource());
        for (ClockType t : CLOCK_TYPES) {
            timerLists[t.ordinal()] = new TimerList(clocks.get(t), wakeup);
        }
        this.bottomHalves = new BottomHalfQueue(wakeup);
        if (config.virtualTimeSource() instanceof ManualTimeSource manual) {
            manual.addAdvanceListener(wakeup);
        }
    }

    @Override
    public GlobalLock globalLock() {
        return lock;
    }

    @Override
    public Clock clock(ClockType type) {
        return clocks.get(type);
    }

    @Override
    public long nowNs(ClockType type) {
        return clocks.get(type).nowNs();
    }

    @Override
    public Timer newTimer(ClockType type, TimerCallback callback) {
        return new TimerImpl(timerLists[type.ordinal()], Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public BottomHalf newBottomHalf(Runnable action) {
        return new BottomHalfImpl(bottomHalves, Objects.requireNonNull(action, "action"));
    }

    @Override
    public IoWatch watch(SelectableChannel channel, IoHandler handler) {
        Objects.requireNonNull(handler, "handler");
        try {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            IoWatchImpl watch = new IoWatchImpl(key, handler, wakeup);
            key.attach(watch);
            watch.setInterest(true, false);
            return watch;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch " + channel, e);
        }
    }

    @Override
    public void post(Runnable task) {
        bottomHalves.post(Objects.requireNonNull(task, "task"));
    }

    @Override
    public void wakeup() {
        wakeup.run();
    }

    @Override
    public boolean isLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    @Override
    public VcpuManager vcpus() {
        return vcpus;
    }

    @Override
    public ShutdownCause run() {
        try (var l = lock.acquire()) {
            loopThread = Thread.currentThread();
            while (state != RunState.SHUTDOWN) {
                iterate(true);
            }
            return shutdownCause();
        }
    }

    @Override
    public boolean iterate(boolean blocking) {
        try (var l = lock.acquire()) {
            loopThread = Thread.currentThread();
            boolean ran = bottomHalves.runPending(false);
            long timeoutNs = blocking && !ran && !hasPendingWork() ? timeoutNs() : 0;
            int holds = lock.releaseAll();
            try {
                select(timeoutNs);
            } finally {
                lock.reacquire(holds);
            }
            ran |= dispatchIo();
            ran |= runTimers();
            ran |= bottomHalves.runPending(true);
            ran |= processRequests();
            return ran;
        }
    }

    private boolean hasPendingWork() {
        return bottomHalves.hasUrgentWork() || resetRequest.get() != null
                || (shutdownRequest.get() != null && state != RunState.SHUTDOWN);
    }

    /** @return ns until the nearest deadline that can pass on its own, Long.MAX_VALUE for none */
    private long timeoutNs() {
        long timeout = bottomHalves.hasIdleWork() ? BottomHalfQueue.IDLE_PERIOD_NS : Long.MAX_VALUE;
        for (ClockType t : CLOCK_TYPES) {
            TimerList list = timerLists[t.ordinal()];
            long deadline = list.nearestDeadline();
            if (deadline == Long.MAX_VALUE || !list.clock().isEnabled()) {
                continue;
            }
            long delta = Math.max(0, deadline - list.clock().nowNs());
            if (t == ClockType.VIRTUAL && !clocks.virtual().followsHostTime() && delta > 0) {
                continue; // manual time only moves when advanced, which wakes us
            }
            timeout = Math.min(timeout, delta);
        }
        return timeout;
    }

    private void select(long timeoutNs) {
        try {
            if (timeoutNs <= 0) {
                selector.selectNow();
            } else if (timeoutNs == Long.MAX_VALUE) {
                selector.select();
            } else {
                // Round up: select(0) would mean "forever" and waking early only costs another pass.
                selector.select(Math.max(1, (timeoutNs + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            LOG.error("Selector failed", e);
        }
    }

    private boolean dispatchIo() {
        var selected = selector.selectedKeys();
        if (selected.isEmpty()) {
            return false;
        }
        for (Iterator<SelectionKey> it = selected.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            if (key.attachment() instanceof IoWatchImpl watch) {
                watch.dispatch();
            }
        }
        return true;
    }

    private boolean runTimers() {
        boolean ran = false;
        for (TimerList list : timerLists) {
            if (list.clock().isEnabled()) {
                ran |= list.runExpired();
            }
        }
        return ran;
    }

    private boolean processRequests() {
        boolean ran = false;
        ShutdownCause reset = resetRequest.getAndSet(null);
        if (reset != null && shutdownRequest.get() == null) {
            doReset(reset);
            ran = true;
        }
        ShutdownCause shutdown = shutdownRequest.get();
        if (shutdown != null && state != RunState.SHUTDOWN) {
            stop(RunState.SHUTDOWN, shutdown);
            ran = true;
        }
        return ran;
    }

    private void doReset(ShutdownCause cause) {
        boolean wasRunning = state.isRunning();
        if (wasRunning) {
            vcpus.pauseAll();
        }
        try {
            ResetHandler handler = resetHandler;
            if (handler != null) {
                BottomHalfQueue.runSafely(() -> handler.reset(cause), "Reset handler");
            } else {
                LOG.warn("System reset requested ({}) but no reset handler is set", cause);
            }
        } finally {
            if (wasRunning && state.isRunning()) {
                vcpus.resumeAll();
            }
        }
        for (RunStateListener l : listeners) {
            BottomHalfQueue.runSafely(() -> l.resetDone(cause), "Run-state listener");
        }
    }

    @Override
    public RunState runState() {
        return state;
    }

    @Override
    public void resume() {
        try (var l = lock.acquire()) {
            RunState old = state;
            if (old == RunState.RUNNING || old == RunState.SHUTDOWN) {
                return;
            }
            clocks.virtual().enable();
            vcpus.resumeAll();
            changeState(old, RunState.RUNNING, ShutdownCause.NONE);
        }
    }

    @Override
    public void pause() {
        stop(RunState.PAUSED, ShutdownCause.NONE);
    }

    private void stop(RunState target, ShutdownCause cause) {
        try (var l = lock.acquire()) {
            RunState old = state;
            if (old == RunState.SHUTDOWN || old == target) {
                return;
            }
            if (old.isRunning()) {
                vcpus.pauseAll();
                clocks.virtual().disable();
            }
            changeState(old, target, cause);
        }
    }

    private void changeState(RunState from, RunState to, ShutdownCause cause) {
        state = to;
        LOG.debug("Run state {} -> {} ({})", from, to, cause);
        for (RunStateListener l : listeners) {
            BottomHalfQueue.runSafely(() -> l.stateChanged(from, to, cause), "Run-state listener");
        }
        if (to == RunState.SHUTDOWN) {
            wakeup.run(); // a loop thread other than the caller must notice and leave run()
        }
    }

    @Override
    public void requestResume() {
        post(this::resume);
    }

    @Override
    public void requestPause() {
        post(this::pause);
    }

    @Override
    public void requestShutdown(ShutdownCause cause) {
        Objects.requireNonNull(cause, "cause");
        if (shutdownRequest.compareAndSet(null, cause)) {
            LOG.debug("Shutdown requested: {}", cause);
        }
        wakeup.run();
    }

    @Override
    public void requestReset(ShutdownCause cause) {
        Objects.requireNonNull(cause, "cause");
        if (config.noReboot() && cause == ShutdownCause.GUEST_RESET) {
            requestShutdown(cause);
            return;
        }
        resetRequest.set(cause);
        wakeup.run();
    }

    @Override
    public ShutdownCause shutdownCause() {
        ShutdownCause cause = shutdownRequest.get();
        return cause == null ? ShutdownCause.NONE : cause;
    }

    @Override
    public void setResetHandler(ResetHandler handler) {
        try (var l = lock.acquire()) {
            resetHandler = handler;
        }
    }

    @Override
    public void addRunStateListener(RunStateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeRunStateListener(RunStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        requestShutdown(ShutdownCause.HOST_QMP_QUIT); // no-op when a cause was already recorded
        if (!vcpus.stopAll(config.vcpuStopTimeout())) {
            LOG.warn("vCPU threads did not stop within {}", config.vcpuStopTimeout());
        }
        if (config.virtualTimeSource() instanceof ManualTimeSource manual) {
            manual.removeAdvanceListener(wakeup);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("Closing the selector failed", e);
        }
    }
}
