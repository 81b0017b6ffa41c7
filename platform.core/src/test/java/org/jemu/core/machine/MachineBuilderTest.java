package org.jemu.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.machine.MachineBuilder.UserDevice;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qdev.TestDevices.Bridge;
import org.jemu.core.qdev.TestDevices.Leaf;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MachineBuilderTest {

    private TypeRegistryImpl registry;
    private QomObject root;
    private final List<String> hookLog = new ArrayList<>();

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
        BoardDefinition board = BoardDefinition.builder()
                .cpu("test-cpu", "", "test-cpu")
                .maxCpus(4)
                .defaultRam(64L << 20)
                .device(DeviceSpec.of("bridge", "test-bridge").on("main-system-bus").with("hotplug", "on"))
                .device(DeviceSpec.of("serial", "test-leaf").on("test.0").with("iobase", "0x2f8"))
                .device(DeviceSpec.of("extra-dev", "test-leaf").on("test.0").onlyIf("extra"))
                .device(DeviceSpec.of("auto-dev", "test-leaf").on("test.0").onlyIf("gadget"))
                .wire("serial", "out", 0, "bridge", "irq-in", 3)
                .wire("extra-dev", "out", 0, "bridge", "irq-in", 2)
                .hook(BoardHook.Stage.BEFORE_DEVICES, ctx -> hookLog.add("before"))
                .hook(BoardHook.Stage.AFTER_DEVICES, ctx -> hookLog.add("after " + ctx.device("serial").typeName()))
                .hook(BoardHook.Stage.MACHINE_DONE, ctx -> hookLog.add("done " + ctx.machine().allDevices().size()))
                .build();
        register(Machine.machineType("testboard-1.0", "testboard", true, "A test board", board,
                c -> c.property(PropertyDef.bool("extra").defaultValue(false))
                        .property(PropertyDef.enumeration("gadget", "on", "off", "auto").defaultValue("off"))));
    }

    private void register(org.jemu.core.qom.TypeInfo info) {
        assertEquals(List.of(), registry.registerAll(List.of(new Pending("board", info))));
    }

    private Machine build(Map<String, String> options, List<UserDevice> devices) {
        MachineBuilder builder = new MachineBuilder(registry, root);
        return builder.build(MachineBuilder.resolveMachineType(registry, "testboard"), new MachineConfig(64L << 20, 2, 2, null),
                options, devices);
    }

    @Test
    void aliasesAndTheDefaultResolveToTheMachineType() {
        assertEquals("testboard-1.0-machine", MachineBuilder.resolveMachineType(registry, "testboard").name());
        assertEquals("testboard-1.0-machine", MachineBuilder.resolveMachineType(registry, "testboard-1.0").name());
        assertEquals("testboard-1.0-machine", MachineBuilder.defaultMachineType(registry).name());
        QomException e = assertThrows(QomException.class, () -> MachineBuilder.resolveMachineType(registry, "vax"));
        assertEquals("unsupported machine type 'vax' (use -machine help to list them)", e.getMessage());
    }

    @Test
    void buildsTheDeclaredDevicesOnTheirBusesAndWiresThem() {
        Machine m = build(Map.of(), List.of());

        Bridge bridge = (Bridge) root.resolve("/machine/bridge");
        Leaf serial = (Leaf) root.resolve("/machine/serial");
        assertNotNull(bridge);
        assertEquals("main-system-bus", bridge.parentBus().busName());
        assertEquals("test.0", serial.parentBus().busName());
        assertEquals(0x2f8, serial.getLong("iobase"));
        assertTrue(serial.isRealized());
        assertNull(root.resolve("/machine/extra-dev"), "onlyIf=extra is off by default");
        serial.out.raise();
        assertEquals(List.of(true), bridge.levels);
        assertEquals(2, m.resolve("/machine/unattached").children().size(), "two CPUs");
        assertEquals(List.of("before", "after test-leaf", "done 4"), hookLog);
        assertEquals("testboard-1.0", m.machineName());
    }

    @Test
    void aConfigurerRunsAfterThePropertiesAndBeforeRealize() {
        List<String> seen = new ArrayList<>();
        BoardDefinition board = BoardDefinition.builder()
                .device(DeviceSpec.of("bridge", "test-bridge").on("main-system-bus"))
                .device(DeviceSpec.of("serial", "test-leaf").on("test.0").with("iobase", "0x2f8").configuredBy((ctx, d) -> {
                    seen.add(d.getLong("iobase") + " realized=" + d.isRealized() + " ram=" + ctx.machine().ram().size());
                    d.setProperty("iobase", 0x3e8);
                }))
                .build();
        register(Machine.machineType("configured-1.0", null, false, "configurer test", board, null));

        new MachineBuilder(registry, root).build(MachineBuilder.resolveMachineType(registry, "configured-1.0"),
                new MachineConfig(1L << 20, 1, 1, null), Map.of(), List.of());

        assertEquals(List.of("760 realized=false ram=1048576"), seen);
        assertEquals(0x3e8, root.resolve("/machine/serial").getLong("iobase"));
    }

    @Test
    void machineOptionsSetPropertiesAndEnableConditionalDevices() {
        build(Map.of("extra", "on", "kernel", "/boot/vmlinuz"), List.of());

        assertNotNull(root.resolve("/machine/extra-dev"));
        assertEquals("/boot/vmlinuz", ((Machine) root.resolve("/machine")).getString("kernel"));
    }

    @Test
    void anOnOffAutoConditionCreatesTheDeviceUnlessOff() {
        build(Map.of("gadget", "auto"), List.of());

        assertNotNull(root.resolve("/machine/auto-dev"), "gadget=auto means on");
        root.resolve("/machine").unparent();
        build(Map.of(), List.of());
        assertNull(root.resolve("/machine/auto-dev"), "gadget=off by default");
    }

    @Test
    void badMachineOptionsNameTheProperty() {
        QomException e = assertThrows(QomException.class, () -> build(Map.of("extra", "maybe"), List.of()));
        assertTrue(e.getMessage().contains("property 'extra': 'maybe' is not a valid boolean"), e.getMessage());
        QomException unknown = assertThrows(QomException.class, () -> build(Map.of("turbo", "on"), List.of()));
        assertTrue(unknown.getMessage().contains("property 'turbo': not found"), unknown.getMessage());
        assertNull(root.resolve("/machine"));
    }

    @Test
    void missingDeviceAndCpuTypesAreReportedByNameBeforeAnythingIsBuilt() {
        register(Machine.machineType("broken-1.0", null, false, "needs what is not there",
                BoardDefinition.builder().cpu("some-cpu", "-some-cpu", "fast").maxCpus(1)
                        .device(DeviceSpec.of("a", "i440FX-pcihost").on("main-system-bus"))
                        .device(DeviceSpec.of("b", "PIIX3").on("pci.0")).build(), null));
        MachineBuilder builder = new MachineBuilder(registry, root);

        QomException e = assertThrows(QomException.class, () -> builder.build(MachineBuilder.resolveMachineType(registry, "broken-1.0"),
                new MachineConfig(1 << 20, 1, 1, null), Map.of(), List.of()));

        assertEquals("machine 'broken-1.0' cannot be built: types 'fast-some-cpu' (CPU), 'i440FX-pcihost', 'PIIX3' are not "
                + "registered; install the bundles that provide them", e.getMessage());
        assertNull(root.resolve("/machine"));
    }

    @Test
    void userDevicesGoToPeripheralContainersAndFindTheirBus() {
        build(Map.of(), List.of(
                new UserDevice("test-leaf", "com2", Map.of("iobase", "0x3e8")),
                new UserDevice("test-leaf", null, Map.of("bus", "test.0"))));

        Leaf named = (Leaf) root.resolve("/machine/peripheral/com2");
        Leaf anon = (Leaf) root.resolve("/machine/peripheral-anon/device[0]");
        assertEquals("com2", named.id());
        assertEquals(0x3e8, named.getLong("iobase"));
        assertTrue(anon.isRealized());
        assertEquals(List.of("plug test-leaf", "plug test-leaf", "plug test-leaf"),
                ((Bridge) root.resolve("/machine/bridge")).hotplugEvents);
    }

    @Test
    void userDeviceErrorsNameTheOptionAndTheCause() {
        assertMessage(new UserDevice("no-such-thing", null, Map.of()),
                "-device no-such-thing: 'no-such-thing' is not a valid device model name");
        assertMessage(new UserDevice("test-bridge", null, Map.of()),
                "-device test-bridge: 'test-bridge' cannot be created by the user (board-only device)");
        assertMessage(new UserDevice("test-leaf", "x", Map.of("bus", "pci.7")),
                "-device test-leaf,id=x: Bus 'pci.7' not found");
        assertMessage(new UserDevice("test-leaf", null, Map.of("fail", "on")),
                "-device test-leaf: device /machine/peripheral-anon/device[0] (test-leaf): I/O port 3f8 is taken");
    }

    private void assertMessage(UserDevice d, String message) {
        QomException e = assertThrows(QomException.class, () -> build(Map.of(), List.of(d)));
        assertEquals(message, e.getMessage());
        assertNull(root.resolve("/machine"), "a failed build leaves nothing behind");
    }

    @Test
    void duplicateIdsAreRefused() {
        QomException e = assertThrows(QomException.class, () -> build(Map.of(), List.of(
                new UserDevice("test-leaf", "d", Map.of()), new UserDevice("test-leaf", "d", Map.of()))));
        assertTrue(e.getMessage().endsWith("Duplicate device ID 'd'"), e.getMessage());
    }

    @Test
    void tooManyCpusForTheBoardIsRefused() {
        MachineBuilder builder = new MachineBuilder(registry, root);
        QomException e = assertThrows(QomException.class, () -> builder.build(MachineBuilder.resolveMachineType(registry, "testboard"),
                new MachineConfig(1 << 20, 8, 8, null), Map.of(), List.of()));
        assertEquals("machine 'testboard-1.0': Invalid SMP CPUs 8. The max CPUs supported by machine 'testboard-1.0' is 4", e.getMessage());
    }

    @Test
    void machineResetReachesEveryDeviceThroughTheBuses() {
        Machine m = build(Map.of(), List.of());
        TestDevices.Journal.drain();

        org.jemu.core.qdev.Reset.reset(m, org.jemu.core.qdev.ResetType.COLD);

        List<String> calls = TestDevices.Journal.drain();
        assertTrue(calls.containsAll(List.of("enter bridge", "enter serial", "hold serial", "exit bridge")), calls.toString());
        assertFalse(calls.isEmpty());
        assertTrue(calls.indexOf("enter bridge") < calls.indexOf("enter serial"));
        assertTrue(calls.indexOf("hold serial") < calls.indexOf("hold bridge"));
        assertTrue(m.allDevices().stream().allMatch(Device::isRealized));
    }
}
