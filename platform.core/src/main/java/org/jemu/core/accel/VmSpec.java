package org.jemu.core.accel;

import java.util.List;
import java.util.Objects;

import org.jemu.core.event.GlobalLock;
import org.jemu.core.qdev.Device;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemorySystem;

/**
 * What an accelerator gets to build a VM: the vCPU count and the machine's memory. A software CPU dispatches its
 * accesses through the address spaces; KVM registers the RAM sections of {@code memory} as memory slots (with a
 * {@code MemoryListener} on {@code memorySystem}) and dispatches its MMIO and port I/O exits through them.
 *
 * @param cpus         vCPUs at start
 * @param memorySystem the machine's memory system (listeners, transactions)
 * @param memory       the "memory" address space (guest-physical)
 * @param io           the "I/O" address space (ports)
 * @param cpuDevices   the machine's CPU devices, vCPU index order (the accelerator binds each vCPU to its device's
 *                     interrupt lines)
 * @param globalLock   the lock device accesses must hold (QEMU's BQL)
 */
public record VmSpec(int cpus, MemorySystem memorySystem, AddressSpace memory, AddressSpace io, List<Device> cpuDevices,
                     GlobalLock globalLock) {

    public VmSpec {
        if (cpus < 1) throw new IllegalArgumentException("a VM needs at least one vCPU");
        Objects.requireNonNull(memorySystem, "memorySystem");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(io, "io");
        cpuDevices = List.copyOf(cpuDevices);
        Objects.requireNonNull(globalLock, "globalLock");
    }
}
