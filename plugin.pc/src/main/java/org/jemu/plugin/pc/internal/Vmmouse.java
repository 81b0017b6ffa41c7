package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;

/**
 * QEMU's "vmmouse" (hw/i386/vmmouse.c), the absolute pointer a VMware mouse driver reads through the {@link Vmport}
 * backdoor, linked to the "i8042" whose mouse interrupt tells the driver to read.
 *
 * <p>Not supported: the whole protocol. Its commands (status, command, data) arrive in CPU registers through the
 * backdoor port, which devices here cannot read (see {@link Vmport}), so a guest never detects the vmmouse and uses
 * the PS/2 mouse of the i8042 instead. The device exists so that boards wiring it (QEMU's pc and q35) can be built;
 * realize checks the {@code i8042} link as QEMU does.
 */
public final class Vmmouse extends Device {

    public static final String TYPE = "vmmouse";

    public Vmmouse(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(Vmmouse::new)
                .description("VMware absolute mouse (inactive: the backdoor protocol is not supported)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.INPUT)
                        .property(PropertyDef.link("i8042", I8042.TYPE).description("the PS/2 controller")))
                .build();
    }

    @Override
    protected void realize() {
        if (getLink("i8042", I8042.class) == null) throw new RealizeException(describe() + ": 'i8042' link is not set");
    }
}
