package org.jemu.core.internal.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jemu.core.internal.module.CoreTypes;
import org.jemu.core.internal.module.ModuleLoader;
import org.jemu.core.internal.module.ModuleLoader.Contribution;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The runtime's heart inside OSGi: owns the type registry (published as a {@link TypeRegistry} service), the
 * composition root "/", and the module loader that runs every bundle's {@link ModuleInit} contributions.
 * Contributions bound before {@link #startup()} wait for it; later ones run on arrival; unbinding one (its bundle
 * stopping) takes its types away after the running VM has dealt with their live objects.
 */
@Component(service = PlatformRuntime.class, immediate = true)
public final class PlatformRuntime {

    private final TypeRegistryImpl registry = new TypeRegistryImpl();
    private final ModuleLoader loader = new ModuleLoader(registry, this::typesLeaving);
    private final Map<Long, Contribution> contributions = new HashMap<>();
    private final QomObject root;
    private final ServiceRegistration<TypeRegistry> registration;
    private volatile Consumer<List<ObjectType>> departureHandler;
    private final org.osgi.framework.Bundle systemBundle;

    @Activate
    public PlatformRuntime(BundleContext context) {
        systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        loader.add(new Contribution(TypeRegistryImpl.CORE_OWNER, "core", new CoreTypes()));
        root = registry.create(TypeRegistry.CONTAINER);
        root.makeRoot();
        registration = context.registerService(TypeRegistry.class, registry, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Reference(service = ModuleInit.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeModuleInit")
    void addModuleInit(ModuleInit init, ServiceReference<ModuleInit> ref) {
        String owner = ref.getBundle() == null ? "unknown bundle" : ref.getBundle().getSymbolicName();
        Contribution c = new Contribution(owner, ref.getProperty(Constants.SERVICE_ID), init);
        synchronized (contributions) {
            contributions.put((Long) ref.getProperty(Constants.SERVICE_ID), c);
        }
        loader.add(c);
    }

    void removeModuleInit(ModuleInit init, ServiceReference<ModuleInit> ref) {
        Contribution c;
        synchronized (contributions) {
            c = contributions.remove((Long) ref.getProperty(Constants.SERVICE_ID));
        }
        if (c != null) loader.remove(c);
    }

    /** Runs the contributions collected so far, phase by phase (once). */
    public void startup() {
        loader.startup();
    }

    public TypeRegistry registry() {
        return registry;
    }

    /** The composition root "/". */
    public QomObject root() {
        return root;
    }

    /** Who decides what happens to live objects of types about to leave: the running VM, or null. */
    public void setDepartureHandler(Consumer<List<ObjectType>> handler) {
        this.departureHandler = handler;
    }

    /**
     * Types leave with a stopping bundle: the running VM decides about their live objects, unless the whole framework
     * is stopping (Ctrl-C, SIGTERM, the platform shutting down), when the run ends anyway and pausing the VM for each
     * bundle would only fill the log.
     */
    private void typesLeaving(List<ObjectType> types) {
        Consumer<List<ObjectType>> h = departureHandler;
        if (h == null) return;
        if (systemBundle != null && systemBundle.getState() == org.osgi.framework.Bundle.STOPPING) return;
        h.accept(types);
    }
}
