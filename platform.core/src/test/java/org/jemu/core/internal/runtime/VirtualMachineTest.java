package org.jemu.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.accel.VcpuExit;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoopConfig;
import org.jemu.core.event.MainLoops;
import org.jemu.core.event.RunState;
import org.jemu.core.event.ShutdownCause;
import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.machine.MachineBuilder.UserDevice;
import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VirtualMachineTest {

    private TypeRegistryImpl registry;
    private QomObject root;
    private MainLoop loop;
    private VirtualMachine vm;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        root = TestDevices.root(registry);
        registry.registerAll(List.of(
                new Pending("accel", FakeAccelerator.typeInfo("fake")),
                new Pending("accel", FakeAccelerator.typeInfo("broken")),
                new Pending("board", Machine.machineType("tiny-1.0", "tiny", true, "tiny test board",
                        BoardDefinition.builder().cpu("test-cpu", "", "test-cpu").maxCpus(2)
                                .device(DeviceSpec.of("bridge", "test-bridge").on("main-system-bus").with("hotplug", "on"))
                                .build(), null))));
        FakeAccelerator.SCRIPT.clear();
        FakeAccelerator.LOG.clear();
        FakeAccelerator.unavailable = null;
        loop = MainLoops.create(MainLoopConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        loop.close();
        if (vm != null) vm.close();
    }

    private VirtualMachine create(List<UserDevice> devices, List<String> accels) throws AcceleratorException {
        try (var lock = loop.globalLock().acquire()) {
            return VirtualMachine.create(registry, root, loop, MachineBuilder.resolveMachineType(registry, "tiny"),
                    new MachineConfig(1 << 20, 2, 2, null), Map.of(), devices, accels, new DataPath(List.of()));
        }
    }

    @Test
    void vcpuExitsDriveResetAndShutdownThroughTheMainLoop() throws Exception {
        FakeAccelerator.SCRIPT.addAll(List.of(VcpuExit.HALTED, new VcpuExit.ResetRequest("triple fault"),
                new VcpuExit.ShutdownRequest("ACPI power off")));
        vm = create(List.of(), List.of("fake"));
        List<ShutdownCause> resets = new ArrayList<>();
        loop.setResetHandler(resets::add);

        loop.resume();
        ShutdownCause cause = loop.run();

        assertEquals(ShutdownCause.GUEST_SHUTDOWN, cause);
        assertEquals(List.of(ShutdownCause.GUEST_RESET), resets);
        assertEquals("vm 2 memory I/O", FakeAccelerator.LOG.get(0), "the accelerator gets the machine's address spaces");
    }

    @Test
    void anInternalErrorPausesTheVm() throws Exception {
        FakeAccelerator.SCRIPT.add(new VcpuExit.InternalError("emulation failure at 0xfff0"));
        vm = create(List.of(), List.of("fake"));
        List<RunState> states = new ArrayList<>();
        loop.addRunStateListener((from, to, cause) -> {
            states.add(to);
            if (to == RunState.PAUSED) loop.requestShutdown(ShutdownCause.HOST_QMP_QUIT);
        });

        loop.resume();
        loop.run();

        assertTrue(states.contains(RunState.PAUSED), states.toString());
    }

    @Test
    void theFirstAvailableAcceleratorOfTheListIsChosen() throws Exception {
        Accelerator a = VirtualMachine.chooseAccelerator(registry, List.of("kvm", "broken", "fake"), true);
        assertEquals("fake", a.accelName());

        AcceleratorException e = assertThrows(AcceleratorException.class,
                () -> VirtualMachine.chooseAccelerator(registry, List.of("kvm", "broken"), true));
        assertEquals("-accel kvm:broken: no accelerator can run this machine (kvm: not installed; broken: no such device);"
                + " -accel help lists the installed ones", e.getMessage());
        assertNull(VirtualMachine.chooseAccelerator(registry, List.of("kvm"), false), "a machine without CPUs needs none");
    }

    @Test
    void leavingTypesOnAHotpluggableBusAreUnpluggedAndTheVmKeepsRunning() throws Exception {
        vm = create(List.of(new UserDevice("test-leaf", "leaf", Map.of())), List.of("fake"));
        loop.resume();

        vm.typesLeaving(List.of(registry.require("test-leaf")));

        assertNull(root.resolve("/machine/peripheral/leaf"));
        assertEquals(RunState.RUNNING, loop.runState());
    }

    @Test
    void leavingTypesThatCannotBeUnpluggedPauseTheVm() throws Exception {
        vm = create(List.of(), List.of("fake"));
        loop.resume();
        ObjectType bridge = registry.require("test-bridge");

        vm.typesLeaving(List.of(bridge));

        assertEquals(RunState.PAUSED, loop.runState());
        assertTrue(root.resolve("/machine/bridge") != null, "the device stays, frozen with the VM");
    }

    @Test
    void closingTheVmUnrealizesTheDevicesThenReleasesTheRam() throws Exception {
        vm = create(List.of(), List.of("fake"));
        Machine m = vm.machine();
        var ram = m.ram().ramBlock();

        vm.close();
        vm = null;

        assertTrue(ram.isClosed());
        assertTrue(m.allDevices().stream().noneMatch(org.jemu.core.qdev.Device::isRealized));
        assertNull(root.resolve("/machine"));
    }
}
