package org.jemu.core.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Deferred work for the main loop: each {@link #schedule()} runs the action once, soon, on the main-loop thread
 * with the {@link GlobalLock} held. Scheduling an already scheduled bottom half is a no-op.
 * All methods are safe from any thread.
 */
@ProviderType
public interface BottomHalf {

    /** Runs the action in the next main-loop iteration, waking the loop if it waits. */
    void schedule();

    /** Runs the action when the loop is otherwise idle, but within about 10 ms. */
    void scheduleIdle();

    /** Withdraws a pending schedule; the action does not run for it. */
    void cancel();

    /** Cancels and releases the bottom half; later schedules are ignored. */
    void delete();

    /** @return whether a run is pending */
    boolean isScheduled();
}
