package org.jemu.plugin.pc.internal;

import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.jemu.core.machine.DeviceSpec;

/** Ad-hoc boards for ISA device tests: an ISA bus over the system I/O space, RAM at 0, the PC's DMA pair. */
final class IsaTestBoards {

    static final Map<String, String> DMA8 = Map.of("base", "0", "page-base", "0x80", "pageh-base", "0x480", "dshift", "0");
    static final Map<String, String> DMA16 = Map.of("base", "0xc0", "page-base", "0x88", "pageh-base", "-1", "dshift", "1");

    private IsaTestBoards() {
    }

    /** isabus-bridge and RAM mapped at address 0 (4 MiB). */
    static MachineHarness.Builder isaBoard() {
        BoardDefinition board = BoardDefinition.builder()
                .device(DeviceSpec.of("isa", IsaBusBridge.TYPE).on("main-system-bus"))
                .hook(BoardHook.Stage.BEFORE_DEVICES, ctx -> ctx.machine().systemMemory().addSubregion(0, ctx.machine().ram()))
                .build();
        return MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices()).board(board, null).ram(4 << 20);
    }

    /**
     * {@link #isaBoard()} with both DMA controllers, "dma1" (8-bit, with high page registers) and "dma2" (16-bit,
     * without: QEMU's two high page layouts share port 0x489), created first.
     */
    static MachineHarness.Builder withDma() {
        return isaBoard().device(I8257.TYPE, "dma1", DMA8).device(I8257.TYPE, "dma2", DMA16);
    }
}
