package org.jemu.core.qdev;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;

/**
 * A bus (QEMU's BusState): owned by one device (or the machine, for the system bus), holding the devices plugged
 * into it. Buses and devices alternate in the qdev tree; a bus has no properties of its own to configure.
 *
 * <p>Whoever creates a bus may give it a memory and an I/O space (root regions or containers): the machine gives the
 * system bus the system memory and I/O; a bridge gives its child bus what it forwards (an ISA bridge on a PC: the
 * system I/O space). Devices on the bus expose port regions ({@link Device#exposeIoPorts}), which the bus maps into
 * its I/O space when the device is realized and unmaps when it is unrealized.
 */
public abstract class Bus extends QomObject implements Resettable {

    /** The abstract root type of buses. */
    public static final String TYPE = "bus";

    /** How many devices the bus takes (0 = no limit). */
    public static final ClassKey<Integer> MAX_DEVICES = ClassKey.of("max-devices", Integer.class, 0);

    private final List<Device> devices = new ArrayList<>();
    private Device parentDevice;
    private String busName;
    private HotplugHandler hotplugHandler;
    private MemoryRegion memorySpace;
    private MemoryRegion ioSpace;
    private AddressSpace dmaSpace;
    private boolean realized;

    protected Bus(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type (registered by the runtime). */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).abstractType()
                .description("base of all buses")
                .classInit(c -> c.property(PropertyDef.bool("realized").description("whether the bus is realized")
                        .accessor(o -> ((Bus) o).realized, null)))
                .build();
    }

    /** The bus's name, by which {@code -device ...,bus=NAME} and board definitions find it ("pci.0", "isa.0"). */
    public final String busName() {
        return busName;
    }

    final void setBusName(String name) {
        this.busName = name;
    }

    /** Names a bus that has no owning device (the machine's system bus). */
    public final void nameRootBus(String name) {
        if (parentDevice != null) throw new IllegalStateException("only a root bus is named this way");
        this.busName = name;
    }

    public final Device parentDevice() {
        return parentDevice;
    }

    final void setParentDevice(Device d) {
        this.parentDevice = d;
    }

    /** Devices plugged into this bus, in plug order. */
    public final List<Device> devices() {
        return List.copyOf(devices);
    }

    public final HotplugHandler hotplugHandler() {
        return hotplugHandler;
    }

    /** Makes the bus hotpluggable through {@code handler} (usually its owning device); null makes it cold-plug only. */
    public final void setHotplugHandler(HotplugHandler handler) {
        this.hotplugHandler = handler;
    }

    /** The memory container this bus's devices are mapped into, or null if the bus has none. */
    public final MemoryRegion memorySpace() {
        return memorySpace;
    }

    /** The port I/O container this bus's devices expose their ports in, or null if the bus has none. */
    public final MemoryRegion ioSpace() {
        return ioSpace;
    }

    /** Sets the memory space; only while no device on the bus is realized. */
    public final void setMemorySpace(MemoryRegion space) {
        checkNoRealizedDevices("memory");
        this.memorySpace = space;
    }

    /** Sets the I/O space; only while no device on the bus is realized (their ports stay where they were mapped). */
    public final void setIoSpace(MemoryRegion space) {
        checkNoRealizedDevices("I/O");
        this.ioSpace = space;
    }

    /**
     * The address space bus-master devices on this bus read and write (QEMU's DMA address space: system memory on
     * the system bus, the bus-master space behind a PCI bus). Set by the bus's owner; when not set, the space of the
     * bus the owning device sits on. Null when there is none (a bus of a test with no machine memory).
     */
    public final AddressSpace dmaSpace() {
        if (dmaSpace != null) return dmaSpace;
        Device owner = parentDevice();
        Bus up = owner == null ? null : owner.parentBus();
        return up == null ? null : up.dmaSpace();
    }

    /** Sets the DMA address space of this bus (and of buses below it that do not set their own). */
    public final void setDmaSpace(AddressSpace space) {
        this.dmaSpace = space;
    }

    private void checkNoRealizedDevices(String what) {
        if (devices.stream().anyMatch(Device::isRealized)) {
            throw new IllegalStateException(describe() + ": cannot change the " + what + " space while devices on it are realized");
        }
    }

    public final boolean isRealized() {
        return realized;
    }

    /** Realizing a bus marks it ready; its devices are realized by whoever created them. Unrealizing unrealizes them. */
    public final void setRealized(boolean value) {
        if (value == realized) return;
        if (!value) {
            List<Device> reversed = new ArrayList<>(devices);
            java.util.Collections.reverse(reversed);
            for (Device d : reversed) d.setRealized(false);
        }
        realized = value;
    }

    /** Refuses a device the bus cannot take; override to check addresses or slots. */
    protected void checkAccepts(Device device) {
        int max = type().get(MAX_DEVICES);
        if (max > 0 && devices.size() >= max) {
            throw new RealizeException("bus " + busName + " is full (" + max + " devices): cannot plug " + device.describe());
        }
    }

    final void addChildDevice(Device d) {
        devices.add(d);
    }

    final void removeChild(Device d) {
        devices.remove(d);
    }

    @Override
    public String describe() {
        String path = canonicalPath();
        return "bus " + (busName != null ? busName : typeName()) + (path != null ? " (" + path + ")" : "");
    }

    @Override
    public List<? extends Resettable> resetChildren() {
        return List.copyOf(devices);
    }
}
