package org.jemu.plugin.q35.internal;

import org.jemu.core.pci.PcPciHoles;
import org.jemu.core.pci.PcPciHost;
import org.jemu.core.pci.PciExpressBus;
import org.jemu.core.pci.PciExpressEcam;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;

/**
 * The host-facing side of QEMU 7.2's Q35 host bridge (hw/pci-host/q35.c, type {@value #TYPE}, a PCI Express host
 * bridge): a {@link PcPciHost} with the PCI Express root bus "pcie.0" (type "PCIE"); the ECAM (MMCONFIG) window goes into system memory where the "mch" function's PCIEXBAR register puts it, while that
 * register enables it (QEMU's PCIExpressHost; 256-byte conventional spaces only, see {@link PciExpressEcam}). Bus
 * masters reach the machine's memory address space.
 *
 * <p>The board hands over before realize what QEMU's pc_q35_init links to the host: the RAM (the "mch" function builds
 * its PAM, SMRAM and TSEG windows from it) and the address space for DMA ({@link PcPciHost#attachMemory}); it sets
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
public final class Q35PciHost extends PcPciHost {

    public static final String TYPE = "q35-pcihost";
    static final String BUS_NAME = "pcie.0";
    /** QEMU's Q35_PCI_HOST_HOLE64_SIZE_DEFAULT. */
    static final long HOLE64_SIZE_DEFAULT = 1L << 35;

    /** The ECAM window; the saved state is the base class's (the window follows the "mch" function's registers). */
    private PciExpressEcam ecam;

    public Q35PciHost(ObjectType type) {
        super(type, PciExpressBus.TYPE, BUS_NAME);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(Q35PciHost::new)
                .description("Q35 host bridge: the PCI Express root bus, PCI memory, configuration ports and MMCONFIG")
                .classInit(Q35PciHost::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        PcPciHoles.declareProperties(c, HOLE64_SIZE_DEFAULT, o -> ((Q35PciHost) o).bus());
        c.property(PropertyDef.uint64("MCFG").accessor(o -> ((Q35PciHost) o).mcfgBase(), null)
                .description("where the MMCONFIG window is mapped (all-ones: not mapped)"));
        c.property(PropertyDef.uint64("mcfg_size").accessor(o -> ((Q35PciHost) o).mcfgSize(), null)
                .description("size of the MMCONFIG window"));
    }

    @Override
    protected void realizeHost() {
        ecam = new PciExpressEcam(bus(), this);
    }

    @Override
    protected void unrealizeHost() {
        ecam.unmap();
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
}
