package org.jemu.core.machine;

import java.util.Map;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.memory.MemoryRegion;
import org.osgi.annotation.versioning.ProviderType;

/** What board hooks may do while the machine is built. Everything is looked up by name, never by class. */
@ProviderType
public interface BoardContext {

    Machine machine();

    MachineConfig config();

    /** The root of guest-physical memory (QEMU's get_system_memory()): where boards map RAM, ROM and MMIO. */
    default MemoryRegion systemMemory() {
        return machine().systemMemory();
    }

    /** The root of the x86 port I/O space (QEMU's get_system_io()). */
    default MemoryRegion systemIo() {
        return machine().systemIo();
    }

    /** A device of the definition (or one a hook created), by its name under /machine. */
    Device device(String name);

    /** A bus by name ("pci.0"). */
    Bus bus(String name);

    /** Creates, configures, plugs and realizes a device the way a {@link DeviceSpec} would. */
    Device createDevice(DeviceSpec spec);

    /** Connects a GPIO output to a GPIO input, as a {@link Wire} would. */
    void wire(Wire wire);

    /** Property values given with -machine (as text), for board-specific options. */
    Map<String, String> machineOptions();
}
