package org.jemu.core.pci;

import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;

/**
 * What the host bridges of PC boards share (QEMU's PCIHostState with pc_pci_as_mapping_init): the root bus, its memory
 * space (the container "pci", mapped under all of system memory at priority -1, so PCI memory shows wherever nothing
 * else is mapped), the system I/O space as its I/O space, configuration mechanism #1 at 0xcf8/0xcfc, and bus masters
 * reaching the address space the board hands over. A subclass names its bus type and name and adds its own windows
 * ({@link #realizeHost}, {@link #unrealizeHost}).
 *
 * <p>The board hands over before realize, as QEMU's pc_init1 and pc_q35_init link them to the host, the RAM (from
 * which the memory controller function builds its PAM and SMRAM windows) and the address space for DMA
 * ({@link #attachMemory}).
 */
public abstract class PcPciHost extends SysBusDevice {

    /** The saved state: CONFIG_ADDRESS. */
    public record State(int configAddress) {
    }

    private final String busType;
    private final String busName;
    private PciBus bus;
    private MemoryRegion pciMemory;
    private PciConfigMechanism1 config;
    private MemoryRegion ram;
    private AddressSpace dmaSpace;

    /** A host whose root bus has type {@code busType} ("PCI", "PCIE") and name {@code busName}. */
    protected PcPciHost(ObjectType type, String busType, String busName) {
        super(type);
        this.busType = busType;
        this.busName = busName;
    }

    /** Board code, before realize: the machine's RAM and the address space bus masters reach memory through. */
    public final void attachMemory(MemoryRegion machineRam, AddressSpace dma) {
        this.ram = machineRam;
        this.dmaSpace = dma;
    }

    @Override
    protected final void realize() {
        if (ram == null) {
            throw new RealizeException(describe() + " needs the machine's RAM, which the board hands over before realize");
        }
        MemoryRegion io = parentBus().ioSpace();
        if (bus == null) bus = createBus(busType, busName, PciBus.class);
        pciMemory = MemoryRegion.container("pci", 0).setOwner(this);
        bus.setMemorySpace(pciMemory);
        bus.setIoSpace(io);
        bus.setDmaSpace(dmaSpace);
        config = new PciConfigMechanism1(bus, this);
        config.map(io);
        realizeHost();
        parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
    }

    /** The subclass's part of realize, after the bus and configuration ports exist. */
    protected void realizeHost() {
    }

    @Override
    protected final void unrealize() {
        config.unmap();
        unrealizeHost();
        pciMemory.container().removeSubregion(pciMemory);
    }

    /** The subclass's part of unrealize, undoing {@link #realizeHost}. */
    protected void unrealizeHost() {
    }

    /** The root bus (after realize; null before). */
    public final PciBus bus() {
        return bus;
    }

    /** The PCI memory space (QEMU's pci_address_space). */
    public final MemoryRegion pciMemory() {
        return pciMemory;
    }

    /** System memory, where the chipset's windows go. */
    public final MemoryRegion systemMemory() {
        return parentBus().memorySpace();
    }

    /** The machine's RAM the board handed over. */
    public final MemoryRegion ram() {
        return ram;
    }

    public State state() {
        return new State(config == null ? 0 : config.configAddress());
    }

    public void restore(State s) {
        config.setConfigAddress(s.configAddress());
    }
}
