package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * QEMU's "isabus-bridge": a system bus device that only owns the ISA bus "isa.0" of boards without a PCI-to-ISA
 * bridge (QEMU's isapc, and test boards). The bus decodes the system I/O space it sits in.
 */
public final class IsaBusBridge extends SysBusDevice {

    public static final String TYPE = "isabus-bridge";

    private Bus isaBus;

    public IsaBusBridge(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(IsaBusBridge::new)
                .description("the ISA bus of a machine without a PCI-to-ISA bridge")
                .classInit(c -> c.set(USER_CREATABLE, false)).build();
    }

    @Override
    protected void realize() {
        if (isaBus == null) {
            isaBus = createBus(IsaTypes.BUS, "isa.0", Bus.class);
            isaBus.setMemorySpace(parentBus().memorySpace());
            isaBus.setIoSpace(parentBus().ioSpace());
        }
    }
}
