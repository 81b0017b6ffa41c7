package org.jemu.core.qdev;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.internal.module.CoreTypes;
import org.jemu.core.internal.module.ModuleLoader;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/** Small devices and a bus for exercising the device model; every call is logged to a shared journal. */
public final class TestDevices {

    public static final String TEST_BUS = "test-bus";

    private TestDevices() {
    }

    /** A registry with the core types and the test types, plus a root container. */
    public static TypeRegistryImpl registry() {
        TypeRegistryImpl registry = new TypeRegistryImpl();
        ModuleLoader loader = new ModuleLoader(registry, t -> { });
        loader.add(new ModuleLoader.Contribution("platform.core", "core", new CoreTypes()));
        loader.add(new ModuleLoader.Contribution("test", "test", new ModuleInit() {
            @Override
            public InitPhase phase() {
                return InitPhase.DEVICE;
            }

            @Override
            public void init(org.jemu.core.module.InitContext ctx) {
                ctx.register(TypeInfo.builder(TEST_BUS).parent(Bus.TYPE).factory(TestBus::new).build());
                ctx.register(TypeInfo.builder("test-bridge").parent(SysBusDevice.TYPE).factory(Bridge::new)
                        .classInit(c -> c.set(Device.CATEGORY, DeviceCategory.BRIDGE).set(Device.USER_CREATABLE, false)
                                .property(PropertyDef.bool("hotplug").defaultValue(false)))
                        .description("a bridge to a test bus").build());
                ctx.register(TypeInfo.builder("test-leaf").parent(Device.TYPE).factory(Leaf::new)
                        .classInit(c -> c.set(Device.BUS_TYPE, TEST_BUS).set(Device.CATEGORY, DeviceCategory.MISC)
                                .property(PropertyDef.uint16("iobase").defaultValue(0x3f8))
                                .property(PropertyDef.bool("fail").defaultValue(false)))
                        .description("a leaf device").build());
                ctx.register(TypeInfo.builder("test-ports").parent(Device.TYPE).factory(Ports::new)
                        .classInit(c -> c.set(Device.BUS_TYPE, TEST_BUS).set(Device.USER_CREATABLE, false)
                                .property(PropertyDef.uint16("iobase").defaultValue(0x3f8))
                                .property(PropertyDef.uint16("size").defaultValue(8))
                                .property(PropertyDef.uint16("second").defaultValue(0)))
                        .description("exposes port I/O at iobase (and at 'second' if not 0)").build());
                ctx.register(TypeInfo.builder("test-mmio").parent(SysBusDevice.TYPE).factory(Mmio::new)
                        .classInit(c -> c.set(Device.USER_CREATABLE, false).property(PropertyDef.bool("late").defaultValue(false)))
                        .description("MMIO region 0 'regs' (4 KiB), port region 0 'ctl' (4 ports); late=on adds MMIO 1 at realize")
                        .build());
                ctx.register(TypeInfo.builder("test-cpu").parent(Device.TYPE).factory(Cpu::new)
                        .classInit(c -> c.set(Device.CATEGORY, DeviceCategory.CPU).set(Device.USER_CREATABLE, false)).build());
            }
        }));
        loader.startup();
        return registry;
    }

    public static QomObject root(TypeRegistry registry) {
        QomObject root = registry.create(TypeRegistry.CONTAINER);
        root.makeRoot();
        return root;
    }

    /** A bus that records plug and unplug when made hotpluggable. */
    public static final class TestBus extends Bus implements Journaled {
        public TestBus(ObjectType t) {
            super(t);
        }
    }

    /** Owns bus "test.0"; optionally its hotplug handler. Its input "irq-in" records levels. */
    public static final class Bridge extends SysBusDevice implements HotplugHandler, Journaled {
        public final List<String> hotplugEvents = new ArrayList<>();
        public final List<Boolean> levels = new ArrayList<>();
        public final IrqLine[] irqs;
        private TestBus bus;

        public Bridge(ObjectType t) {
            super(t);
            irqs = defineIrqs(2);
            defineGpioIn("irq-in", 4, (n, level) -> levels.add(level));
        }

        @Override
        protected void realize() {
            bus = createBus(TEST_BUS, "test.0", TestBus.class);
            bus.setIoSpace(parentBus().ioSpace());
            if (getBool("hotplug")) bus.setHotplugHandler(this);
        }

        @Override
        public void plug(Device device) {
            hotplugEvents.add("plug " + device.typeName());
        }

        @Override
        public void unplug(Device device) {
            hotplugEvents.add("unplug " + device.typeName());
            HotplugHandler.super.unplug(device);
        }
    }

    /** A device on the test bus; "fail" makes realize fail. Its output "out" drives whatever the board wires. */
    public static final class Leaf extends Device implements Journaled {
        public final IrqLine out;
        public boolean realizedOnce;
        public boolean unrealized;

        public Leaf(ObjectType t) {
            super(t);
            out = defineGpioOut("out", 1)[0];
        }

        @Override
        protected void realize() {
            if (getBool("fail")) throw new RealizeException("I/O port " + Long.toHexString(getLong("iobase")) + " is taken");
            realizedOnce = true;
        }

        @Override
        protected void unrealize() {
            unrealized = true;
        }

        @Override
        public void resetHold(ResetType type) {
            Journaled.super.resetHold(type);
            out.lower();
        }
    }

    /** Registers that read as their offset and ignore writes. */
    public static final MemoryRegionOps OPS = new MemoryRegionOps() {
        @Override
        public long read(long offset, int size) {
            return offset;
        }

        @Override
        public void write(long offset, int size, long value) {
        }
    };

    /** An ISA-style device on the test bus: exposes region "ports" of "size" ports at "iobase" (and "ports2" at "second"). */
    public static final class Ports extends Device {
        public Ports(ObjectType t) {
            super(t);
        }

        @Override
        protected void realize() {
            exposeIoPorts(MemoryRegion.io("ports", getLong("size"), OPS), getLong("iobase"));
            if (getLong("second") != 0) exposeIoPorts(MemoryRegion.io("ports2", 4, OPS), getLong("second"));
        }
    }

    /** A system bus device with MMIO region 0 "regs" and port region 0 "ctl"; late=on declares MMIO 1 "late" in realize. */
    public static final class Mmio extends SysBusDevice {
        public final MemoryRegion regs = MemoryRegion.io("regs", 0x1000, OPS);
        public final MemoryRegion ctl = MemoryRegion.io("ctl", 4, OPS);

        public Mmio(ObjectType t) {
            super(t);
            initMmio(regs);
            initPio(ctl);
        }

        @Override
        protected void realize() {
            if (getBool("late")) initMmio(MemoryRegion.io("late", 0x100, OPS));
        }
    }

    /** A bus-less device standing in for a CPU. */
    public static final class Cpu extends Device {
        public Cpu(ObjectType t) {
            super(t);
        }
    }

    /** Records every reset phase in the journal. */
    interface Journaled extends Resettable {
        @Override
        default void resetEnter(ResetType type) {
            Journal.log((QomObject) this, "enter");
        }

        @Override
        default void resetHold(ResetType type) {
            Journal.log((QomObject) this, "hold");
        }

        @Override
        default void resetExit(ResetType type) {
            Journal.log((QomObject) this, "exit");
        }
    }

    /** Collects reset calls in order (per test thread). */
    public static final class Journal {
        private static final ThreadLocal<List<String>> ENTRIES = ThreadLocal.withInitial(ArrayList::new);

        private Journal() {
        }

        static void log(QomObject o, String what) {
            String name = o instanceof Bus b ? b.busName() : o.name();
            ENTRIES.get().add(what + " " + name);
        }

        public static List<String> drain() {
            List<String> copy = List.copyOf(ENTRIES.get());
            ENTRIES.get().clear();
            return copy;
        }
    }
}
