package org.jemu.core.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevObject;
import org.jemu.core.event.ClockType;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoopConfig;
import org.jemu.core.event.MainLoops;
import org.jemu.core.event.ManualTimeSource;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.machine.MachineBuilder.UserDevice;
import org.jemu.core.internal.module.CoreTypes;
import org.jemu.core.internal.module.ModuleLoader;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.SystemControl;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeRegistry;
import org.jemu.memory.AddressSpace;

/**
 * A machine built in-process for tests: the given bundles' {@link ModuleInit}s run phase by phase as at start-up,
 * then a board (a registered machine type, or a definition given here) is built exactly as the runtime builds it.
 * Guest-visible effects are observed through {@link #memory()}, {@link #io()} and {@link #systemRequests()}.
 */
public final class MachineHarness implements AutoCloseable {

    private final TypeRegistry registry;
    private final QomObject root;
    private final Machine machine;
    private final List<String> requests;
    private final MainLoop loop;
    private final ManualTimeSource virtualTime;

    private MachineHarness(TypeRegistry registry, QomObject root, Machine machine, List<String> requests, MainLoop loop,
                           ManualTimeSource virtualTime) {
        this.registry = registry;
        this.root = root;
        this.machine = machine;
        this.requests = requests;
        this.loop = loop;
        this.virtualTime = virtualTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TypeRegistry registry() {
        return registry;
    }

    public Machine machine() {
        return machine;
    }

    /** The "memory" address space (guest-physical). */
    public AddressSpace memory() {
        return machine.memory();
    }

    /** The "I/O" address space (ports). */
    public AddressSpace io() {
        return machine.io();
    }

    /** An object by QOM path ("/machine/serial0"). */
    public QomObject resolve(String path) {
        return root.resolve(path);
    }

    /** What devices asked of the system, in order: "shutdown", "reset", "exit N". */
    public List<String> systemRequests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The virtual clock devices read through their system handle; it starts at 0 and moves only when told to. */
    public long virtualNowNs() {
        return virtualTime.nowNs();
    }

    /**
     * Moves the virtual clock forward and runs the device timers that became due (qtest's clock_step), on this
     * thread with the global lock held.
     *
     * @return the new virtual time
     */
    public long advanceVirtualNs(long deltaNs) {
        long now = virtualTime.advance(deltaNs);
        loop.iterate(false);
        return now;
    }

    /** Runs device timers already due and posted work, without moving the clock. */
    public void runPending() {
        loop.iterate(false);
    }

    /** Unrealizes nothing; frees the machine's RAM and ROMs and the main loop. */
    @Override
    public void close() {
        machine.releaseMemory();
        loop.close();
    }

    /** Builds a {@link MachineHarness}. */
    public static final class Builder {
        private final List<ModuleInit> contributions = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private final List<UserDevice> devices = new ArrayList<>();
        private final Map<String, Chardev> chardevs = new LinkedHashMap<>();
        private String machineName;
        private BoardDefinition board;
        private Consumer<TypeClass> boardProperties;
        private long ram = 16L << 20;
        private int cpus = 1;

        /** A bundle's contribution (run with the others, phase by phase). */
        public Builder contribute(ModuleInit... inits) {
            contributions.addAll(List.of(inits));
            return this;
        }

        /** Build this registered machine type (by name or alias). */
        public Builder machine(String name) {
            this.machineName = name;
            return this;
        }

        /** Build an ad-hoc board ("harness-1.0") with these extra machine properties. */
        public Builder board(BoardDefinition definition, Consumer<TypeClass> properties) {
            this.board = definition;
            this.boardProperties = properties;
            return this;
        }

        /** A -machine property, as text. */
        public Builder option(String key, String value) {
            options.put(key, value);
            return this;
        }

        public Builder ram(long bytes) {
            this.ram = bytes;
            return this;
        }

        public Builder cpus(int n) {
            this.cpus = n;
            return this;
        }

        /** A character device at /chardevs/ID, for devices' chardev links. */
        public Builder chardev(String id, Chardev backend) {
            chardevs.put(id, backend);
            return this;
        }

        /** A -device: type, id (or null) and properties as text. */
        public Builder device(String type, String id, Map<String, String> properties) {
            devices.add(new UserDevice(type, id, properties));
            return this;
        }

        /** @throws org.jemu.core.qom.QomException as the runtime would report it */
        public MachineHarness build() {
            TypeRegistryImpl registry = new TypeRegistryImpl();
            ModuleLoader loader = new ModuleLoader(registry, t -> { });
            loader.add(new ModuleLoader.Contribution(TypeRegistryImpl.CORE_OWNER, "core", new CoreTypes()));
            int n = 0;
            for (ModuleInit m : contributions) loader.add(new ModuleLoader.Contribution("harness", "c" + n++, m));
            loader.startup();
            String name = machineName;
            if (board != null) {
                name = "harness-1.0";
                registry.registerAll(List.of(new TypeRegistryImpl.Pending("harness",
                        Machine.machineType(name, null, false, "test harness board", board, boardProperties))));
            }
            if (name == null) throw new IllegalStateException("give a machine type or a board");
            QomObject root = registry.create(TypeRegistry.CONTAINER);
            root.makeRoot();
            QomObject chardevContainer = registry.create(TypeRegistry.CONTAINER);
            root.addChild("chardevs", chardevContainer);
            chardevs.forEach((id, backend) -> {
                ChardevObject o = registry.create(ChardevObject.TYPE, ChardevObject.class);
                o.bind(backend);
                chardevContainer.addChild(id, o);
            });
            List<String> requests = new ArrayList<>();
            ManualTimeSource virtualTime = new ManualTimeSource();
            MainLoop loop = MainLoops.create(MainLoopConfig.defaults().withVirtualTimeSource(virtualTime));
            loop.resume();
            SystemControl control = new SystemControl() {
                @Override
                public void requestShutdown() {
                    record("shutdown");
                }

                @Override
                public void requestReset() {
                    record("reset");
                }

                @Override
                public void requestExit(int status) {
                    record("exit " + status);
                }

                @Override
                public long nowNs(ClockType type) {
                    return loop.nowNs(type);
                }

                @Override
                public Timer newTimer(ClockType type, TimerCallback callback) {
                    return loop.newTimer(type, callback);
                }

                private void record(String what) {
                    synchronized (requests) {
                        requests.add(what);
                    }
                }
            };
            Machine machine;
            try {
                machine = new MachineBuilder(registry, root).withSystemControl(control)
                        .build(MachineBuilder.resolveMachineType(registry, name), new MachineConfig(ram, cpus, cpus, null),
                                options, devices);
            } catch (RuntimeException e) {
                loop.close();
                throw e;
            }
            return new MachineHarness(registry, root, machine, requests, loop, virtualTime);
        }
    }
}
