package org.jemu.plugin.q35.internal;

import org.jemu.core.pci.PcPciHoles;
import org.jemu.core.pci.PciConfigMechanism1;
import org.jemu.core.pci.PciExpressBus;
import org.jemu.core.pci.PciExpressEcam;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;

/**
 * The host-facing side of QEMU 7.2's Q35 host bridge (hw/pci-host/q35.c, type {@value #TYPE}, a PCI Express host
 * bridge): owns the PCI Express root bus "pcie.0" (type "PCIE") and its memory space, the container "pci", which it
 * maps under all of system memory at priority -1 as QEMU's pc_pci_as_mapping_init does, so PCI memory shows wherever
 * nothing else is mapped; its I/O space is the system I/O space. Configuration mechanism #1 sits at 0xcf8/0xcfc;
 * the ECAM (MMCONFIG) window goes into system memory where the "mch" function's PCIEXBAR register puts it, while that
 * register enables it (QEMU's PCIExpressHost; 256-byte conventional spaces only, see {@link PciExpressEcam}). Bus
 * masters reach the machine's memory address space.
 *
 * <p>The board hands over before realize what QEMU's pc_q35_init links to the host: the RAM (the "mch" function builds
 * its PAM, SMRAM and TSEG windows from it) and the address space for DMA ({@link #attachMemory}); it sets
 * {@code below-4g-mem-size}/{@code above-4g-mem-size} from the machine's RAM split. Read-only properties report what
 * ACPI and firmware need, computed as QEMU 7.2 does:
 * <ul>
 * <li>the PCI holes ({@link PcPciHoles}): {@code pci-hole-start}/{@code pci-hole-end}, from the end of low RAM to
 *     0xfec00000 (the ECAM window inside is not cut out: QEMU 7.2 leaves that to the DSDT builder), and
 *     {@code pci-hole64-start}/{@code pci-hole64-end}, with q35's default {@code pci-hole64-size} of 32 GiB;</li>
 * <li>{@code MCFG} (QEMU's PCIE_HOST_MCFG_BASE): where the ECAM window is mapped, 0xffffffffffffffff while it is not
 *     (QEMU's PCIE_BASE_ADDR_UNMAPPED: before the firmware enables PCIEXBAR there is no MCFG table), and
 *     {@code mcfg_size} (PCIE_HOST_MCFG_SIZE): its size, 0 until first mapped. Unlike QEMU, MCFG cannot be set: QEMU's
 *     default for it is overwritten at instance init anyway.</li>
 * </ul>
 * QEMU's {@code short_root_bus} (a device path detail) and the SMM ranges property of later versions are not
 * provided.
 */
public final class Q35PciHost extends SysBusDevice {

    public static final String TYPE = "q35-pcihost";
    static final String BUS_NAME = "pcie.0";
    /** QEMU's Q35_PCI_HOST_HOLE64_SIZE_DEFAULT. */
    static final long HOLE64_SIZE_DEFAULT = 1L << 35;

    /** The saved state: CONFIG_ADDRESS (the ECAM window follows the "mch" function's registers). */
    public record State(int configAddress) {
    }

    private PciExpressBus bus;
    private MemoryRegion pciMemory;
    private PciConfigMechanism1 config;
    private PciExpressEcam ecam;
    private MemoryRegion ram;
    private AddressSpace dmaSpace;

    public Q35PciHost(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(Q35PciHost::new)
                .description("Q35 host bridge: the PCI Express root bus, PCI memory, configuration ports and MMCONFIG")
                .classInit(Q35PciHost::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        PcPciHoles.declareProperties(c, HOLE64_SIZE_DEFAULT, o -> ((Q35PciHost) o).bus);
        c.property(PropertyDef.uint64("MCFG").accessor(o -> ((Q35PciHost) o).mcfgBase(), null)
                .description("where the MMCONFIG window is mapped (all-ones: not mapped)"));
        c.property(PropertyDef.uint64("mcfg_size").accessor(o -> ((Q35PciHost) o).mcfgSize(), null)
                .description("size of the MMCONFIG window"));
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
        if (bus == null) bus = createBus(PciExpressBus.TYPE, BUS_NAME, PciExpressBus.class);
        pciMemory = MemoryRegion.container("pci", 0).setOwner(this);
        bus.setMemorySpace(pciMemory);
        bus.setIoSpace(io);
        bus.setDmaSpace(dmaSpace);
        config = new PciConfigMechanism1(bus, this);
        config.map(io);
        ecam = new PciExpressEcam(bus, this);
        parentBus().memorySpace().addSubregionOverlap(0, pciMemory, -1);
    }

    @Override
    protected void unrealize() {
        config.unmap();
        ecam.unmap();
        pciMemory.container().removeSubregion(pciMemory);
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

    long below4g() {
        return getLong(PcPciHoles.BELOW_4G_MEM_SIZE);
    }

    /**
     * The MCH's PCIEXBAR changed (QEMU's pcie_host_mmcfg_update): unmaps the ECAM window, then maps {@code size}
     * bytes at {@code base} into system memory if {@code enable}. {@code size} must be a window size.
     */
    void mmcfgUpdate(boolean enable, long base, long size) {
        ecam.update(systemMemory(), enable, base, size);
    }

    /** The ECAM window (after realize). */
    PciExpressEcam ecam() {
        return ecam;
    }

    private long mcfgBase() {
        return ecam == null ? PciExpressEcam.UNMAPPED : ecam.base();
    }

    private long mcfgSize() {
        return ecam == null ? 0 : ecam.size();
    }

    public State state() {
        return new State(config == null ? 0 : config.configAddress());
    }

    public void restore(State s) {
        config.setConfigAddress(s.configAddress());
    }
}
