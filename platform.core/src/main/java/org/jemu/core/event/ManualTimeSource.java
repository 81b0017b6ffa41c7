package org.jemu.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TimeSource} that only moves when told to, for deterministic tests and qtest-style clock stepping.
 * A {@link MainLoop} created with it is woken whenever it is advanced, so due virtual timers run promptly.
 */
public final class ManualTimeSource implements TimeSource {

    private volatile long nowNs;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Creates a source at time 0. */
    public ManualTimeSource() {
        this(0);
    }

    /** @param startNs the initial time */
    public ManualTimeSource(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nowNs() {
        return nowNs;
    }

    /**
     * Moves time forward.
     *
     * @param deltaNs how far, at least 0
     * @return the new time
     */
    public long advance(long deltaNs) {
        if (deltaNs < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + deltaNs);
        }
        long now;
        synchronized (this) {
            now = nowNs + deltaNs;
            nowNs = now;
        }
        listeners.forEach(Runnable::run);
        return now;
    }

    /**
     * Moves time forward to an absolute value.
     *
     * @param targetNs the new time, not before the current one
     */
    public void advanceTo(long targetNs) {
        long delta;
        synchronized (this) {
            delta = targetNs - nowNs;
        }
        advance(delta);
    }

    /**
     * Registers an action run (on the advancing thread) after each advance; the main loop uses it to wake up.
     *
     * @param listener the action
     */
    public void addAdvanceListener(Runnable listener) {
        listeners.add(listener);
    }

    /** @param listener a listener added before */
    public void removeAdvanceListener(Runnable listener) {
        listeners.remove(listener);
    }
}
