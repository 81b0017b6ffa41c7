package org.jemu.core.qdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.core.qdev.TestDevices.Bridge;
import org.jemu.core.qdev.TestDevices.Mmio;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceRegionsTest {

    private TypeRegistry registry;
    private QomObject root;
    private SysBus sysbus;
    private MemoryRegion io;
    private MemoryRegion memory;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
        io = MemoryRegion.container("io", 0x10000);
        memory = MemoryRegion.container("system", 0);
        sysbus = registry.create(SysBus.TYPE, SysBus.class);
        sysbus.nameRootBus(SysBus.NAME);
        sysbus.setMemorySpace(memory);
        sysbus.setIoSpace(io);
        root.addChild("sysbus", sysbus);
        sysbus.setRealized(true);
    }

    private Bus testBus(boolean hotplug) {
        Bridge b = registry.create("test-bridge", Bridge.class);
        root.addChild("bridge", b);
        b.setProperty("hotplug", hotplug);
        b.plugInto(sysbus);
        b.setRealized(true);
        return b.childBuses().getFirst();
    }

    private Device ports(String name, Bus bus, String iobase) {
        Device d = registry.create("test-ports", Device.class);
        root.addChild(name, d);
        d.parseProperty("iobase", iobase);
        d.plugInto(bus);
        return d;
    }

    @Test
    void realizedDeviceHasItsPortsInTheBusIoSpaceAtItsIobase() {
        Bus bus = testBus(false);
        Device com1 = ports("com1", bus, "0x3f8");

        com1.setRealized(true);

        assertSame(io, bus.ioSpace(), "the bridge passes its own I/O space on");
        MemoryRegion r = io.subregions().getFirst();
        assertEquals("ports", r.name());
        assertEquals(0x3f8, r.address());
        assertSame(com1, r.owner());
        assertEquals(List.of(new PortRegion(0x3f8, r)), com1.ioPorts());
    }

    @Test
    void unrealizeRemovesThePortsAndRealizingAgainMapsThemOnce() {
        Device com1 = ports("com1", testBus(false), "0x3f8");
        com1.setRealized(true);

        com1.setRealized(false);

        assertEquals(List.of(), io.subregions());
        assertEquals(List.of(), com1.ioPorts(), "ports declared in realize are forgotten");
        com1.setRealized(true);
        assertEquals(1, io.subregions().size());
        assertEquals(1, com1.ioPorts().size());
    }

    @Test
    void hotUnplugRemovesThePorts() {
        Bus bus = testBus(true);
        Device com2 = ports("com2", bus, "0x2f8");
        com2.setRealized(true);

        bus.hotplugHandler().unplug(com2);

        assertEquals(List.of(), io.subregions());
        assertNull(com2.parent());
    }

    @Test
    void overlappingPortsAreRefusedNamingBothDevices() {
        Bus bus = testBus(false);
        Device com1 = ports("com1", bus, "0x3f8");
        com1.setRealized(true);
        Device clash = ports("clash", bus, "0x3fc");

        RealizeException e = assertThrows(RealizeException.class, () -> clash.setRealized(true));

        assertEquals("device /clash (test-ports): I/O ports 0x3fc-0x403 (region 'ports') overlap ports 0x3f8-0x3ff of "
                + "device /com1 (test-ports) (region 'ports')", e.getMessage());
        assertFalse(clash.isRealized());
        assertEquals(List.of(), clash.ioPorts());
        assertEquals(1, io.subregions().size());
    }

    @Test
    void aFailedSecondRegionLeavesNoneOfTheDevicesPortsMapped() {
        Bus bus = testBus(false);
        ports("pic", bus, "0x20").setRealized(true);
        Device d = ports("two", bus, "0x60");
        d.parseProperty("second", "0x21");

        RealizeException e = assertThrows(RealizeException.class, () -> d.setRealized(true));

        assertTrue(e.getMessage().contains("device /two (test-ports)") && e.getMessage().contains("device /pic (test-ports)"), e.getMessage());
        assertEquals(List.of("ports"), io.subregions().stream().map(MemoryRegion::name).toList());
    }

    @Test
    void regionsMappedAsOverlaysDoNotConflict() {
        io.addSubregionOverlap(0x3f8, MemoryRegion.io("overlay", 8, TestDevices.OPS), 1);
        Device com1 = ports("com1", testBus(false), "0x3f8");

        com1.setRealized(true);

        assertEquals(2, io.subregions().size());
    }

    @Test
    void portsBeyondTheIoSpaceAreRefused() {
        Device d = ports("high", testBus(false), "0xfffc");

        RealizeException e = assertThrows(RealizeException.class, () -> d.setRealized(true));

        assertEquals("device /high (test-ports): I/O ports 0xfffc-0x10003 (region 'ports') lie outside the I/O space "
                + "'io' (0x0-0xffff)", e.getMessage());
    }

    @Test
    void aBusWithoutIoSpaceLeavesThePortsUnmapped() {
        sysbus.setRealized(false);
        Bus bus = testBus(false);
        bus.setIoSpace(null);
        Device d = ports("com1", bus, "0x3f8");

        d.setRealized(true);

        assertEquals(1, d.ioPorts().size());
        assertNull(d.ioPorts().getFirst().region().container());
    }

    @Test
    void theIoSpaceCannotChangeUnderRealizedDevices() {
        Bus bus = testBus(false);
        ports("com1", bus, "0x3f8").setRealized(true);

        assertThrows(IllegalStateException.class, () -> bus.setIoSpace(MemoryRegion.container("other", 0x10000)));
    }

    @Test
    void sysbusRegionsAreNumberedInDeclarationOrder() {
        Mmio d = mmio("hpet", true);

        d.setRealized(true);

        assertEquals(List.of("regs", "late"), d.mmioRegions().stream().map(MemoryRegion::name).toList());
        assertSame(d.regs, d.mmio(0));
        assertSame(d.ctl, d.pio(0));
        assertSame(d, d.mmio(1).owner());
    }

    @Test
    void aBadRegionIndexNamesTheDeviceAndItsRegions() {
        Mmio d = mmio("hpet", false);

        QomException mmioError = assertThrows(QomException.class, () -> d.mmio(2));
        QomException pioError = assertThrows(QomException.class, () -> d.pio(-1));

        assertEquals("device /hpet (test-mmio) has no MMIO region 2 (it has 0 'regs')", mmioError.getMessage());
        assertEquals("device /hpet (test-mmio) has no port I/O region -1 (it has 0 'ctl')", pioError.getMessage());
    }

    @Test
    void unrealizeUnmapsSysbusRegionsAndForgetsThoseDeclaredInRealize() {
        Mmio d = mmio("hpet", true);
        d.setRealized(true);
        memory.addSubregion(0xfed00000L, d.mmio(0));
        memory.addSubregion(0xfee00000L, d.mmio(1));
        io.addSubregion(0x510, d.pio(0));

        d.setRealized(false);

        assertEquals(List.of(), memory.subregions());
        assertEquals(List.of(), io.subregions());
        assertEquals(List.of(d.regs), d.mmioRegions(), "the constructor's region stays, realize's is dropped");
    }

    private Mmio mmio(String name, boolean late) {
        Mmio d = registry.create("test-mmio", Mmio.class);
        root.addChild(name, d);
        d.setProperty("late", late);
        d.plugInto(sysbus);
        return d;
    }
}
