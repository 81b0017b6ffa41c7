package org.jemu.plugin.i440fx.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** The chipset devices of this bundle (DEVICE phase): the i440FX host bridge and its PCI function, and PIIX3. */
@Component(service = ModuleInit.class)
public final class I440fxDevices implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(I440fxPciHost.typeInfo());
        ctx.register(I440fxPmc.typeInfo());
        ctx.register(Piix3.typeInfo());
    }
}
