package org.jemu.cpu.x86.roms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.cpu.x86.internal.exec.X86Core;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The judge: each test ROM runs on jemu's CPU in a machine with RAM, the BIOS mapped as on QEMU's pc, a debug
 * console at port 0xe9 and an exit port at 0xf4, and must print exactly what it printed under qemu-system-x86_64
 * and exit with the same status.
 */
class RomJudgeTest {

    static java.util.List<TestRoms.Rom> roms() throws Exception {
        return TestRoms.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roms")
    void romPrintsWhatItPrintsUnderQemuAndExitsTheSameWay(TestRoms.Rom rom) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AtomicInteger exitStatus = new AtomicInteger(-1);
        BoardDefinition board = BoardDefinition.builder()
                .hook(Stage.BEFORE_DEVICES, ctx -> {
                    ctx.systemMemory().addSubregion(0, ctx.machine().ram());
                    MemoryRegion bios = ctx.machine().adopt(MemoryRegion.rom("pc.bios", rom.image().length));
                    MemorySegment.copy(MemorySegment.ofArray(rom.image()), 0, bios.ramBlock().segment(), 0, rom.image().length);
                    ctx.systemMemory().addSubregion((1L << 32) - rom.image().length, bios);
                    MemoryRegion isaBios = MemoryRegion.alias("isa-bios", bios, 0, rom.image().length);
                    isaBios.setReadonly(true);
                    ctx.systemMemory().addSubregionOverlap((1L << 20) - rom.image().length, isaBios, 1);
                    ctx.systemIo().addSubregion(0xe9, MemoryRegion.io("debugcon", 1, ops(v -> console.write((int) v))));
                    ctx.systemIo().addSubregion(0xf4, MemoryRegion.io("debug-exit", 4, ops(v -> exitStatus.compareAndSet(-1, (int) ((v << 1) | 1)))));
                })
                .build();
        try (MachineHarness h = MachineHarness.builder().board(board, null).ram(8L << 20).build()) {
            X86Core cpu = new X86Core(h.memory(), h.io());
            X86Core.Exit exit = X86Core.Exit.BUDGET;
            if (Boolean.getBoolean("jemu.trace")) {
                for (int n = 0; n < Integer.getInteger("jemu.trace.count", 400) && exitStatus.get() < 0; n++) {
                    exit = cpu.run(1);
                    System.out.println(cpu.lastInstruction() + "   -> rip " + Long.toHexString(cpu.rip()));
                    if (exit != X86Core.Exit.BUDGET) break;
                }
            }
            for (int slice = 0; slice < 200 && exitStatus.get() < 0; slice++) {
                exit = cpu.run(100_000);
                if (exit != X86Core.Exit.BUDGET) break;
            }

            assertEquals(rom.expectedOutput(), console.toString(),
                    rom.name() + ": console (CPU stopped with " + exit + " " + cpu.exitDetail() + " at rip "
                            + Long.toHexString(cpu.rip()) + ")");
            assertEquals(rom.expectedExit(), exitStatus.get() & 0xff, rom.name() + ": exit status");
        }
    }

    private static MemoryRegionOps ops(java.util.function.LongConsumer onWrite) {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0xe9;
            }

            @Override
            public void write(long offset, int size, long value) {
                onWrite.accept(value);
            }
        };
    }
}
