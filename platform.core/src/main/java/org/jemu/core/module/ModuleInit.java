package org.jemu.core.module;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's contribution to one module-init phase, published as an OSGi service (a DS component). At start-up the
 * runtime runs every contribution phase by phase; a contribution arriving later (a bundle started while jemu runs)
 * runs at once. When the service goes away (its bundle stops) every type it registered is removed again.
 *
 * <pre>{@code
 * @Component
 * public class SerialTypes implements ModuleInit {
 *     public InitPhase phase() { return InitPhase.DEVICE; }
 *     public void init(InitContext ctx) { ctx.register(IsaSerial.typeInfo()); }
 * }
 * }</pre>
 */
@ConsumerType
public interface ModuleInit {

    InitPhase phase();

    /** Declares types. Exceptions are logged with the bundle's name; the platform and other bundles go on. */
    void init(InitContext context);
}
