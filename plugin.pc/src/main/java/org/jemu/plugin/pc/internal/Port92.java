package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * System Control Port A at 0x92, QEMU's "port92" (hw/i386/port92.c): bit 1 is fast A20 gate (GPIO output
 * {@code "a20"[0]} follows it on every write), a 0-to-1 change of bit 0 resets the machine (fast reset). Reads return
 * the last value written. Reset clears bit 0 only and leaves the A20 line alone, as in QEMU. The other bits (security
 * lock, watchdog, activity lights) are stored and have no effect.
 */
public final class Port92 extends Device {

    public static final String TYPE = "port92";

    private static final int PORT = 0x92;
    private static final int FAST_RESET = 0x01;
    private static final int FAST_A20 = 0x02;

    /** The register, for save and restore. */
    public record State(int outport) {
    }

    private final IrqLine a20;
    private int outport;

    public Port92(ObjectType type) {
        super(type);
        a20 = defineGpioOut("a20", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(Port92::new)
                .description("System Control Port A (fast A20 gate and fast reset)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false))
                .build();
    }

    @Override
    protected void realize() {
        exposeIoPorts(BytePorts.region(this, TYPE, 1, o -> outport, (o, v) -> write(v)), PORT);
    }

    @Override
    public void resetHold(ResetType type) {
        outport &= ~FAST_RESET;
    }

    private void write(int value) {
        int old = outport;
        outport = value;
        a20.set((value & FAST_A20) != 0);
        if ((value & FAST_RESET) != 0 && (old & FAST_RESET) == 0) system().requestReset();
    }

    public State state() {
        return new State(outport);
    }

    public void restore(State s) {
        outport = s.outport() & 0xff;
    }
}
