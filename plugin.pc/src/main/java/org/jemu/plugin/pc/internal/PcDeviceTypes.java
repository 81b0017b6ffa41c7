package org.jemu.plugin.pc.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** The ISA bus and device base types, which other bundles' bridges and devices build on (TYPES phase). */
@Component(service = ModuleInit.class)
public final class PcDeviceTypes implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.TYPES;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(IsaTypes.bus());
        ctx.register(IsaTypes.device());
    }
}
