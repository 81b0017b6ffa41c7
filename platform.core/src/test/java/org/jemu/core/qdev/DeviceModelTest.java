package org.jemu.core.qdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.core.qdev.TestDevices.Bridge;
import org.jemu.core.qdev.TestDevices.Journal;
import org.jemu.core.qdev.TestDevices.Leaf;
import org.jemu.core.qom.PropertyException;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceModelTest {

    private TypeRegistry registry;
    private QomObject root;
    private SysBus sysbus;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
        sysbus = registry.create(SysBus.TYPE, SysBus.class);
        sysbus.nameRootBus(SysBus.NAME);
        root.addChild("sysbus", sysbus);
        sysbus.setRealized(true);
        Journal.drain();
    }

    private Bridge bridge(String name, boolean hotplug) {
        Bridge b = registry.create("test-bridge", Bridge.class);
        root.addChild(name, b);
        b.setProperty("hotplug", hotplug);
        b.plugInto(sysbus);
        b.setRealized(true);
        return b;
    }

    private Leaf leaf(String name, Bus bus) {
        Leaf l = registry.create("test-leaf", Leaf.class);
        root.addChild(name, l);
        l.plugInto(bus);
        return l;
    }

    @Test
    void realizeCreatesChildBusesAndDevicesPlugIntoThem() {
        Bridge b = bridge("bridge", false);
        Bus testBus = b.childBuses().get(0);

        Leaf l = leaf("leaf", testBus);
        l.setRealized(true);

        assertEquals("test.0", testBus.busName());
        assertEquals("/bridge/test.0", testBus.canonicalPath());
        assertTrue(testBus.isRealized());
        assertEquals(List.of(l), testBus.devices());
        assertTrue(l.isRealized());
        assertTrue(l.getBool("realized"));
        assertEquals("/bridge/test.0", l.propertyText("parent_bus"));
    }

    @Test
    void realizeFailureNamesTheDeviceAndTheCauseAndLeavesItUnrealized() {
        Leaf l = leaf("leaf", bridge("bridge", false).childBuses().get(0));
        l.parseProperty("fail", "on");

        RealizeException e = assertThrows(RealizeException.class, () -> l.setRealized(true));

        assertEquals("device /leaf (test-leaf): I/O port 3f8 is taken", e.getMessage());
        assertFalse(l.isRealized());
    }

    @Test
    void aDeviceNeedsItsBusTypeBeforeRealize() {
        Leaf orphan = registry.create("test-leaf", Leaf.class);
        root.addChild("orphan", orphan);

        RealizeException noBus = assertThrows(RealizeException.class, () -> orphan.setRealized(true));
        assertEquals("device /orphan (test-leaf): needs to be plugged into a test-bus bus first", noBus.getMessage());
        RealizeException wrongBus = assertThrows(RealizeException.class, () -> orphan.plugInto(sysbus));
        assertTrue(wrongBus.getMessage().contains("needs a test-bus bus, but main-system-bus is a System"), wrongBus.getMessage());
    }

    @Test
    void propertiesAreFrozenOnceRealized() {
        Leaf l = leaf("leaf", bridge("bridge", false).childBuses().get(0));
        l.setRealized(true);

        PropertyException e = assertThrows(PropertyException.class, () -> l.parseProperty("iobase", "0x2f8"));
        assertEquals("device /leaf (test-leaf): property 'iobase': cannot be changed after the device is realized", e.getMessage());
    }

    @Test
    void unrealizingABridgeUnrealizesTheDevicesOnItsBus() {
        Bridge b = bridge("bridge", false);
        Leaf l = leaf("leaf", b.childBuses().get(0));
        l.setRealized(true);

        b.setRealized(false);

        assertTrue(l.unrealized);
        assertFalse(l.isRealized());
        assertFalse(b.childBuses().get(0).isRealized());
    }

    @Test
    void resetRunsEnterParentFirstThenHoldAndExitChildrenFirst() {
        Bridge b = bridge("bridge", false);
        leaf("leaf", b.childBuses().get(0)).setRealized(true);

        Reset.reset(sysbus, ResetType.COLD);

        assertEquals(List.of(
                "enter bridge", "enter test.0", "enter leaf",
                "hold leaf", "hold test.0", "hold bridge",
                "exit leaf", "exit test.0", "exit bridge"), Journal.drain());
    }

    @Test
    void gpioOutputsDriveTheInputsTheyAreConnectedTo() {
        Bridge b = bridge("bridge", false);
        Leaf l = leaf("leaf", b.childBuses().get(0));

        l.connectGpioOut("out", 0, b.gpioIn("irq-in", 3));
        l.out.raise();
        l.out.lower();
        l.out.pulse();

        assertEquals(List.of(true, false, true, false), b.levels);
        assertEquals(java.util.Map.of("irq-in", 4), b.gpioInputs());
        assertEquals(java.util.Map.of(SysBusDevice.IRQ, 2), b.gpioOutputs());
    }

    @Test
    void unconnectedOutputsAreHarmlessAndBadGpioNamesAreReported() {
        Bridge b = bridge("bridge", false);
        b.irqs[1].raise();

        QomException e = assertThrows(QomException.class, () -> b.gpioIn("irq-in", 4));
        assertEquals("device /bridge (test-bridge) has no GPIO input 'irq-in'[4] (it has irq-in[0..3])", e.getMessage());
        assertThrows(QomException.class, () -> b.connectGpioOut("nope", 0, IrqLine.NONE));
    }

    @Test
    void hotplugHandlerSeesPlugAndUnplugAndUnplugRemovesTheDevice() {
        Bridge b = bridge("bridge", true);
        Bus bus = b.childBuses().get(0);
        Leaf l = leaf("leaf", bus);
        l.setHotplugged(true);
        l.setRealized(true);
        List<String> resets = Journal.drain();

        bus.hotplugHandler().unplugRequest(l);

        assertEquals(List.of("plug test-leaf", "unplug test-leaf"), b.hotplugEvents);
        assertEquals(List.of("enter leaf", "hold leaf", "exit leaf"), resets, "a hot-plugged device is reset after realize");
        assertTrue(l.unrealized);
        assertEquals(List.of(), bus.devices());
        assertNull(l.canonicalPath());
    }

    @Test
    void busWithoutHandlerIsNotHotpluggable() {
        Leaf l = leaf("leaf", bridge("bridge", false).childBuses().get(0));
        assertFalse(l.isHotpluggable());
        Leaf h = leaf("leaf2", bridge("bridge2", true).childBuses().get(0));
        assertTrue(h.isHotpluggable());
    }
}
