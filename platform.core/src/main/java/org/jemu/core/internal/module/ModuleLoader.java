package org.jemu.core.internal.module;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.internal.qom.TypeRegistryImpl.Rejection;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ModuleInit} contributions. Before {@link #startup()} they are collected; startup runs them phase by
 * phase, each phase one registry batch. Afterwards each arriving contribution runs at once. A contribution that
 * throws is logged with its bundle and discarded; a type waiting for a missing parent is logged and parked, and
 * registered as soon as a later bundle provides the parent. Types of other bundles removed because an ancestor left
 * are parked the same way, so they return with it.
 */
public final class ModuleLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleLoader.class);

    /** One contribution: who made it, an identity for removal, and the service. */
    public record Contribution(String owner, Object key, ModuleInit init) {
    }

    private final TypeRegistryImpl registry;
    private final List<Contribution> collected = new ArrayList<>();
    private final List<Pending> parked = new ArrayList<>();
    private final Consumer<List<ObjectType>> departures;
    private boolean started;

    /**
     * @param departures told which types are about to leave (with their bundle) before they are removed, so live
     *                   devices of those types can be unplugged or the VM paused
     */
    public ModuleLoader(TypeRegistryImpl registry, Consumer<List<ObjectType>> departures) {
        this.registry = registry;
        this.departures = departures;
    }

    public synchronized boolean isStarted() {
        return started;
    }

    public synchronized void add(Contribution c) {
        if (started) {
            run(List.of(c));
        } else {
            collected.add(c);
        }
    }

    /** Runs every collected contribution, phase by phase. Idempotent. */
    public synchronized void startup() {
        if (started) return;
        started = true;
        for (InitPhase phase : InitPhase.values()) {
            List<Contribution> batch = collected.stream().filter(c -> phaseOf(c) == phase).toList();
            if (!batch.isEmpty()) run(batch);
        }
        collected.clear();
    }

    /** A contribution's service left: its bundle's types (and those built on them) leave too. */
    public synchronized void remove(Contribution c) {
        collected.remove(c);
        parked.removeIf(p -> p.owner().equals(c.owner()));
        if (!started) return;
        List<ObjectType> leaving = registry.typesLeavingWith(c.owner());
        if (leaving.isEmpty()) return;
        try {
            departures.accept(leaving);
        } catch (RuntimeException e) {
            LOG.error("handling the departure of {}'s types failed", c.owner(), e);
        }
        for (Pending p : registry.removeOwner(c.owner(), "bundle " + c.owner() + " stopped")) {
            // Other bundles' types built on the leaving ones come back when their ancestors do.
            if (!p.owner().equals(c.owner())) parked.add(p);
        }
        LOG.info("{}: removed {} type(s): {}", c.owner(), leaving.size(), leaving.stream().map(ObjectType::name).toList());
    }

    private static InitPhase phaseOf(Contribution c) {
        try {
            InitPhase p = c.init().phase();
            return p == null ? InitPhase.DEVICE : p;
        } catch (RuntimeException e) {
            return InitPhase.DEVICE;
        }
    }

    private void run(List<Contribution> batch) {
        List<Pending> declared = new ArrayList<>();
        for (Contribution c : batch.stream().sorted(Comparator.comparing(ModuleLoader::phaseOf)).toList()) {
            Context ctx = new Context(phaseOf(c), c.owner());
            try {
                c.init().init(ctx);
                declared.addAll(ctx.declared);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("bundle {}: module init ({}) failed, none of its types are registered: {}",
                        c.owner(), ctx.phase, e.toString(), e);
            }
        }
        register(declared);
    }

    private void register(List<Pending> declared) {
        int before = registry.all().size();
        List<Rejection> rejected = registry.registerAll(declared);
        for (Rejection r : rejected) {
            if (r.waitsForDependency()) {
                parked.add(new Pending(r.owner(), r.info()));
                LOG.error("bundle {}: type '{}' not registered: {} (it will be once a bundle provides it)",
                        r.owner(), r.typeName(), r.reason());
            } else {
                LOG.error("bundle {}: type '{}' rejected: {}", r.owner(), r.typeName(), r.reason());
            }
        }
        if (!parked.isEmpty() && registry.all().size() > before) {
            List<Pending> retry = List.copyOf(parked);
            parked.clear();
            List<Rejection> still = registry.registerAll(retry);
            for (Rejection r : still) parked.add(new Pending(r.owner(), r.info()));
            for (Pending p : retry) {
                if (still.stream().noneMatch(r -> r.typeName().equals(p.info().name()))) {
                    LOG.info("bundle {}: type '{}' registered now that its parent arrived", p.owner(), p.info().name());
                }
            }
        }
    }

    private final class Context implements InitContext {
        private final InitPhase phase;
        private final String owner;
        private final List<Pending> declared = new ArrayList<>();

        Context(InitPhase phase, String owner) {
            this.phase = phase;
            this.owner = owner;
        }

        @Override
        public InitPhase phase() {
            return phase;
        }

        @Override
        public String owner() {
            return owner;
        }

        @Override
        public void register(TypeInfo type) {
            declared.add(new Pending(owner, type));
        }

        @Override
        public TypeRegistry registry() {
            return registry;
        }
    }
}
