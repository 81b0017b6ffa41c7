package org.jemu.core.machine;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.Resettable;
import org.jemu.core.qdev.SysBus;
import org.jemu.core.qdev.SystemControl;
import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemorySystem;

/**
 * The machine (QEMU's MachineState), at /machine. A machine type is a QOM type named {@code <name>-machine}
 * descending from {@value #TYPE}, whose class carries its user-visible name's alias, whether it is the default, and
 * its {@link BoardDefinition}. Boards usually need no subclass: {@link #machineType} makes the type.
 *
 * <p>Memory: the runtime gives the machine its two roots, {@link #systemMemory()} (container "system", the whole
 * 64-bit space) and {@link #systemIo()} (container "io", 64 KiB of ports), hands them to the system bus, and
 * allocates {@link #ram()}; the board maps the RAM (a pc board through aliases below and above 4 GiB) and records
 * the split. {@link #releaseMemory()} frees the RAM when the machine is torn down.
 */
public class Machine extends QomObject implements Resettable {

    public static final String TYPE = "machine";
    /** QEMU's convention: machine "pc-i440fx-7.2" is QOM type "pc-i440fx-7.2-machine". */
    public static final String TYPE_SUFFIX = "-machine";

    public static final ClassKey<String> ALIAS = ClassKey.of("alias", String.class, null);
    public static final ClassKey<Boolean> IS_DEFAULT = ClassKey.of("is-default", Boolean.class, Boolean.FALSE);
    public static final ClassKey<BoardDefinition> BOARD = ClassKey.of("board", BoardDefinition.class, null);
    /** Whether the board maps the firmware image named by the "firmware" property (-bios); others refuse -bios. */
    public static final ClassKey<Boolean> LOADS_FIRMWARE = ClassKey.of("loads-firmware", Boolean.class, Boolean.FALSE);

    /**
     * The firmware file a board that {@link #LOADS_FIRMWARE} maps without -bios, looked up by name in the data
     * directories (QEMU's bios_name default, "bios-256k.bin" for PCs); null: none.
     */
    public static final ClassKey<String> DEFAULT_FIRMWARE = ClassKey.of("default-firmware", String.class, null);
    /** Whether the board acts on the "kernel", "initrd" and "append" properties (-kernel); others refuse -kernel. */
    public static final ClassKey<Boolean> LOADS_KERNEL = ClassKey.of("loads-kernel", Boolean.class, Boolean.FALSE);

    private final List<Device> buslessDevices = new ArrayList<>();
    private SysBus sysbus;
    private MachineConfig config;
    private MemoryRegion systemMemory;
    private MemoryRegion systemIo;
    private MemorySystem memorySystem;
    private SystemControl systemControl = SystemControl.NONE;
    private final List<MemoryRegion> adopted = new ArrayList<>();
    private final List<Device> cpus = new ArrayList<>();
    private AddressSpace memoryAs;
    private AddressSpace ioAs;
    private MemoryRegion ram;
    private long ramBelow4g;
    private long ramAbove4g;

    public Machine(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type with the properties every machine has. */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).abstractType().description("base of machine types")
                .classInit(Machine::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.property(PropertyDef.string("kernel").description("Linux kernel image file (-kernel)"));
        c.property(PropertyDef.string("initrd").description("Linux initial ramdisk file (-initrd)"));
        c.property(PropertyDef.string("append").description("Linux kernel command line (-append)"));
        c.property(PropertyDef.string("firmware").description("firmware image (-bios)"));
        c.property(PropertyDef.bool("graphics").defaultValue(true).description("whether the guest has a display (off with -nographic)"));
        c.property(PropertyDef.string("boot-order").defaultValue("")
                .description("-boot order: drive letters a (floppy), c (disk), d (CD-ROM), n (network); empty: the board's default"));
        c.property(PropertyDef.bool("boot-menu").defaultValue(false).description("-boot menu: the firmware offers a boot menu"));
        c.property(PropertyDef.integer("boot-splash-time", -1, 0xffff).defaultValue(-1L)
                .description("-boot splash-time: how long the boot menu waits, in ms (-1: the firmware's default)"));
        c.property(PropertyDef.integer("boot-reboot-timeout", -1, 0xffff).defaultValue(-1L)
                .description("-boot reboot-timeout: ms before rebooting after a failed boot (-1: never)"));
        c.property(PropertyDef.bool("boot-strict").defaultValue(false)
                .description("-boot strict: boot only from the listed devices"));
    }

    /**
     * Declares a machine type for a board: {@code name} ("pc-i440fx-7.2"), an optional alias ("pc"), whether it is
     * the default, a one-line description, the board, and extra class initialization (board-specific properties).
     */
    public static TypeInfo machineType(String name, String alias, boolean isDefault, String description,
                                       BoardDefinition board, java.util.function.Consumer<TypeClass> extra) {
        return TypeInfo.builder(name + TYPE_SUFFIX).parent(TYPE).factory(Machine::new).description(description)
                .classInit(c -> {
                    c.set(ALIAS, alias).set(IS_DEFAULT, isDefault).set(BOARD, board);
                    if (extra != null) extra.accept(c);
                }).build();
    }

    /** The user-visible name: the type name without {@value #TYPE_SUFFIX}. */
    public final String machineName() {
        String n = typeName();
        return n.endsWith(TYPE_SUFFIX) ? n.substring(0, n.length() - TYPE_SUFFIX.length()) : n;
    }

    public final BoardDefinition board() {
        return type().get(BOARD);
    }

    public final MachineConfig config() {
        return config;
    }

    /** Set once by the runtime before the board is built. */
    public final void setConfig(MachineConfig cfg) {
        if (this.config != null) throw new IllegalStateException("machine config already set");
        this.config = cfg;
    }

    /** The system bus, created by the runtime as /machine/main-system-bus. */
    public final SysBus sysbus() {
        return sysbus;
    }

    /** Attaches the system bus; it gets the machine's memory and I/O spaces (attach those first). */
    public final void attachSysbus(SysBus bus) {
        if (sysbus != null) throw new IllegalStateException("system bus already attached");
        bus.nameRootBus(SysBus.NAME);
        bus.setMemorySpace(systemMemory);
        bus.setIoSpace(systemIo);
        if (memoryAs != null) bus.setDmaSpace(memoryAs);
        addChild(SysBus.NAME, bus);
        bus.setRealized(true);
        this.sysbus = bus;
    }

    // ---- memory -----------------------------------------------------------------------------------------------

    /** Set once by the runtime: the memory and I/O roots and the (unmapped) guest RAM. */
    public final void attachMemory(MemoryRegion systemMemory, MemoryRegion systemIo, MemoryRegion ram) {
        if (this.systemMemory != null) throw new IllegalStateException("machine memory already attached");
        this.systemMemory = java.util.Objects.requireNonNull(systemMemory, "systemMemory");
        this.systemIo = java.util.Objects.requireNonNull(systemIo, "systemIo");
        this.ram = java.util.Objects.requireNonNull(ram, "ram");
        this.memorySystem = new MemorySystem();
        this.memoryAs = memorySystem.createAddressSpace("memory", systemMemory);
        this.ioAs = memorySystem.createAddressSpace("I/O", systemIo);
    }

    /** The machine's memory system: its address spaces, transactions and listeners (null before attachMemory). */
    public final MemorySystem memorySystem() {
        return memorySystem;
    }

    /** The "memory" address space over {@link #systemMemory()}: what CPUs and DMA see (QEMU's address_space_memory). */
    public final AddressSpace memory() {
        return memoryAs;
    }

    /** The "I/O" address space over {@link #systemIo()}: port I/O (QEMU's address_space_io). */
    public final AddressSpace io() {
        return ioAs;
    }

    /** Guest-physical memory's root (QEMU's get_system_memory()), or null before the runtime attached it. */
    public final MemoryRegion systemMemory() {
        return systemMemory;
    }

    /** The port I/O space's root (QEMU's get_system_io()), or null before the runtime attached it. */
    public final MemoryRegion systemIo() {
        return systemIo;
    }

    /** Guest RAM of {@link MachineConfig#ramSize()} bytes (QEMU's machine->ram), not mapped: the board maps it. */
    public final MemoryRegion ram() {
        return ram;
    }

    /**
     * Records how much RAM the board mapped below and above 4 GiB (QEMU's X86MachineState below_4g_mem_size and
     * above_4g_mem_size), for fw_cfg and the e820 table.
     */
    public final void recordRamSplit(long below4g, long above4g) {
        this.ramBelow4g = below4g;
        this.ramAbove4g = above4g;
    }

    /** RAM mapped below 4 GiB; 0 until the board records its split. */
    public final long ramBelow4g() {
        return ramBelow4g;
    }

    /** RAM mapped from 4 GiB up; 0 if none or until the board records its split. */
    public final long ramAbove4g() {
        return ramAbove4g;
    }

    /**
     * Frees the guest RAM (its block is unmapped; later accesses fail cleanly). Call once every device is
     * unrealized and no vCPU runs; calling it again does nothing.
     */
    public final void releaseMemory() {
        for (MemoryRegion r : adopted) if (r.ramBlock() != null) r.ramBlock().close();
        adopted.clear();
        if (memorySystem != null) {
            for (AddressSpace as : memorySystem.addressSpaces()) memorySystem.destroyAddressSpace(as);
        }
        if (ram != null && ram.ramBlock() != null) ram.ramBlock().close();
    }

    /** Makes the machine free {@code region}'s RAM block with its own (board-created ROMs such as the BIOS). */
    public final MemoryRegion adopt(MemoryRegion region) {
        adopted.add(region);
        return region;
    }

    /** What the machine's devices get as their {@link SystemControl}; set by the runtime before the build. */
    public final void setSystemControl(SystemControl control) {
        this.systemControl = java.util.Objects.requireNonNull(control, "control");
    }

    public final SystemControl systemControl() {
        return systemControl;
    }

    /** The CPUs the runtime created for the board, in vCPU index order. */
    public final List<Device> cpus() {
        return List.copyOf(cpus);
    }

    /** Registers one of the board's CPUs (also a bus-less device, for reset). */
    public final void addCpu(Device cpu) {
        cpus.add(cpu);
        addBuslessDevice(cpu);
    }

    /** Registers a device that sits on no bus (a CPU) so machine reset reaches it. */
    public final void addBuslessDevice(Device d) {
        buslessDevices.add(d);
    }

    public final void removeBuslessDevice(Device d) {
        buslessDevices.remove(d);
    }

    /** Finds a bus by name anywhere in the machine. */
    public final Bus findBus(String name) {
        if (sysbus != null && SysBus.NAME.equals(name)) return sysbus;
        return findBus(this, name);
    }

    private static Bus findBus(QomObject node, String name) {
        for (QomObject c : node.children()) {
            if (c instanceof Bus b && name.equals(b.busName())) return b;
            Bus found = findBus(c, name);
            if (found != null) return found;
        }
        return null;
    }

    /** Every device in the machine's composition tree, depth first. */
    public final List<Device> allDevices() {
        List<Device> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(QomObject node, List<Device> out) {
        for (QomObject c : node.children()) {
            if (c instanceof Device d) out.add(d);
            collect(c, out);
        }
    }

    @Override
    public List<? extends Resettable> resetChildren() {
        List<Resettable> list = new ArrayList<>();
        if (sysbus != null) list.add(sysbus);
        list.addAll(buslessDevices);
        return list;
    }
}
