package org.jemu.plugin.vga.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** The display devices of this bundle (DEVICE phase). */
@Component(service = ModuleInit.class)
public final class VgaDevices implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(Vga.typeInfo());
    }
}
