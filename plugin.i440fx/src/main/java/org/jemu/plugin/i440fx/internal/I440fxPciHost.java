package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pci.PcPciHoles;
import org.jemu.core.pci.PcPciHost;
import org.jemu.core.pci.PciBus;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;


/**
 * The host-facing side of QEMU 7.2's i440FX (hw/pci-host/i440fx.c, type {@value #TYPE}): a {@link PcPciHost} with
 * the conventional PCI bus "pci.0" (PCI memory under all of system memory, the 32-bit hole from the end of low RAM to
 * the IOAPIC and above 4 GiB; configuration mechanism #1).
 *
 * <p>The board hands over what QEMU's pc_init1 passes to i440fx_init before realize ({@link #attachMemory}): the
 * RAM (the "i440FX" function at 00.0 builds its PAM and SMRAM windows from it) and the address space for DMA; it sets
 * {@code below-4g-mem-size}/{@code above-4g-mem-size} from the machine's RAM split. Read-only properties report the
 * PCI holes as QEMU computes them for ACPI and firmware ({@link PcPciHoles}; 2 GiB of 64-bit hole by default).
 */
public final class I440fxPciHost extends PcPciHost {

    public static final String TYPE = "i440FX-pcihost";
    static final String BUS_NAME = "pci.0";
    static final long HOLE64_SIZE_DEFAULT = 1L << 31;

    public I440fxPciHost(ObjectType type) {
        super(type, PciBus.TYPE, BUS_NAME);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(I440fxPciHost::new)
                .description("i440FX host bridge: the PCI bus, PCI memory and configuration ports")
                .classInit(I440fxPciHost::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        PcPciHoles.declareProperties(c, HOLE64_SIZE_DEFAULT, o -> ((I440fxPciHost) o).bus());
    }

    long ramSize() {
        return getLong(PcPciHoles.BELOW_4G_MEM_SIZE) + getLong(PcPciHoles.ABOVE_4G_MEM_SIZE);
    }
}
