package org.jemu.cpu.x86.roms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.jemu.cpu.x86.internal.exec.X86Core;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The judge: each test ROM runs on jemu's CPU in a bare machine ({@link RomMachine}) and must print exactly what it
 * printed under qemu-system-x86_64 and exit with the same status. {@code -Djemu.trace=true} prints the first
 * instructions ({@code -Djemu.trace.count=N}).
 */
class RomJudgeTest {

    static List<TestRoms.Rom> roms() throws Exception {
        return TestRoms.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roms")
    void romPrintsWhatItPrintsUnderQemuAndExitsTheSameWay(TestRoms.Rom rom) {
        try (RomMachine m = new RomMachine(rom.image())) {
            X86Core cpu = new X86Core(m.harness.memory(), m.harness.io());
            X86Core.Exit exit = X86Core.Exit.BUDGET;
            if (Boolean.getBoolean("jemu.trace")) {
                for (int n = 0; n < Integer.getInteger("jemu.trace.count", 400) && m.exitStatus.get() < 0; n++) {
                    exit = cpu.run(1);
                    System.out.println(cpu.lastInstruction() + "   -> rip " + Long.toHexString(cpu.rip()));
                    if (exit != X86Core.Exit.BUDGET) break;
                }
            }
            for (int slice = 0; slice < 200 && m.exitStatus.get() < 0; slice++) {
                exit = cpu.run(100_000);
                if (exit != X86Core.Exit.BUDGET) break;
            }

            assertEquals(rom.expectedOutput(), m.output(), rom.name() + ": console (CPU stopped with " + exit + " "
                    + cpu.exitDetail() + " at rip " + Long.toHexString(cpu.rip()) + ")");
            assertEquals(rom.expectedExit(), m.exitStatus.get(), rom.name() + ": exit status");
        }
    }
}
