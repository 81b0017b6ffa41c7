package org.jemu.plugin.q35.internal;

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

class PcQ35MachineTest {

    private TypeInfo info;
    private FakeTypeClass cls;
    private BoardDefinition board;
    private Map<String, DeviceSpec> devices;

    @BeforeEach
    void registerTheMachine() {
        List<TypeInfo> registered = new ArrayList<>();
        InitContext ctx = new InitContext() {
            @Override public InitPhase phase() { return InitPhase.MACHINE; }
            @Override public String owner() { return "plugin.q35"; }
            @Override public void register(TypeInfo type) { registered.add(type); }
            @Override public TypeRegistry registry() { return null; }
        };
        PcQ35Machine module = new PcQ35Machine();

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
    void registersTheQ35MachineTypeWhichIsNotTheDefault() {
        assertEquals("pc-q35-7.2-machine", info.name());
        assertEquals(Machine.TYPE, info.parent());
        assertEquals("Standard PC (Q35 + ICH9, 2009)", info.description());
        assertEquals("q35", cls.get(Machine.ALIAS));
        assertFalse(cls.get(Machine.IS_DEFAULT));
    }

    @Test
    void cpusRamAndMaxCpusAreQemus() {
        assertEquals("x86_64-cpu", board.cpuBaseType());
        assertEquals("qemu64-x86_64-cpu", board.cpuType(null));
        assertEquals(128L << 20, board.defaultRamSize());
        assertEquals(288, board.maxCpus());
    }

    @Test
    void chipsetFunctionsSitAtQemusPciExpressAddresses() {
        assertDevice("q35", "q35-pcihost", "main-system-bus", null);
        assertDevice("mch", "mch", "pcie.0", "00.0");
        assertDevice("lpc", "ICH9-LPC", "pcie.0", "1f.0");
        assertEquals("on", devices.get("lpc").properties().get("multifunction"));
        assertDevice("ahci", "ich9-ahci", "pcie.0", "1f.2");
        assertEquals("sata", devices.get("ahci").onlyIf());
        assertDevice("smb", "ICH9-SMB", "pcie.0", "1f.3");
        assertEquals("smbus", devices.get("smb").onlyIf());
        assertDevice("ehci", "ich9-usb-ehci1", "pcie.0", "1d.7");
        assertDevice("uhci2", "ich9-usb-uhci2", "pcie.0", "1d.1");
        assertEquals("2", devices.get("uhci2").properties().get("firstport"));
        assertEquals("usb", devices.get("uhci2").onlyIf());
        assertEquals("0x50", "0x" + Integer.toHexString(Integer.parseInt(devices.get("smbus-eeprom0").properties().get("address"))));
        assertEquals("i2c", devices.get("smbus-eeprom7").bus());
    }

    @Test
    void theDisplayTakesTheFirstFreeSlotAndThereIsNoDefaultNic() {
        assertDevice("vga", "VGA", "pcie.0", null);
        assertEquals("default-vga", devices.get("vga").onlyIf());
        assertFalse(board.devices().stream().anyMatch(d -> d.name().equals("nic")), "no NIC model yet: as -nic none");
    }

    @Test
    void legacyDevicesSitOnTheLpcsIsaBusAndThereIsNoFloppyController() {
        List<String> order = board.devices().stream().map(DeviceSpec::name).toList();
        for (String isa : List.of("pic-master", "pic-slave", "rtc", "pit0", "pcspk", "dma1", "dma2", "kbc", "port92")) {
            assertEquals("isa.0", devices.get(isa).bus(), isa);
            assertTrue(order.indexOf("lpc") < order.indexOf(isa), isa);
        }
        assertFalse(board.devices().stream().anyMatch(d -> d.type().equals("isa-fdc")));
        assertEquals(0xff0104, Integer.decode(devices.get("hpet0").properties().get("hpet-intcap")), "GSIs 2, 8 and 16-23");
        assertDevice("ioapic", "ioapic", "main-system-bus", null);
    }

    @Test
    void interruptsGoThroughTheLpcsGsiRouter() {
        assertWire("rtc", "", 0, "lpc", "gsi", 8);
        assertWire("pit0", "", 0, "lpc", "gsi", 0);
        assertWire("kbc", "", 0, "lpc", "gsi", 1);
        assertWire("kbc", "", 1, "lpc", "gsi", 12);
        assertWire("hpet0", "sysbus-irq", 16, "lpc", "gsi", 16);
        assertWire("lpc", "isa-irq", 7, "pic-master", "", 7);
        assertWire("lpc", "isa-irq", 8, "pic-slave", "", 0);
        assertWire("pic-slave", "", 0, "pic-master", "", 2);
        assertWire("lpc", "ioapic-irq", 23, "ioapic", "", 23);
        List<Wire> wires = board.wires();
        assertTrue(wires.indexOf(new Wire("rtc", "", 0, "hpet0", "", 1)) > wires.indexOf(new Wire("rtc", "", 0, "lpc", "gsi", 8)));
    }

    @Test
    void hooksLayOutRamThenFirmwareSerialPortsVmportCpusFwCfgCmosThenBootListsAndAcpi() {
        assertEquals(1, board.hooks(BoardHook.Stage.BEFORE_DEVICES).size(), "RAM layout");
        assertEquals(6, board.hooks(BoardHook.Stage.AFTER_DEVICES).size(), "firmware, serial ports, vmport, CPUs, fw_cfg, CMOS");
        assertEquals(2, board.hooks(BoardHook.Stage.MACHINE_DONE).size(), "fw_cfg's boot lists, the ACPI tables");
        assertEquals("lpc", devices.get("lpc").name());
        assertTrue(devices.get("q35").configurer() != null, "the host gets the RAM split and the RAM");
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
        assertFalse(cls.properties.containsKey("default-nic"));
        assertThrows(IllegalArgumentException.class, () -> cls.properties.get("pit").convert("maybe"));
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
