package org.jemu.cpu.x86.roms;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.module.ModuleInit;
import org.jemu.cpu.x86.internal.X86CpuDevice;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * A bare machine for test ROMs: RAM at 0, the ROM mapped as QEMU's pc maps a BIOS (ending at 4 GiB and, whole,
 * just below 1 MiB), a debug console at port 0xe9 and an exit port at 0xf4 ((value << 1) | 1), and x86-64 CPUs.
 */
final class RomMachine implements AutoCloseable {

    final MachineHarness harness;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final AtomicInteger exitStatus = new AtomicInteger(-1);

    RomMachine(byte[] image, ModuleInit... contributions) {
        this(image, b -> { }, contributions);
    }

    /** @param onConsole sees every byte written to the debug console, as it is written */
    RomMachine(byte[] image, java.util.function.IntConsumer onConsole, ModuleInit... contributions) {
        BoardDefinition board = BoardDefinition.builder()
                .cpu(X86CpuDevice.BASE, X86CpuDevice.SUFFIX, "qemu64")
                .maxCpus(1)
                .hook(Stage.BEFORE_DEVICES, ctx -> {
                    ctx.systemMemory().addSubregion(0, ctx.machine().ram());
                    MemoryRegion bios = ctx.machine().adopt(MemoryRegion.rom("pc.bios", image.length));
                    MemorySegment.copy(MemorySegment.ofArray(image), 0, bios.ramBlock().segment(), 0, image.length);
                    ctx.systemMemory().addSubregion((1L << 32) - image.length, bios);
                    MemoryRegion isaBios = MemoryRegion.alias("isa-bios", bios, 0, image.length);
                    isaBios.setReadonly(true);
                    ctx.systemMemory().addSubregionOverlap((1L << 20) - image.length, isaBios, 1);
                    ctx.systemIo().addSubregion(0xe9, MemoryRegion.io("debugcon", 1, ops(v -> {
                        console.write((int) v);
                        onConsole.accept((int) v & 0xff);
                    })));
                    ctx.systemIo().addSubregion(0xf4, MemoryRegion.io("debug-exit", 4,
                            ops(v -> exitStatus.compareAndSet(-1, (int) ((v << 1) | 1) & 0xff))));
                })
                .build();
        MachineHarness.Builder b = MachineHarness.builder().board(board, null).ram(8L << 20);
        b.contribute(new org.jemu.cpu.x86.internal.X86CpuTypes());
        b.contribute(contributions);
        this.harness = b.build();
    }

    String output() {
        return console.toString();
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

    @Override
    public void close() {
        harness.close();
    }
}
