package org.jemu.plugin.example.internal;

import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.osgi.service.component.annotations.Component;

/** Contributes the example device type when the bundle starts; the platform removes it when the bundle stops. */
@Component(service = ModuleInit.class)
public final class ExampleTypes implements ModuleInit {

    @Override
    public InitPhase phase() {
        return InitPhase.DEVICE;
    }

    @Override
    public void init(InitContext context) {
        context.register(EdgeCounter.typeInfo());
    }
}
