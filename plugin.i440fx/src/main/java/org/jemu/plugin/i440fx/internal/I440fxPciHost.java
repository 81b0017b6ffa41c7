package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.pci.PcPciHoles;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;

/**
 * The host-facing side of QEMU 7.2's i440FX (hw/pci-host/i440fx.c, type {@value #TYPE}): owns the PCI bus "pci.0"
 * and its memory space, the container "pci", which it maps under all of system memory at priority -1 as QEMU's
 * pc_pci_as_mapping_init does, so PCI memory shows wherever nothing else is mapped (the 32-bit hole from the end of
 * low RAM to the IOAPIC, and above 4 GiB); its I/O space is the system I/O space. Configuration mechanism #1 sits at
 * 0xcf8/0xcfc. Bus masters reach the machine's memory address space.
 *
 * <p>The board hands over what QEMU's pc_init1 passes to i440fx_init before realize ({@link #attachMemory}): the
 * RAM (the "i440FX" function at 00.0 builds its PAM and SMRAM windows from it) and the address space for DMA; it sets
 * {@code below-4g-mem-size}/{@code above-4g-mem-size} from the machine's RAM split. Read-only properties report the
 * PCI holes as QEMU computes them for ACPI and firmware ({@link PcPciHoles}; 2 GiB of 64-bit hole by default).
 */
public final class I440fxPciHost extends SysBusDevice {

    public static final String TYPE = "i440FX-pcihost";
    static final String BUS_NAME = "pci.0";
    static final long HOLE64_SIZE_DEFAULT = 1L << 31;

    /** The saved state: CONFIG_ADDRESS. */
    public record State(int configAddress) {
    }

    private PciBus bus;
    private MemoryRegion pciMemory;
    private PciConfigMechanism1 config;
    private MemoryRegion ram;
    private AddressSpace dmaSpace;

    public I440fxPciHost(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(I440fxPciHost::new)
                .description("i440FX host bridge: the PCI bus, PCI memory and configuration ports")
                .classInit(I440fxPciHost::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        PcPciHoles.declareProperties(c, HOLE64_SIZE_DEFAULT, o -> ((I440fxPciHost) o).bus);
    }

    /** Board code, before realize: the machine's RAM and the address space bus masters reach memory through. */
    void attachMemory(MemoryRegion machineRam, AddressSpace dma) {
        this.ram = machineRam;
        this.dmaSpace = dma;
    }

    @Override
    protected void realize() {
        if (ram == null) {
            throw new RealizeException(describe() + " needs the machine's RAM, which the board hands over before realize");
        }
        MemoryRegion io = parentBus().ioSpace();
        if (bus == null) bus = createBus(PciBus.TYPE, BUS_NAME, PciBus.class);
        pciMemory = MemoryRegion.container("pci", 0).setOwner(this);
        bus.setMemorySpace(pciMemory);
        bus.setIoSpace(io);
        bus.setDmaSpace(dmaSpace);
        config = new PciConfigMechanism1(bus, this);
        config.map(io);
        parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
    }

    @Override
    protected void unrealize() {
        config.unmap();
        pciMemory.container().removeSubregion(pciMemory);
    }

    /** The root bus "pci.0" (after realize). */
    PciBus bus() {
        return bus;
    }

    /** The PCI memory space (QEMU's pci_address_space). */
    MemoryRegion pciMemory() {
        return pciMemory;
    }

    /** System memory, where the chipset's windows go. */
    MemoryRegion systemMemory() {
        return parentBus().memorySpace();
    }

    MemoryRegion ram() {
        return ram;
    }

    long ramSize() {
        return getLong(PcPciHoles.BELOW_4G_MEM_SIZE) + getLong(PcPciHoles.ABOVE_4G_MEM_SIZE);
    }

    public State state() {
        return new State(config == null ? 0 : config.configAddress());
    }

    public void restore(State s) {
        config.setConfigAddress(s.configAddress());
    }
}
