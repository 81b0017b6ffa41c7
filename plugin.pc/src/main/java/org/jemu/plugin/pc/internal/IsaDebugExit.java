package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * QEMU's "isa-debug-exit" (hw/misc/debugexit.c): a write of value V to its ports ends the emulator with exit status
 * {@code (V << 1) | 1}, so a test guest can report success or failure without any other device.
 */
public final class IsaDebugExit extends Device implements MemoryRegionOps {

    public static final String TYPE = "isa-debug-exit";

    public IsaDebugExit(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(IsaDebugExit::new)
                .description("exits the emulator with a status the guest writes")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC)
                        .property(PropertyDef.uint32("iobase").defaultValue(0x501).validator(IsaDebugcon::port))
                        .property(PropertyDef.uint32("iosize").defaultValue(2)
                                .validator(v -> (Long) v < 1 || (Long) v > 0x10000 ? "must be 1 to 65536 ports" : null)))
                .build();
    }

    @Override
    protected void realize() {
        exposeIoPorts(MemoryRegion.io(TYPE, getLong("iosize"), this).setOwner(this), getLong("iobase"));
    }

    @Override
    public long read(long offset, int size) {
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        system().requestExit((int) ((value << 1) | 1));
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.aligned(1, 4);
    }
}
