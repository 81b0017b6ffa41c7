package org.jemu.core.qdev;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * A device on the system bus (QEMU's SysBusDevice, type {@value #TYPE}): its interrupt outputs are the GPIO output
 * array {@value #IRQ}, which the board wires to an interrupt controller.
 */
public abstract class SysBusDevice extends Device {

    public static final String TYPE = "sys-bus-device";
    /** The GPIO output array holding a sysbus device's interrupt lines. */
    public static final String IRQ = "sysbus-irq";

    protected SysBusDevice(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Device.TYPE).abstractType()
                .classInit(c -> c.set(BUS_TYPE, SysBus.TYPE))
                .description("base of system bus devices").build();
    }

    /** Declares {@code count} interrupt outputs; the board connects them by index. */
    protected final IrqLine[] defineIrqs(int count) {
        return defineGpioOut(IRQ, count);
    }
}
