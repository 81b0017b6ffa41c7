package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * The ISA bus (QEMU's TYPE_ISA_BUS "ISA") and the abstract ISA device (TYPE_ISA_DEVICE "isa-device"). Named, not
 * imported: south bridges in other bundles create an "ISA" bus by type name. An ISA device exposes its ports with
 * {@code exposeIoPorts} (the bus maps them into its I/O space) and drives its interrupt on unnamed GPIO output 0,
 * which the board wires.
 */
final class IsaTypes {

    static final String BUS = "ISA";
    static final String DEVICE = "isa-device";

    private IsaTypes() {
    }

    /** A plain ISA bus: its I/O space is set by the bridge that creates it. */
    static final class IsaBus extends Bus {
        IsaBus(ObjectType type) {
            super(type);
        }
    }

    static TypeInfo bus() {
        return TypeInfo.builder(BUS).parent(Bus.TYPE).factory(IsaBus::new).description("ISA bus").build();
    }

    static TypeInfo device() {
        return TypeInfo.builder(DEVICE).parent(Device.TYPE).abstractType()
                .classInit(c -> c.set(Device.BUS_TYPE, BUS)).description("base of ISA devices").build();
    }
}
