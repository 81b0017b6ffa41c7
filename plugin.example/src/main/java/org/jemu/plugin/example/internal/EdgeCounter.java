package org.jemu.plugin.example.internal;

import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;

/**
 * An example third-party device: counts rising edges on its GPIO input "in" and raises its interrupt output every
 * {@code period} edges. Built against the platform API jars alone, as a plugin author would.
 */
public final class EdgeCounter extends SysBusDevice {

    public static final String TYPE = "example-edge-counter";

    private final org.jemu.core.qdev.IrqLine irq;
    private boolean level;
    private long count;

    public EdgeCounter(ObjectType type) {
        super(type);
        irq = defineIrqs(1)[0];
        defineGpioIn("in", 1, (n, high) -> edge(high));
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(EdgeCounter::new)
                .description("example plugin: counts GPIO edges")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC)
                        .property(PropertyDef.uint32("period").defaultValue(1)
                                .validator(v -> ((Long) v) == 0 ? "must be at least 1" : null)
                                .description("raise the interrupt every this many edges"))
                        .property(PropertyDef.uint64("count").description("rising edges seen since reset")
                                .accessor(o -> ((EdgeCounter) o).count, null)))
                .build();
    }

    private void edge(boolean high) {
        if (high && !level) {
            count++;
            if (count % getLong("period") == 0) irq.pulse();
        }
        level = high;
    }

    @Override
    public void resetEnter(ResetType type) {
        count = 0;
        level = false;
    }
}
