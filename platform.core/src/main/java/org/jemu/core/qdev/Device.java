package org.jemu.core.qdev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jemu.core.internal.memory.Overlaps;
import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * A device (QEMU's DeviceState): properties, a parent bus, child buses, GPIO lines, realize/unrealize and
 * three-phase reset.
 *
 * <p>Lifecycle: the registry constructs it (no side effects); properties are set; {@code setRealized(true)} calls
 * {@link #realize()}, which may fail with a {@link RealizeException}; {@code setRealized(false)} calls
 * {@link #unrealize()}, which undoes it. Side effects reach the outside only through handles handed in: IRQ lines
 * wired by the board, and memory regions: a device declares them, and its bus (port I/O, {@link #exposeIoPorts}) or
 * the board (system bus MMIO, {@link SysBusDevice#initMmio}) maps them. A device never sees the machine.
 */
public abstract class Device extends QomObject implements Resettable {

    /** The abstract root type of devices. */
    public static final String TYPE = "device";

    /** The {@code -device help} section. */
    public static final ClassKey<DeviceCategory> CATEGORY = ClassKey.of("category", DeviceCategory.class, DeviceCategory.UNCATEGORIZED);
    /** The bus type the device plugs into ("PCI", "ISA"...), or null for bus-less devices such as CPUs. */
    public static final ClassKey<String> BUS_TYPE = ClassKey.of("bus-type", String.class, null);
    /** Whether {@code -device} may create it (false for chipset parts only a board creates). */
    public static final ClassKey<Boolean> USER_CREATABLE = ClassKey.of("user-creatable", Boolean.class, Boolean.TRUE);
    /** Whether it may be plugged or unplugged while the machine runs (if its bus allows that too). */
    public static final ClassKey<Boolean> HOTPLUGGABLE = ClassKey.of("hotpluggable", Boolean.class, Boolean.TRUE);
    /** A short alias shown by {@code -device help} and accepted by {@code -device}. */
    public static final ClassKey<String> ALIAS = ClassKey.of("alias", String.class, null);

    private final List<Bus> childBuses = new ArrayList<>();
    private final Map<String, IrqLine[]> gpioIn = new LinkedHashMap<>();
    private final Map<String, OutputLine[]> gpioOut = new LinkedHashMap<>();
    private final DeclaredRegions<PortRegion> ioPorts = new DeclaredRegions<>();
    private MemoryRegion mappedIoSpace;
    private Bus parentBus;
    private boolean realized;
    private boolean hotplugged;
    private String id;
    private SystemControl system = SystemControl.NONE;

    protected Device(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type (registered by the runtime). */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).abstractType()
                .description("base of all devices")
                .classInit(Device::declareProperties)
                .build();
    }

    private static void declareProperties(TypeClass c) {
        c.property(PropertyDef.bool("realized").description("whether the device is realized")
                .accessor(o -> ((Device) o).realized, (o, v) -> ((Device) o).setRealized((Boolean) v))
                .settableAfterRealize());
        c.property(PropertyDef.bool("hotpluggable").description("whether the device can be hot-plugged")
                .accessor(o -> ((Device) o).isHotpluggable(), null));
        c.property(PropertyDef.bool("hotplugged").description("whether the device was plugged while the machine ran")
                .accessor(o -> ((Device) o).hotplugged, null));
        c.property(PropertyDef.string("parent_bus").description("the bus this device is plugged into")
                .accessor(o -> {
                    Bus b = ((Device) o).parentBus;
                    return b == null ? "" : b.canonicalPath();
                }, null));
    }

    /** The user-given id ({@code -device ...,id=NAME}), or null. */
    public final String id() {
        return id;
    }

    public final void setId(String id) {
        if (realized) throw new QomException(describe() + ": cannot change the id of a realized device");
        this.id = id;
    }

    public final Bus parentBus() {
        return parentBus;
    }

    public final List<Bus> childBuses() {
        return List.copyOf(childBuses);
    }

    public final boolean isRealized() {
        return realized;
    }

    public final boolean isHotplugged() {
        return hotplugged;
    }

    /** Marks a device as plugged while the machine is running (it is then reset after realize, as QEMU does). */
    public final void setHotplugged(boolean value) {
        this.hotplugged = value;
    }

    public final boolean isHotpluggable() {
        return type().get(HOTPLUGGABLE) && (parentBus == null || parentBus.hotplugHandler() != null);
    }

    @Override
    public String describe() {
        String path = canonicalPath();
        if (path == null && id != null) return "device '" + id + "' (" + typeName() + ")";
        return path != null ? "device " + path + " (" + typeName() + ")" : "device '" + typeName() + "'";
    }

    @Override
    protected String checkPropertyChange(PropertyDef def) {
        return realized && !def.settableAfterRealize() ? "cannot be changed after the device is realized" : null;
    }

    // ---- buses ------------------------------------------------------------------------------------------------

    /**
     * Creates a bus this device owns (QEMU's qbus_new), as a child named {@code name}; a null name becomes
     * {@code <id or type>.<n>}.
     */
    protected final <B extends Bus> B createBus(String busType, String name, Class<B> javaType) {
        B bus = type().registry().create(busType, javaType);
        String actual = name != null ? name : (id != null ? id : typeName().toLowerCase()) + "." + childBuses.size();
        bus.setBusName(actual);
        addChild(actual, bus);
        bus.setParentDevice(this);
        childBuses.add(bus);
        return bus;
    }

    /** Plugs this (unrealized) device into {@code bus}; the bus checks the type. */
    public final void plugInto(Bus bus) {
        Objects.requireNonNull(bus, "bus");
        if (realized) throw new RealizeException(describe() + ": cannot move a realized device to another bus");
        String want = type().get(BUS_TYPE);
        if (want == null) throw new RealizeException(describe() + " does not plug into a bus");
        if (!bus.isA(want)) {
            throw new RealizeException(describe() + " needs a " + want + " bus, but " + bus.busName() + " is a " + bus.typeName());
        }
        bus.checkAccepts(this);
        if (parentBus != null) parentBus.removeChild(this);
        parentBus = bus;
        bus.addChildDevice(this);
    }

    // ---- realize ----------------------------------------------------------------------------------------------

    /** Realizes or unrealizes the device (QEMU's "realized" property). */
    public final void setRealized(boolean value) {
        if (value == realized) return;
        if (value) {
            doRealize();
        } else {
            doUnrealize();
        }
    }

    private void doRealize() {
        String busType = type().get(BUS_TYPE);
        if (busType != null && parentBus == null) {
            throw new RealizeException(describe() + ": needs to be plugged into a " + busType + " bus first");
        }
        HotplugHandler handler = parentBus == null ? null : parentBus.hotplugHandler();
        beforeRealize();
        try {
            if (handler != null) handler.preplug(this);
            realize();
        } catch (RuntimeException | LinkageError e) {
            forgetRealizeRegions();
            throw realizeFailure(e);
        }
        try {
            mapIoPorts();
        } catch (RuntimeException e) {
            try {
                unrealize();
            } finally {
                forgetRealizeRegions();
            }
            throw realizeFailure(e);
        }
        realized = true;
        for (Bus b : childBuses) b.setRealized(true);
        if (handler != null) {
            try {
                handler.plug(this);
            } catch (RuntimeException e) {
                doUnrealize();
                throw new RealizeException(describe() + ": plugging into " + parentBus.busName() + " failed: " + e.getMessage(), e);
            }
        }
        if (hotplugged) Reset.reset(this, ResetType.COLD);
    }

    private RealizeException realizeFailure(Throwable e) {
        if (e instanceof RealizeException r) {
            return r.getMessage().contains(describe()) ? r : new RealizeException(describe() + ": " + r.getMessage(), r);
        }
        return new RealizeException(describe() + ": realize failed: " + e, e);
    }

    private void doUnrealize() {
        for (Bus b : childBuses) b.setRealized(false);
        try {
            unmapRegions();
            unrealize();
        } finally {
            realized = false;
            forgetRealizeRegions();
        }
    }

    /** Hands the device its system handle; the runtime does this before realize. */
    public final void bindSystem(SystemControl control) {
        this.system = java.util.Objects.requireNonNull(control, "control");
    }

    /** Power off, reset or exit requests go here ({@link SystemControl#NONE} until the runtime binds it). */
    protected final SystemControl system() {
        return system;
    }

    /**
     * The address space this device's DMA reads and writes go to: its bus's {@link Bus#dmaSpace()}. Null for a device
     * that is not on a bus with one.
     */
    protected final org.jemu.memory.AddressSpace dmaSpace() {
        Bus bus = parentBus();
        return bus == null ? null : bus.dmaSpace();
    }

    /** Makes the device work: acquire resources, validate properties. Throw {@link RealizeException} on failure. */
    protected void realize() {
    }

    /** Undoes {@link #realize()}. Must not fail. */
    protected void unrealize() {
    }

    /** Takes the device off its bus and out of the composition tree (unrealize first). */
    @Override
    public void unparent() {
        if (realized) setRealized(false);
        if (parentBus != null) {
            parentBus.removeChild(this);
            parentBus = null;
        }
        super.unparent();
    }

    @Override
    public List<? extends Resettable> resetChildren() {
        return List.copyOf(childBuses);
    }

    // ---- regions ----------------------------------------------------------------------------------------------

    /**
     * Exposes a port I/O region at {@code port} of the parent bus's {@link Bus#ioSpace()} (QEMU's
     * isa_register_ioport). Call it from {@link #realize()} with the port taken from the device's properties
     * ("iobase"): when realize returns the bus maps the region (if the bus has an I/O space); at unrealize it is
     * unmapped and forgotten. Ports overlapping another device's fail the realize with a message naming both.
     * The region's owner becomes this device unless set.
     */
    protected final void exposeIoPorts(MemoryRegion region, long port) {
        if (region.owner() == null) region.setOwner(this);
        ioPorts.add(new PortRegion(port, region));
    }

    /** The port regions this device exposes, in declaration order. */
    public final List<PortRegion> ioPorts() {
        return ioPorts.list();
    }

    /** Runs before {@link #realize()}; subclasses in this package remember what they declared until then. */
    void beforeRealize() {
        ioPorts.realizeStarts();
    }

    /** Takes the device's regions out of the containers they were mapped into (before {@link #unrealize()}). */
    void unmapRegions() {
        if (mappedIoSpace == null) return;
        for (PortRegion p : ioPorts.list()) {
            if (p.region().container() == mappedIoSpace) mappedIoSpace.removeSubregion(p.region());
        }
        mappedIoSpace = null;
    }

    /** Drops regions declared during realize (after unrealize or a failed realize). */
    void forgetRealizeRegions() {
        ioPorts.realizeUndone();
    }

    /** Maps the exposed ports into the bus's I/O space, all or none. */
    private void mapIoPorts() {
        MemoryRegion space = parentBus == null ? null : parentBus.ioSpace();
        if (space == null || ioPorts.size() == 0) return;
        List<MemoryRegion> mapped = new ArrayList<>();
        try {
            for (PortRegion p : ioPorts.list()) {
                MemoryRegion r = p.region();
                String what = "I/O ports " + Overlaps.range(p.port(), r.size()) + " (region '" + r.name() + "')";
                if (!Overlaps.fits(space, p.port(), r.size())) {
                    throw new RealizeException(describe() + ": " + what + " lie outside the I/O space '" + space.name()
                            + "' (" + Overlaps.range(0, space.size()) + ")");
                }
                MemoryRegion other = Overlaps.find(space, p.port(), r.size()).orElse(null);
                if (other != null) {
                    throw new RealizeException(describe() + ": " + what + " overlap ports " + Overlaps.describeMapped(other));
                }
                space.addSubregion(p.port(), r);
                mapped.add(r);
            }
        } catch (RuntimeException e) {
            mapped.forEach(space::removeSubregion);
            throw e;
        }
        mappedIoSpace = space;
    }

    // ---- GPIO -------------------------------------------------------------------------------------------------

    /**
     * Declares {@code count} GPIO inputs named {@code name} (use "" for the unnamed set); level changes call
     * {@code handler} with the line's index. Returns the lines, which the board connects to other devices' outputs.
     */
    protected final IrqLine[] defineGpioIn(String name, int count, GpioHandler handler) {
        Objects.requireNonNull(handler, "handler");
        IrqLine[] lines = new IrqLine[count];
        IrqLine[] previous = gpioIn.get(name);
        int base = previous == null ? 0 : previous.length;
        for (int i = 0; i < count; i++) {
            int index = base + i;
            lines[i] = level -> handler.set(index, level);
        }
        IrqLine[] all = previous == null ? lines : concat(previous, lines);
        gpioIn.put(name, all);
        return lines;
    }

    /**
     * Declares {@code count} GPIO outputs named {@code name}; the device drives the returned lines, the board
     * connects them with {@link #connectGpioOut}. Unconnected outputs go nowhere.
     */
    protected final IrqLine[] defineGpioOut(String name, int count) {
        OutputLine[] previous = gpioOut.get(name);
        int base = previous == null ? 0 : previous.length;
        OutputLine[] all = previous == null ? new OutputLine[count] : Arrays.copyOf(previous, base + count);
        for (int i = base; i < base + count; i++) all[i] = new OutputLine();
        gpioOut.put(name, all);
        return Arrays.copyOfRange(all, base, base + count, IrqLine[].class);
    }

    /** The input line {@code name[index]}, for wiring. */
    public final IrqLine gpioIn(String name, int index) {
        IrqLine[] lines = gpioIn.get(name);
        if (lines == null || index < 0 || index >= lines.length) {
            throw new QomException(describe() + " has no GPIO input " + gpioName(name, index) + " (it has " + listing(gpioIn) + ")");
        }
        return lines[index];
    }

    /** Connects output {@code name[index]} to {@code target} (replacing an earlier connection). */
    public final void connectGpioOut(String name, int index, IrqLine target) {
        OutputLine[] lines = gpioOut.get(name);
        if (lines == null || index < 0 || index >= lines.length) {
            throw new QomException(describe() + " has no GPIO output " + gpioName(name, index) + " (it has " + listing(gpioOut) + ")");
        }
        lines[index].target = Objects.requireNonNull(target, "target");
    }

    /** The names and sizes of the GPIO arrays, e.g. {"irq": 1}. */
    public final Map<String, Integer> gpioInputs() {
        Map<String, Integer> m = new LinkedHashMap<>();
        gpioIn.forEach((k, v) -> m.put(k, v.length));
        return m;
    }

    public final Map<String, Integer> gpioOutputs() {
        Map<String, Integer> m = new LinkedHashMap<>();
        gpioOut.forEach((k, v) -> m.put(k, v.length));
        return m;
    }

    private static String gpioName(String name, int index) {
        return (name.isEmpty() ? "(unnamed)" : "'" + name + "'") + "[" + index + "]";
    }

    private static String listing(Map<String, ? extends IrqLine[]> map) {
        if (map.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        map.forEach((k, v) -> parts.add((k.isEmpty() ? "(unnamed)" : k) + "[0.." + (v.length - 1) + "]"));
        return String.join(", ", parts);
    }

    private static IrqLine[] concat(IrqLine[] a, IrqLine[] b) {
        IrqLine[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** An output GPIO: forwards to whatever the board connected, or nowhere. */
    private static final class OutputLine implements IrqLine {
        private IrqLine target = NONE;

        @Override
        public void set(boolean level) {
            target.set(level);
        }
    }
}
