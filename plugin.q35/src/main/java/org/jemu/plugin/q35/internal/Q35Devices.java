package org.jemu.plugin.q35.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/**
 * The chipset devices of this bundle (DEVICE phase): the Q35 host bridge and its MCH function, the ICH9 LPC bridge
 * with its power management, the ICH9 SMBus controller and the ICH9 AHCI controller.
 */
@Component(service = ModuleInit.class)
public final class Q35Devices implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(Ich9Smbus.typeInfo());
        ctx.register(Ich9Ahci.typeInfo());
        ctx.register(Ich9Lpc.typeInfo());
        ctx.register(Q35PciHost.typeInfo());
        ctx.register(Mch.typeInfo());
    }
}
