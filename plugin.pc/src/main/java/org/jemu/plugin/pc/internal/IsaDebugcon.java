package org.jemu.plugin.pc.internal;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevObject;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * QEMU's "isa-debugcon" (hw/char/debugcon.c, Bochs' port 0xe9 hack): bytes written to the port go to a chardev;
 * reading the port returns the "readback" value, so software can detect the device.
 */
public final class IsaDebugcon extends Device {

    public static final String TYPE = "isa-debugcon";

    private Chardev out;
    private final byte[] one = new byte[1];

    public IsaDebugcon(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(IsaDebugcon::new)
                .description("ISA debug console (port 0xe9)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC)
                        .property(PropertyDef.uint32("iobase").defaultValue(0xe9).validator(IsaDebugcon::port))
                        .property(ChardevObject.linkProperty("chardev"))
                        .property(PropertyDef.uint32("readback").defaultValue(0xe9)
                                .description("value returned by a read of the port")))
                .build();
    }

    static String port(Object v) {
        return (Long) v > 0xffff ? "must be an I/O port (0 to 0xffff)" : null;
    }

    @Override
    protected void realize() {
        ChardevObject c = getLink("chardev", ChardevObject.class);
        out = c == null ? null : c.chardev();
        exposeIoPorts(MemoryRegion.io(TYPE, 1, BytePorts.of(off -> (int) getLong("readback"), (off, v) -> write(v))), getLong("iobase"));
    }

    @Override
    protected void unrealize() {
        out = null;
    }

    private void write(long value) {
        if (out == null) return;
        one[0] = (byte) value;
        out.write(one, 0, 1);
    }
}
