package org.jemu.plugin.pc.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** The legacy PC devices of this bundle (DEVICE phase). */
@Component(service = ModuleInit.class)
public final class PcDevices implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(IsaBusBridge.typeInfo());
        ctx.register(IsaDebugcon.typeInfo());
        ctx.register(IsaDebugExit.typeInfo());
        ctx.register(FwCfgIo.typeInfo());
        ctx.register(I8257.typeInfo());
        ctx.register(IsaFdc.typeInfo());
        ctx.register(IsaSerial.typeInfo());
        ctx.register(I8259.typeInfo());
        ctx.register(I8254.typeInfo());
        ctx.register(PcSpeaker.typeInfo());
        ctx.register(Port92.typeInfo());
        ctx.register(I8042.typeInfo());
        ctx.register(Vmport.typeInfo());
        ctx.register(Vmmouse.typeInfo());
        ctx.register(Mc146818Rtc.typeInfo());
        ctx.register(IoApic.typeInfo());
        ctx.register(Hpet.typeInfo());
        ctx.register(SmbusEeprom.typeInfo());
    }
}
