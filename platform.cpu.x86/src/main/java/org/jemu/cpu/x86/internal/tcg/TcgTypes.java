package org.jemu.cpu.x86.internal.tcg;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** Registers {@code tcg-accel} (BACKEND phase). */
@Component(service = ModuleInit.class)
public final class TcgTypes implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.BACKEND;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(TcgAccelerator.typeInfo());
    }
}
