package org.jemu.core.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link VcpuBody} sees of its run state. Only the vCPU's own thread may call these methods.
 */
@ProviderType
public interface VcpuContext {

    /** @return the vCPU's index, in start order from 0 */
    int index();

    /** @return the thread name */
    String name();

    /**
     * Cheap check (a volatile read) for the inner execution loop: true when a pause, stop or kick is pending
     * and the body should come back to {@link #checkpoint()}.
     *
     * @return whether to leave the inner loop
     */
    boolean exitRequested();

    /**
     * Acknowledges a pending pause and blocks while paused (releasing the global lock if held).
     * Also clears a pending kick.
     *
     * @return true to keep running, false when the vCPU must stop and the body must return
     */
    boolean checkpoint();

    /**
     * Waits, for instance while the guest CPU is halted, until kicked, asked to pause or stop, or the time is up.
     * Releases the global lock while waiting if held.
     *
     * @param timeoutNs the longest wait in ns
     * @return whether the wait ended because of a kick, pause or stop rather than the timeout
     */
    boolean waitForKick(long timeoutNs);

    /**
     * Sets what {@link VcpuThread#kick()} does in addition to waking {@link #waitForKick}: for instance forcing an
     * accelerator out of a blocking run call.
     *
     * @param handler the action, run on the kicking thread; null for none
     */
    void setKickHandler(Runnable handler);
}
