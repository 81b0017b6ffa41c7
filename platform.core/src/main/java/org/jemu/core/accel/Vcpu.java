package org.jemu.core.accel;

import org.osgi.annotation.versioning.ConsumerType;

/** One virtual CPU of an {@link AcceleratorVm}. {@link #run()} is called from that vCPU's own thread only. */
@ConsumerType
public interface Vcpu extends AutoCloseable {

    int index();

    /** Runs guest code until something the vCPU loop must handle. */
    VcpuExit run() throws AcceleratorException;

    /** From any thread: makes a running {@link #run()} return {@link VcpuExit.Kicked} soon. */
    void kick();

    /**
     * Tells the vCPU how to wake its thread while it waits after {@link VcpuExit.Halted} (called once by the runtime
     * before the first run); an accelerator calls it when an interrupt arrives for a halted vCPU.
     */
    default void setWakeup(Runnable wakeup) {
    }

    /** The state as a plain value; call only while the vCPU is not running. */
    CpuArchState exportState() throws AcceleratorException;

    /** Replaces the state; call only while the vCPU is not running. */
    void importState(CpuArchState state) throws AcceleratorException;

    @Override
    void close();
}
