package org.jemu.core.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.core.internal.qom.TypeRegistryImpl;
import org.jemu.core.internal.qom.TypeRegistryImpl.Pending;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.qdev.TestDevices;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HelpPrinterTest {

    private TypeRegistryImpl registry;
    private HelpPrinter help;

    @BeforeEach
    void setUp() {
        registry = TestDevices.registry();
        BoardDefinition board = BoardDefinition.builder().cpu("test-cpu", "", "test-cpu").build();
        registry.registerAll(List.of(
                new Pending("b", Machine.machineType("big-2.0", "big", true, "A big board", board, null)),
                new Pending("b", Machine.machineType("small-1.0", null, false, "A small board", board, null)),
                new Pending("a", FakeAccelerator.typeInfo("fake")),
                new Pending("a", FakeAccelerator.typeInfo("broken"))));
        help = new HelpPrinter(registry);
    }

    @Test
    void machineHelpPutsAliasesBeforeTheirMachineAndMarksTheDefault() {
        assertEquals("""
                Supported machines are:
                big                  A big board (alias of big-2.0)
                big-2.0              A big board (default)
                none                 empty machine
                small-1.0            A small board
                """, help.machines());
    }

    @Test
    void deviceHelpGroupsUserCreatableTypesByCategory() {
        assertEquals("""
                Misc devices:
                name "test-leaf", bus test-bus, desc "a leaf device"
                """, help.devices(), "the board-only bridge and CPU are not listed");
    }

    @Test
    void deviceTypeHelpListsSettablePropertiesWithDefaults() {
        assertEquals("""
                test-leaf options:
                  fail=<bool>            - (default: off)
                  iobase=<int>           - (default: 1016)
                """, help.deviceProperties("test-leaf"));
        QomException e = assertThrows(QomException.class, () -> help.deviceProperties("nope"));
        assertEquals("'nope' is not a valid device model name", e.getMessage());
    }

    @Test
    void accelHelpSaysWhichAcceleratorsCannotRunHere() {
        assertEquals("""
                Accelerators supported in jemu:
                broken (not available here: no such device)
                fake
                """, help.accelerators());
    }

    @Test
    void cpuHelpListsTheBoardsCpuModels() {
        String out = help.cpus(registry.require("big-2.0-machine"));
        assertTrue(out.startsWith("Available CPUs:\n  test-cpu"), out);
    }
}
