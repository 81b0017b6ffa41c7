package org.jemu.core.event;

import java.nio.channels.SelectableChannel;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The emulator's event loop: clocks and timers, bottom halves, channel readiness, posted tasks, the run state
 * and shutdown/reset requests. Everything it calls back runs on the loop thread (the thread inside
 * {@link #run()} or {@link #iterate(boolean)}) with the {@link GlobalLock} held.
 *
 * <p>Typical use by the runtime: create with {@link MainLoops#create(MainLoopConfig)}, build the machine under
 * {@link #globalLock()}, start vCPUs through {@link #vcpus()}, call {@link #resume()} (unless -S), then
 * {@link #run()} on the main thread and finally {@link #close()}.
 */
@ProviderType
public interface MainLoop extends AutoCloseable {

    /** @return the global device lock */
    GlobalLock globalLock();

    /**
     * @param type which clock
     * @return the clock; reading it is allocation-free
     */
    Clock clock(ClockType type);

    /**
     * Shorthand for {@code clock(type).nowNs()}.
     *
     * @param type which clock
     * @return its time in ns
     */
    long nowNs(ClockType type);

    /**
     * @param type     the clock deadlines refer to
     * @param callback what to do on expiry
     * @return a new, unarmed timer
     */
    Timer newTimer(ClockType type, TimerCallback callback);

    /**
     * @param action what to run each time the bottom half is scheduled
     * @return a new, unscheduled bottom half
     */
    BottomHalf newBottomHalf(Runnable action);

    /**
     * Watches a channel for readiness; it is put in non-blocking mode. Read interest is on initially.
     *
     * @param channel the channel
     * @param handler called on readiness
     * @return the watch, to change interest or stop watching
     */
    IoWatch watch(SelectableChannel channel, IoHandler handler);

    /**
     * Runs a task once on the loop thread with the global lock held; safe from any thread.
     *
     * @param task the task
     */
    void post(Runnable task);

    /** Makes a waiting loop thread re-check its work; safe from any thread. */
    void wakeup();

    /** @return whether the calling thread is the loop thread */
    boolean isLoopThread();

    /** @return the vCPU thread facility */
    VcpuManager vcpus();

    /**
     * Runs the loop on the calling thread until shutdown is requested.
     *
     * @return the shutdown cause
     */
    ShutdownCause run();

    /**
     * Runs one iteration on the calling thread: waits for an event (or not), then runs due I/O handlers, posted
     * tasks, timers, bottom halves and pending requests. For tests and embedding.
     *
     * @param blocking whether to wait until something is due
     * @return whether any callback ran
     */
    boolean iterate(boolean blocking);

    /** @return the current run state */
    RunState runState();

    /**
     * Starts or continues the VM now: virtual clock on, vCPUs resumed. Not from a vCPU thread.
     * Does nothing after shutdown.
     */
    void resume();

    /**
     * Stops the VM now: vCPUs paused (waiting for their acknowledgement), virtual clock stopped.
     * Not from a vCPU thread.
     */
    void pause();

    /** Asks the loop to {@link #resume()}; safe from any thread. */
    void requestResume();

    /** Asks the loop to {@link #pause()}; safe from any thread, including vCPU threads. */
    void requestPause();

    /**
     * Asks the loop to end {@link #run()}; the first cause wins. Safe from any thread.
     *
     * @param cause why
     */
    void requestShutdown(ShutdownCause cause);

    /**
     * Asks the loop to reset the system: with vCPUs paused, it calls the {@link ResetHandler}. With
     * {@link MainLoopConfig#noReboot()} a {@link ShutdownCause#GUEST_RESET} becomes a shutdown. Safe from any thread.
     *
     * @param cause why
     */
    void requestReset(ShutdownCause cause);

    /** @return the cause of a pending or completed shutdown, {@link ShutdownCause#NONE} if none */
    ShutdownCause shutdownCause();

    /** @param handler the machine's reset; null for none */
    void setResetHandler(ResetHandler handler);

    /** @param listener told of run-state changes and resets */
    void addRunStateListener(RunStateListener listener);

    /** @param listener a listener added before */
    void removeRunStateListener(RunStateListener listener);

    /** Stops the vCPUs and releases the selector. The loop cannot be used afterwards. */
    @Override
    void close();
}
