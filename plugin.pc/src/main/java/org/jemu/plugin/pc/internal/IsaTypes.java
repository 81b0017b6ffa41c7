package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * The ISA bus (QEMU's TYPE_ISA_BUS "ISA") and the abstract ISA device (TYPE_ISA_DEVICE "isa-device"). Named, not
 * imported: south bridges in other bundles create an "ISA" bus by type name. An ISA device exposes its ports with
 * {@code exposeIoPorts} (the bus maps them into its I/O space) and drives its interrupt on unnamed GPIO output 0,
 * which the board wires. ISA DMA goes through the bus's {@link IsaDma} controllers.
 */
final class IsaTypes {

    static final String BUS = "ISA";
    static final String DEVICE = "isa-device";

    private IsaTypes() {
    }

    /**
     * A plain ISA bus: its I/O space is set by the bridge that creates it. It also knows the bus's DMA
     * controllers (QEMU's isa_bus_dma / isa_bus_get_dma): each {@link I8257} registers itself by width when
     * realized, and ISA devices look up the controller of their channel.
     */
    static final class IsaBus extends Bus {
        private final IsaDma[] dma = new IsaDma[2];

        IsaBus(ObjectType type) {
            super(type);
        }

        /** The controller serving DMA channel {@code channel} (0-3: 8-bit, 4-7: 16-bit), or null. */
        IsaDma dma(int channel) {
            return channel < 0 || channel > 7 ? null : dma[channel >> 2];
        }

        /** Registers the 8-bit (index 0) or 16-bit (index 1) controller; false when the place is taken. */
        boolean attachDma(int index, IsaDma controller) {
            if (dma[index] != null && dma[index] != controller) return false;
            dma[index] = controller;
            return true;
        }

        void detachDma(IsaDma controller) {
            for (int i = 0; i < dma.length; i++) {
                if (dma[i] == controller) dma[i] = null;
            }
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
