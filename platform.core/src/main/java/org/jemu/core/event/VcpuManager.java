package org.jemu.core.event;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts vCPU threads and pauses, resumes and stops them together. Waiting methods release the
 * {@link GlobalLock} while they wait when the caller holds it, so vCPUs can finish device accesses.
 * Pausing from a vCPU thread is not allowed (it would wait for itself); use {@link MainLoop#requestPause()}.
 */
@ProviderType
public interface VcpuManager {

    /**
     * Starts a vCPU on a new platform thread. While the VM is not running it starts paused.
     *
     * @param name the thread name, e.g. "CPU 0/TCG"
     * @param body the execution loop
     * @return the vCPU
     */
    VcpuThread start(String name, VcpuBody body);

    /** @return the vCPUs started so far, in start order */
    List<VcpuThread> vcpus();

    /**
     * Asks every vCPU to pause and waits until each has acknowledged (or stopped).
     *
     * @param timeout the longest wait
     * @return whether all acknowledged in time; the pause request stays in force either way
     */
    boolean pauseAll(Duration timeout);

    /** Like {@link #pauseAll(Duration)} without a time limit, logging vCPUs that take long to acknowledge. */
    void pauseAll();

    /** Lets all vCPUs run again. */
    void resumeAll();

    /** @return whether every vCPU is paused or stopped */
    boolean allPaused();

    /**
     * Asks every vCPU to stop and waits until their bodies have returned.
     *
     * @param timeout the longest wait
     * @return whether all stopped in time
     */
    boolean stopAll(Duration timeout);

    /** @return whether the calling thread is one of the vCPU threads */
    boolean isVcpuThread();
}
