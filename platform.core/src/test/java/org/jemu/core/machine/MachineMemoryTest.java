package org.jemu.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qdev.TestDevices.Mmio;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MachineMemoryTest {

    private static final long RAM = 16L << 20;

    private TypeRegistryImpl registry;
    private QomObject root;
    private final List<Machine> built = new ArrayList<>();
    private final List<MemoryRegion> hookRam = new ArrayList<>();
    private int boards;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
    }

    @AfterEach
    void releaseRam() {
        built.forEach(Machine::releaseMemory);
    }

    /** A board with a bridge (test.0 gets the system I/O), "hpet" and "rom" on the system bus, "pic" on test.0. */
    private BoardDefinition.Builder board() {
        return BoardDefinition.builder().ramName("test.ram")
                .device(DeviceSpec.of("bridge", "test-bridge").on("main-system-bus").with("hotplug", "on"))
                .device(DeviceSpec.of("hpet", "test-mmio").on("main-system-bus"))
                .device(DeviceSpec.of("rom", "test-mmio").on("main-system-bus").onlyIf("with-rom"))
                .device(DeviceSpec.of("pic", "test-ports").on("test.0").with("iobase", "0x20"))
                .hook(BoardHook.Stage.BEFORE_DEVICES, ctx -> hookRam.add(ctx.machine().ram()));
    }

    private Machine build(UnaryOperator<BoardDefinition.Builder> extra, Map<String, String> options) {
        String name = "memboard" + boards++;
        assertEquals(List.of(), registry.registerAll(List.of(new Pending("board", Machine.machineType(name, null, false,
                "memory test board", extra.apply(board()).build(),
                c -> c.property(PropertyDef.bool("with-rom").defaultValue(true)))))));
        Machine m = new MachineBuilder(registry, root).build(MachineBuilder.resolveMachineType(registry, name),
                new MachineConfig(RAM, 1, 1, null), options, List.of());
        built.add(m);
        return m;
    }

    private static MemoryRegion at(MemoryRegion container, String name) {
        return container.subregions().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void theMachineHasSystemMemoryAndIoRootsAndUnmappedRam() {
        Machine m = build(b -> b, Map.of());

        assertEquals("system", m.systemMemory().name());
        assertEquals(0, m.systemMemory().size(), "2^64");
        assertEquals("io", m.systemIo().name());
        assertEquals(0x10000, m.systemIo().size());
        assertEquals("test.ram", m.ram().name());
        assertEquals(RAM, m.ram().size());
        assertNull(m.ram().container(), "the board maps the RAM");
        assertSame(m.systemMemory(), m.sysbus().memorySpace());
        assertSame(m.systemIo(), m.sysbus().ioSpace());
        assertSame(m.ram(), hookRam.getFirst(), "BEFORE_DEVICES hooks see the RAM");
    }

    @Test
    void boardMappingsPutSysbusRegionsAtTheirAddresses() {
        Machine m = build(b -> b.mmio("hpet", 0, 0xfed00000L).ioPort("hpet", 0, 0x510)
                .mmioOverlap("rom", 0, 0xfed00800L, 1), Map.of());

        Mmio hpet = (Mmio) root.resolve("/machine/hpet");
        Mmio rom = (Mmio) root.resolve("/machine/rom");
        assertSame(m.systemMemory(), hpet.regs.container());
        assertEquals(0xfed00000L, hpet.regs.address());
        assertEquals(0xfed00800L, rom.regs.address());
        assertEquals(1, rom.regs.priority());
        assertSame(m.systemIo(), hpet.ctl.container());
        assertEquals(0x510, hpet.ctl.address());
        assertEquals(0x20, at(m.systemIo(), "ports").address(), "the ISA-style device's ports, mapped by its bus");
    }

    @Test
    void mappingsOfAbsentDevicesAreSkipped() {
        Machine m = build(b -> b.mmio("rom", 0, 0xfffc0000L), Map.of("with-rom", "off"));

        assertEquals(List.of(), m.systemMemory().subregions());
    }

    @Test
    void unrealizingADeviceTakesItsRegionsOut() {
        Machine m = build(b -> b.mmio("hpet", 0, 0xfed00000L).ioPort("hpet", 0, 0x510), Map.of());
        Device hpet = (Device) root.resolve("/machine/hpet");
        Device pic = (Device) root.resolve("/machine/pic");

        hpet.setRealized(false);
        pic.parentBus().hotplugHandler().unplug(pic);

        assertEquals(List.of(), m.systemMemory().subregions());
        assertEquals(List.of(), m.systemIo().subregions());
    }

    @Test
    void aBadRegionIndexNamesTheMachineDeviceIndexAndAddressAndFreesTheRam() {
        QomException e = assertThrows(QomException.class, () -> build(b -> b.mmio("hpet", 3, 0xfed00000L), Map.of()));

        assertEquals("machine 'memboard0': cannot map MMIO region 3 of device 'hpet' at 0xfed00000: device /machine/hpet "
                + "(test-mmio) has no MMIO region 3 (it has 0 'regs')", e.getMessage());
        assertNull(root.resolve("/machine"));
        assertTrue(hookRam.getFirst().ramBlock().isClosed(), "a failed build releases the RAM");
    }

    @Test
    void overlappingExclusiveMappingsAreRefusedNamingBothDevices() {
        QomException e = assertThrows(QomException.class,
                () -> build(b -> b.mmio("hpet", 0, 0xfed00000L).mmio("rom", 0, 0xfed00800L), Map.of()));

        assertEquals("machine 'memboard0': cannot map MMIO region 0 of device 'rom' at 0xfed00800: region 'regs' "
                + "(0xfed00800-0xfed017ff) overlaps 0xfed00000-0xfed00fff of device /machine/hpet (test-mmio) (region 'regs')",
                e.getMessage());
    }

    @Test
    void aNonSysbusDeviceCannotBeMapped() {
        QomException e = assertThrows(QomException.class, () -> build(b -> b.ioPort("pic", 0, 0x20), Map.of()));

        assertEquals("machine 'memboard0': cannot map port I/O region 0 of device 'pic' at port 0x20: device /machine/pic "
                + "(test-ports) is not a system bus device", e.getMessage());
    }

    @Test
    void aHookCreatedDeviceWhosePortsClashIsRefusedNamingBoth() {
        QomException e = assertThrows(QomException.class, () -> build(b -> b.hook(BoardHook.Stage.AFTER_DEVICES,
                ctx -> ctx.createDevice(DeviceSpec.of("pic2", "test-ports").on("test.0").with("iobase", "0x24"))), Map.of()));

        assertEquals("device /machine/pic2 (test-ports): I/O ports 0x24-0x2b (region 'ports') overlap ports 0x20-0x27 "
                + "of device /machine/pic (test-ports) (region 'ports')", e.getMessage());
    }

    @Test
    void aDefinitionCannotMapAnUndeclaredDevice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> board().mmio("ioapic", 0, 0xfec00000L).build());

        assertEquals("board maps MMIO region 0 of device 'ioapic' at 0xfec00000, but declares no such device", e.getMessage());
    }

    @Test
    void hooksSeeTheSameRootsAndReleaseMemoryFreesTheRam() {
        List<MemoryRegion> seen = new ArrayList<>();
        Machine m = build(b -> b.hook(BoardHook.Stage.AFTER_DEVICES, ctx -> {
            seen.add(ctx.systemMemory());
            seen.add(ctx.systemIo());
        }), Map.of());

        m.releaseMemory();

        assertEquals(List.of(m.systemMemory(), m.systemIo()), seen);
        assertTrue(m.ram().ramBlock().isClosed());
    }
}
