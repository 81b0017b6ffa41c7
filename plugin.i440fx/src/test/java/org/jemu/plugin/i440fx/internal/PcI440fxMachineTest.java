package org.jemu.plugin.i440fx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.Wire;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.core.qom.TypeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PcI440fxMachineTest {

    private TypeInfo info;
    private FakeTypeClass cls;
    private BoardDefinition board;
    private Map<String, DeviceSpec> devices;

    @BeforeEach
    void registerTheMachine() {
        List<TypeInfo> registered = new ArrayList<>();
        InitContext ctx = new InitContext() {
            @Override public InitPhase phase() { return InitPhase.MACHINE; }
            @Override public String owner() { return "plugin.i440fx"; }
            @Override public void register(TypeInfo type) { registered.add(type); }
            @Override public TypeRegistry registry() { return null; }
        };
        PcI440fxMachine module = new PcI440fxMachine();

        module.init(ctx);

        assertEquals(InitPhase.MACHINE, module.phase());
        assertEquals(1, registered.size());
        info = registered.getFirst();
        cls = new FakeTypeClass(info.name());
        info.classInit().accept(cls);
        board = cls.get(Machine.BOARD);
        devices = board.devices().stream().collect(Collectors.toMap(DeviceSpec::name, Function.identity()));
    }

    @Test
    void registersTheDefaultPcMachineType() {
        assertEquals("pc-i440fx-7.2-machine", info.name());
        assertEquals(Machine.TYPE, info.parent());
        assertEquals("Standard PC (i440FX + PIIX, 1996)", info.description());
        assertEquals("pc", cls.get(Machine.ALIAS));
        assertTrue(cls.get(Machine.IS_DEFAULT));
    }

    @Test
    void cpusRamAndMaxCpusAreQemus() {
        assertEquals("x86_64-cpu", board.cpuBaseType());
        assertEquals("qemu64-x86_64-cpu", board.cpuType(null));
        assertEquals("max-x86_64-cpu", board.cpuType("max"));
        assertEquals(128L << 20, board.defaultRamSize());
        assertEquals(255, board.maxCpus());
    }

    @Test
    void chipsetFunctionsSitAtQemusPciAddresses() {
        assertDevice("i440fx", "i440FX-pcihost", "main-system-bus", null);
        assertDevice("pmc", "i440FX", "pci.0", "00.0");
        assertDevice("piix3", "PIIX3", "pci.0", "01.0");
        assertEquals("on", devices.get("piix3").properties().get("multifunction"));
        assertDevice("ide", "piix3-ide", "pci.0", "01.1");
        assertDevice("uhci", "piix3-usb-uhci", "pci.0", "01.2");
        assertEquals("usb", devices.get("uhci").onlyIf());
        assertDevice("pm", "PIIX4_PM", "pci.0", "01.3");
        assertEquals("0xb100", devices.get("pm").properties().get("smb_io_base"));
        assertEquals("acpi", devices.get("pm").onlyIf());
    }

    @Test
    void displayTakesTheNextFreeSlotUnlessTheRuntimeTurnsItOffAndNoNicIsMade() {
        assertDevice("vga", "VGA", "pci.0", null);
        assertEquals("default-vga", devices.get("vga").onlyIf());
        assertFalse(devices.containsKey("nic"));
        assertTrue(cls.properties.get("default-nic") == null);
        List<String> order = board.devices().stream().map(DeviceSpec::name).toList();
        assertTrue(order.indexOf("piix3") < order.indexOf("vga"));
    }

    @Test
    void isaDevicesAreCreatedAfterTheBridgeThatMakesTheirBus() {
        List<String> order = board.devices().stream().map(DeviceSpec::name).toList();
        for (String isa : List.of("pic-master", "pic-slave", "rtc", "pit0", "pcspk", "fdc", "kbc", "port92")) {
            assertEquals("isa.0", devices.get(isa).bus(), isa);
            assertTrue(order.indexOf("piix3") < order.indexOf(isa), isa);
        }
        assertEquals("isa-i8259", devices.get("pic-master").type());
        assertEquals("on", devices.get("pic-master").properties().get("master"));
        assertEquals("0xa0", devices.get("pic-slave").properties().get("iobase"));
        assertEquals("mc146818rtc", devices.get("rtc").type());
        assertEquals("2000", devices.get("rtc").properties().get("base_year"));
        assertEquals("isa-pit", devices.get("pit0").type());
        assertEquals("isa-fdc", devices.get("fdc").type());
        assertDevice("hpet0", "hpet", "main-system-bus", null);
        assertEquals("4", devices.get("hpet0").properties().get("hpet-intcap"));
        assertDevice("ioapic", "ioapic", "main-system-bus", null);
        assertDevice("fw_cfg", "fw_cfg_io", "main-system-bus", null);
    }

    @Test
    void isaInterruptsReachTheirGsiLines() {
        assertWire("rtc", "", 0, "piix3", "gsi", 8);
        assertWire("pit0", "", 0, "piix3", "gsi", 0);
        assertWire("kbc", "", 0, "piix3", "gsi", 1);
        assertWire("kbc", "", 1, "piix3", "gsi", 12);
        assertWire("fdc", "", 0, "piix3", "gsi", 6);
        assertWire("ide", "isa-irq", 0, "piix3", "gsi", 14);
        assertWire("ide", "isa-irq", 1, "piix3", "gsi", 15);
        assertWire("pm", "", 0, "piix3", "gsi", 9);
    }

    @Test
    void gsisFanOutToTheCascaded8259sAndTheIoapic() {
        assertWire("piix3", "isa-irq", 3, "pic-master", "", 3);
        assertWire("piix3", "isa-irq", 12, "pic-slave", "", 4);
        assertWire("pic-slave", "", 0, "pic-master", "", 2);
        assertWire("piix3", "ioapic-irq", 0, "ioapic", "", 0);
        assertWire("piix3", "ioapic-irq", 23, "ioapic", "", 23);
    }

    @Test
    void theHpetTakesOverPitAndRtcInterruptsAfterTheirIsaWires() {
        List<Wire> wires = board.wires();
        int pitIsa = wires.indexOf(new Wire("pit0", "", 0, "piix3", "gsi", 0));
        int pitHpet = wires.indexOf(new Wire("pit0", "", 0, "hpet0", "", 0));
        int rtcIsa = wires.indexOf(new Wire("rtc", "", 0, "piix3", "gsi", 8));
        int rtcHpet = wires.indexOf(new Wire("rtc", "", 0, "hpet0", "", 1));
        assertTrue(pitIsa >= 0 && pitHpet > pitIsa);
        assertTrue(rtcIsa >= 0 && rtcHpet > rtcIsa);
        assertWire("hpet0", "", 0, "pit0", "", 0);
        assertWire("hpet0", "sysbus-irq", 2, "piix3", "gsi", 2);
    }

    @Test
    void hooksCreateSerialPortsAndVmportAndConnectTheCpus() {
        assertEquals(6, board.hooks(BoardHook.Stage.AFTER_DEVICES).size(), "firmware, serial ports, vmport, CPUs, fw_cfg, CMOS");
        assertEquals(2, board.hooks(BoardHook.Stage.MACHINE_DONE).size(), "fw_cfg's boot lists, the ACPI tables");
        assertFalse(devices.containsKey("serial0"), "serial ports come from -serial, not the board");
    }

    @Test
    void machinePropertiesHaveQemusDefaults() {
        assertDefault("acpi", "auto");
        assertDefault("smm", "auto");
        assertDefault("pit", "auto");
        assertDefault("vmport", "auto");
        assertDefault("hpet", true);
        assertDefault("i8042", true);
        assertDefault("sata", true);
        assertDefault("smbus", true);
        assertDefault("usb", false);
        assertDefault("max-ram-below-4g", 0L);
        assertDefault("default-vga", true);
        assertEquals(List.of("on", "off", "auto"), cls.properties.get("vmport").enumValues());
        PropertyDef below4g = cls.properties.get("max-ram-below-4g");
        assertEquals(2L << 30, below4g.convert("2G"));
        assertThrows(IllegalArgumentException.class, () -> below4g.convert("5G"));
    }

    @Test
    void everyWireNamesADeclaredDevice() {
        for (Wire w : board.wires()) {
            assertTrue(devices.containsKey(w.from()), w.toString());
            assertTrue(devices.containsKey(w.to()), w.toString());
        }
    }

    private void assertDevice(String name, String type, String bus, String addr) {
        DeviceSpec d = devices.get(name);
        assertTrue(d != null, "no device " + name);
        assertEquals(type, d.type(), name);
        assertEquals(bus, d.bus(), name);
        assertEquals(addr, d.properties().get("addr"), name);
    }

    private void assertWire(String from, String out, int outIndex, String to, String in, int inIndex) {
        Wire w = new Wire(from, out, outIndex, to, in, inIndex);
        assertTrue(board.wires().contains(w), "missing " + w);
    }

    private void assertDefault(String property, Object value) {
        PropertyDef def = cls.properties.get(property);
        assertTrue(def != null, "no property " + property);
        assertEquals(value, def.defaultValue(), property);
    }

    @Test
    void noDeviceIsNamedLikeAMachineProperty() {
        // devices are children of /machine, which shares one name space with the machine's properties
        List<String> names = new java.util.ArrayList<>(devices.keySet());
        names.add(org.jemu.core.pc.PcWiring.VMPORT);
        names.add(org.jemu.core.pc.PcWiring.VMMOUSE);
        for (String name : names) assertFalse(cls.properties.containsKey(name), name + " is also a machine property");
    }
}
