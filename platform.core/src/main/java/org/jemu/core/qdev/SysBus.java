package org.jemu.core.qdev;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/** The machine's root bus (QEMU's "main-system-bus", type {@value #TYPE}), which memory-mapped devices plug into. */
public class SysBus extends Bus {

    public static final String TYPE = "System";
    /** The name boards and {@code -device bus=} use for it. */
    public static final String NAME = "main-system-bus";

    public SysBus(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Bus.TYPE).factory(SysBus::new)
                .description("the system bus of memory-mapped devices").build();
    }
}
