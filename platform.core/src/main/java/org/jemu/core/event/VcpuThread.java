package org.jemu.core.event;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A vCPU thread started by {@link VcpuManager#start}.
 */
@ProviderType
public interface VcpuThread {

    /** @return the index, in start order from 0 */
    int index();

    /** @return the thread name */
    String name();

    /** @return the current state */
    VcpuState state();

    /** Makes the vCPU come back to its checkpoint soon: wakes a halted vCPU, runs the kick handler. */
    void kick();
}
