package org.jemu.cpu.x86.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** The x86-64 CPU models (QEMU's qemu64 is the default of the pc boards; max is everything implemented). */
@Component(service = ModuleInit.class)
public final class X86CpuTypes implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext ctx) {
        ctx.register(X86CpuDevice.baseType());
        ctx.register(X86CpuDevice.model("qemu64", "QEMU Virtual CPU version 2.5+ ["
                + String.join(" ", org.jemu.cpu.x86.internal.exec.Cpuid.flags()) + "]"));
        ctx.register(X86CpuDevice.model("max", "Enables all features supported by the accelerator in the current host"));
    }
}
