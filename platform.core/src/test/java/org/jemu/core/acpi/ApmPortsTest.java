package org.jemu.core.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ApmPortsTest {

    @Test
    void controlWritesReachTheChipsetAndStatusWritesDoNot() {
        List<Integer> commands = new ArrayList<>();
        ApmPorts apm = new ApmPorts(commands::add);

        apm.write(0, 1, 0x1f2);
        apm.write(1, 1, 0x5a);

        assertEquals(List.of(0xf2), commands, "one command, the low byte");
        assertEquals(0xf2, apm.read(0, 1));
        assertEquals(0x5a, apm.read(1, 1));
    }

    @Test
    void resetClearsBothBytesAndRestoreSetsThemWithoutACommand() {
        List<Integer> commands = new ArrayList<>();
        ApmPorts apm = new ApmPorts(commands::add);
        apm.write(0, 1, 2);

        apm.reset();
        assertEquals(0, apm.control());
        apm.restore(0x1f1, 7);

        assertEquals(0xf1, apm.control());
        assertEquals(7, apm.status());
        assertEquals(List.of(2), commands);
    }
}
