package org.jemu.core.internal.machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jemu.core.internal.memory.Overlaps;
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.machine.RegionMapping;
import org.jemu.core.machine.Wire;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.SysBus;
import org.jemu.core.qdev.SystemControl;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jemu.memory.MemoryRegion;

/**
 * Builds a machine from its type's {@link BoardDefinition}: checks every named type exists, creates the machine at
 * /machine with its containers, memory roots, RAM and system bus, creates/plugs/realizes the board's devices in
 * order, maps their regions, wires GPIOs, runs the board hooks, then adds the user's -device devices. Runs under the
 * global lock.
 */
public final class MachineBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(MachineBuilder.class);

    /** The name of the memory root (QEMU's "system"); its size 0 means the whole 64-bit space. */
    public static final String SYSTEM_MEMORY = "system";
    /** The name of the port I/O root (QEMU's "io"). */
    public static final String SYSTEM_IO = "io";
    /** x86 port I/O: 64 KiB of ports. */
    public static final long SYSTEM_IO_SIZE = 0x10000;

    /** A -device request: the type, its id (or null), and its properties as text (bus= among them). */
    public record UserDevice(String type, String id, Map<String, String> properties) {
    }

    private final TypeRegistry registry;
    private final QomObject root;

    private SystemControl systemControl = SystemControl.NONE;

    public MachineBuilder(TypeRegistry registry, QomObject root) {
        this.registry = registry;
        this.root = root;
    }

    /** What the machine's devices will use to request power off, reset or exit. */
    public MachineBuilder withSystemControl(SystemControl control) {
        this.systemControl = control;
        return this;
    }

    /** Resolves a -machine name or alias to its type, or throws naming the machine. */
    public static ObjectType resolveMachineType(TypeRegistry registry, String name) {
        for (ObjectType t : registry.listByAncestor(Machine.TYPE, false)) {
            if (t.name().equals(name + Machine.TYPE_SUFFIX) || name.equals(t.get(Machine.ALIAS))) return t;
        }
        throw new QomException("unsupported machine type '" + name + "' (use -machine help to list them)");
    }

    /** The default machine type, if a board declares one. */
    public static ObjectType defaultMachineType(TypeRegistry registry) {
        return registry.listByAncestor(Machine.TYPE, false).stream()
                .filter(t -> t.get(Machine.IS_DEFAULT)).findFirst()
                .orElseThrow(() -> new QomException("no default machine type is installed (use -machine help to list them)"));
    }

    /**
     * Builds the machine.
     *
     * @param machineType the resolved machine type
     * @param options     -machine key=value properties (type excluded)
     * @throws QomException naming the machine, device or type at fault; nothing is left in the tree then
     */
    public Machine build(ObjectType machineType, MachineConfig config, Map<String, String> options, List<UserDevice> userDevices) {
        Machine machine = registry.create(machineType.name(), Machine.class);
        String name = machine.machineName();
        BoardDefinition board = machine.board();
        if (board == null) throw new QomException("machine '" + name + "' has no board definition");
        options.forEach(machine::parseProperty);
        if (config.maxCpus() > board.maxCpus()) {
            throw new QomException("machine '" + name + "': Invalid SMP CPUs " + config.maxCpus()
                    + ". The max CPUs supported by machine '" + name + "' is " + board.maxCpus());
        }
        List<DeviceSpec> present = board.devices().stream()
                .filter(d -> d.onlyIf() == null || isOn(machine, d.onlyIf())).toList();
        checkTypes(name, board, config, present, userDevices);
        machine.setConfig(config);
        machine.setSystemControl(systemControl);
        root.addChild("machine", machine);
        try {
            machine.addChild("unattached", registry.create(TypeRegistry.CONTAINER));
            machine.addChild("peripheral", registry.create(TypeRegistry.CONTAINER));
            machine.addChild("peripheral-anon", registry.create(TypeRegistry.CONTAINER));
            attachMemory(machine, board, config);
            // One render of the address spaces for the whole build instead of one per mapped region.
            machine.memorySystem().begin();
            try {
                populate(machine, board, config, options, present, userDevices);
            } finally {
                machine.memorySystem().commit();
            }
            LOG.debug("machine {} memory map:\n{}", name, machine.memorySystem().mtree());
            return machine;
        } catch (RuntimeException e) {
            machine.unparent();
            machine.releaseMemory();
            throw e;
        }
    }

    private void populate(Machine machine, BoardDefinition board, MachineConfig config, Map<String, String> options,
                          List<DeviceSpec> present, List<UserDevice> userDevices) {
        machine.attachSysbus(registry.create(SysBus.TYPE, SysBus.class));
        Context ctx = new Context(machine, config, options);
        board.hooks(BoardHook.Stage.BEFORE_DEVICES).forEach(h -> h.run(ctx));
        if (board.cpuBaseType() != null) createCpus(machine, board, config);
        for (DeviceSpec spec : present) ctx.createDevice(spec);
        for (RegionMapping m : board.mappings()) {
            if (ctx.has(m.device())) map(machine, ctx.device(m.device()), m);
        }
        for (Wire w : board.wires()) {
            if (ctx.has(w.from()) && ctx.has(w.to())) ctx.wire(w);
        }
        board.hooks(BoardHook.Stage.AFTER_DEVICES).forEach(h -> h.run(ctx));
        for (UserDevice u : userDevices) addUserDevice(machine, u);
        board.hooks(BoardHook.Stage.MACHINE_DONE).forEach(h -> h.run(ctx));
    }

    /** The memory and I/O roots and the guest RAM (unmapped: the board maps it). */
    private static void attachMemory(Machine machine, BoardDefinition board, MachineConfig config) {
        MemoryRegion ram;
        try {
            ram = MemoryRegion.ram(board.ramName(), config.ramSize());
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            throw new QomException("machine '" + machine.machineName() + "': cannot allocate " + config.ramSize()
                    + " bytes of RAM: " + e.getMessage(), e);
        }
        machine.attachMemory(MemoryRegion.container(SYSTEM_MEMORY, 0).setOwner(machine),
                MemoryRegion.container(SYSTEM_IO, SYSTEM_IO_SIZE).setOwner(machine), ram.setOwner(machine));
    }

    /** Performs one {@link RegionMapping}; errors name the machine, the device, the region index and the address. */
    private static void map(Machine machine, Device device, RegionMapping m) {
        String where = "machine '" + machine.machineName() + "': cannot map " + m.describe() + ": ";
        if (!(device instanceof SysBusDevice sd)) {
            throw new QomException(where + device.describe() + " is not a system bus device");
        }
        MemoryRegion space = m.space() == RegionMapping.Space.MEMORY ? machine.systemMemory() : machine.systemIo();
        MemoryRegion region;
        try {
            region = m.space() == RegionMapping.Space.MEMORY ? sd.mmio(m.index()) : sd.pio(m.index());
        } catch (QomException e) {
            throw new QomException(where + e.getMessage(), e);
        }
        if (region.container() != null) {
            throw new QomException(where + "region '" + region.name() + "' is already mapped in '" + region.container().name() + "'");
        }
        if (!Overlaps.fits(space, m.address(), region.size())) {
            throw new QomException(where + "region '" + region.name() + "' (" + Overlaps.range(m.address(), region.size())
                    + ") does not fit in '" + space.name() + "'");
        }
        if (m.overlap()) {
            space.addSubregionOverlap(m.address(), region, m.priority());
            return;
        }
        MemoryRegion other = Overlaps.find(space, m.address(), region.size()).orElse(null);
        if (other != null) {
            throw new QomException(where + "region '" + region.name() + "' (" + Overlaps.range(m.address(), region.size())
                    + ") overlaps " + Overlaps.describeMapped(other));
        }
        space.addSubregion(m.address(), region);
    }

    /** A bool machine property that is true, or an on/off/auto one that is not "off" (QEMU: auto means the board decides, and boards create the device). */
    private static boolean isOn(Machine machine, String property) {
        Object v = machine.property(property);
        return v instanceof Boolean b ? b : !"off".equals(v);
    }

    private void checkTypes(String machine, BoardDefinition board, MachineConfig config, List<DeviceSpec> present,
                            List<UserDevice> userDevices) {
        Set<String> missing = new LinkedHashSet<>();
        if (board.cpuBaseType() != null) {
            String cpuType = board.cpuType(config.cpuModel());
            if (registry.lookup(cpuType).isEmpty()) {
                if (config.cpuModel() != null && registry.lookup(board.cpuBaseType()).isPresent()) {
                    throw new QomException("unable to find CPU model '" + config.cpuModel() + "' (use -cpu help to list them)");
                }
                missing.add("'" + cpuType + "' (CPU)");
            }
        }
        for (DeviceSpec d : present) if (registry.lookup(d.type()).isEmpty()) missing.add("'" + d.type() + "'");
        if (!missing.isEmpty()) {
            throw new QomException("machine '" + machine + "' cannot be built: type" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is")
                    + " not registered; install the bundles that provide them");
        }
        for (UserDevice u : userDevices) {
            ObjectType t = registry.lookup(u.type()).orElse(null);
            if (t == null || !t.isA(Device.TYPE) || t.isAbstract()) {
                throw new QomException("-device " + u.type() + ": '" + u.type() + "' is not a valid device model name");
            }
            if (!t.get(Device.USER_CREATABLE)) {
                throw new QomException("-device " + u.type() + ": '" + u.type() + "' cannot be created by the user (board-only device)");
            }
        }
    }

    private void createCpus(Machine machine, BoardDefinition board, MachineConfig config) {
        String cpuType = board.cpuType(config.cpuModel());
        for (int i = 0; i < config.cpus(); i++) {
            Device cpu = registry.create(cpuType, Device.class);
            machine.resolve("/machine/unattached").addChild("device[*]", cpu);
            cpu.bindSystem(machine.systemControl());
            cpu.setRealized(true);
            machine.addCpu(cpu);
        }
    }

    private void addUserDevice(Machine machine, UserDevice u) {
        Device dev = registry.create(u.type(), Device.class);
        Map<String, String> props = new LinkedHashMap<>(u.properties());
        String busName = props.remove("bus");
        try {
            if (u.id() != null) {
                dev.setId(u.id());
                if (machine.resolve("/machine/peripheral/" + u.id()) != null) {
                    throw new QomException("Duplicate device ID '" + u.id() + "'");
                }
                machine.resolve("/machine/peripheral").addChild(u.id(), dev);
            } else {
                machine.resolve("/machine/peripheral-anon").addChild("device[*]", dev);
            }
            // In the tree first, so links (chardev=ID, other devices' paths) resolve from the machine's root.
            for (var e : props.entrySet()) dev.parseProperty(e.getKey(), e.getValue());
            String busType = dev.type().get(Device.BUS_TYPE);
            if (busType != null) dev.plugInto(findBusFor(machine, dev, busType, busName));
            dev.bindSystem(machine.systemControl());
            dev.setRealized(true);
            if (busType == null) machine.addBuslessDevice(dev);
        } catch (RuntimeException e) {
            dev.unparent();
            throw new QomException("-device " + u.type() + (u.id() != null ? ",id=" + u.id() : "") + ": " + e.getMessage(), e);
        }
    }

    private static Bus findBusFor(Machine machine, Device dev, String busType, String busName) {
        if (busName != null) {
            Bus b = machine.findBus(busName);
            if (b == null) throw new RealizeException("Bus '" + busName + "' not found");
            return b;
        }
        List<Bus> candidates = new ArrayList<>();
        collectBuses(machine, busType, candidates);
        for (Bus b : candidates) {
            int max = b.type().get(Bus.MAX_DEVICES);
            if (max == 0 || b.devices().size() < max) return b;
        }
        throw new RealizeException("No '" + busType + "' bus found for device '" + dev.typeName() + "'");
    }

    private static void collectBuses(QomObject node, String busType, List<Bus> out) {
        for (QomObject c : node.children()) {
            if (c instanceof Bus b && b.isA(busType)) out.add(b);
            collectBuses(c, busType, out);
        }
    }

    /** The {@link BoardContext} handed to hooks; also used for the definition's own devices. */
    private final class Context implements BoardContext {
        private final Machine machine;
        private final MachineConfig config;
        private final Map<String, String> options;
        private final Map<String, Device> devices = new LinkedHashMap<>();

        Context(Machine machine, MachineConfig config, Map<String, String> options) {
            this.machine = machine;
            this.config = config;
            this.options = Map.copyOf(options);
        }

        boolean has(String name) {
            return devices.containsKey(name);
        }

        @Override
        public Machine machine() {
            return machine;
        }

        @Override
        public MachineConfig config() {
            return config;
        }

        @Override
        public Device device(String name) {
            Device d = devices.get(name);
            if (d == null) throw new QomException("machine '" + machine.machineName() + "': no device named '" + name + "'");
            return d;
        }

        @Override
        public Bus bus(String name) {
            Bus b = machine.findBus(name);
            if (b == null) throw new QomException("machine '" + machine.machineName() + "': no bus named '" + name + "'");
            return b;
        }

        @Override
        public Device createDevice(DeviceSpec spec) {
            if (devices.containsKey(spec.name())) {
                throw new QomException("machine '" + machine.machineName() + "': device '" + spec.name() + "' exists already");
            }
            Device dev;
            try {
                dev = registry.create(spec.type(), Device.class);
            } catch (QomException e) {
                throw new QomException("machine '" + machine.machineName() + "', device '" + spec.name() + "': " + e.getMessage(), e);
            }
            machine.addChild(spec.name(), dev);
            try {
                spec.properties().forEach(dev::parseProperty);
                if (spec.configurer() != null) spec.configurer().configure(this, dev);
                if (spec.bus() != null) dev.plugInto(bus(spec.bus()));
                dev.bindSystem(machine.systemControl());
                dev.setRealized(true);
                if (spec.bus() == null) machine.addBuslessDevice(dev);
            } catch (RuntimeException e) {
                dev.unparent();
                throw e instanceof QomException q ? q : new QomException(dev.describe() + ": " + e, e);
            }
            devices.put(spec.name(), dev);
            return dev;
        }

        @Override
        public void wire(Wire w) {
            Device from = device(w.from());
            Device to = device(w.to());
            from.connectGpioOut(w.fromOutput(), w.fromIndex(), to.gpioIn(w.toInput(), w.toIndex()));
        }

        @Override
        public Map<String, String> machineOptions() {
            return options;
        }
    }
}
