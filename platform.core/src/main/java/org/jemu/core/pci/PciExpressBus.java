package org.jemu.core.pci;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * A PCI Express bus (QEMU's TYPE_PCIE_BUS, {@value #TYPE}), a kind of {@link PciBus}: every "PCI" device plugs in.
 * Devices keep the 256-byte conventional configuration space; the 4 KiB extended space is not modelled yet
 * (a host bridge's {@link PciExpressEcam} window reads it as all-ones).
 */
public class PciExpressBus extends PciBus {

    public static final String TYPE = "PCIE";

    public PciExpressBus(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciBus.TYPE).factory(PciExpressBus::new).description("PCI Express bus").build();
    }
}
