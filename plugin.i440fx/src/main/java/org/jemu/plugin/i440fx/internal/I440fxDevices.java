package org.jemu.plugin.i440fx.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/**
 * The chipset devices of this bundle (DEVICE phase): the i440FX host bridge and its PCI function, PIIX3, its IDE
 * function (piix3-ide) and the PIIX4 power management function (PIIX4_PM).
 */
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
        ctx.register(Piix3Ide.typeInfo());
        ctx.register(Piix4Pm.typeInfo());
    }
}
