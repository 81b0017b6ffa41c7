package org.jemu.plugin.q35.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jemu.core.pc.PcBios;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qom.PropertyDef;

/**
 * The q35 host bridge on an ad-hoc harness board: RAM split as on the q35 board, "q35-pcihost" configured by the
 * board, "mch" at 00.0 of "pcie.0", and the firmware hook; more devices may follow.
 */
final class Q35TestBoard {

    static final String HOST = "/machine/q35";
    static final String MCH = "/machine/mch";

    private Q35TestBoard() {
    }

    static MachineHarness.Builder harness(DeviceSpec... more) {
        return harness(board(more).build());
    }

    /** The harness for a board made from {@link #board(DeviceSpec...)} with more devices or hooks. */
    static MachineHarness.Builder harness(BoardDefinition board) {
        return MachineHarness.builder().contribute(new Q35Devices())
                .board(board, c -> c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0)))
                .ram(16L << 20);
    }

    /** The board definition, followed by {@code more}, for a test to add to. */
    static BoardDefinition.Builder board(DeviceSpec... more) {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .ramName(PcQ35Machine.RAM_NAME)
                .hook(Stage.BEFORE_DEVICES, Q35RamSplit::layOutRam)
                .device(DeviceSpec.of("q35", Q35PciHost.TYPE).on(PcQ35Machine.SYSBUS)
                        .configuredBy(PcQ35Machine::configureHost))
                .device(DeviceSpec.of("mch", Mch.TYPE).on(PcQ35Machine.PCI).with("addr", "00.0"))
                .hook(Stage.AFTER_DEVICES, ctx -> PcBios.map(ctx, PcQ35Machine.PCI));
        for (DeviceSpec d : more) b.device(d);
        return b;
    }

    /** A BIOS image of {@code kib} KiB whose byte at offset i is (i * 7 + (i >> 12)). */
    static Path bios(Path dir, int kib) throws IOException {
        byte[] image = new byte[kib << 10];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (i * 7 + (i >> 12));
        Path p = dir.resolve("bios-" + kib + "k.bin");
        Files.write(p, image);
        return p;
    }

    static int configRead(MachineHarness h, int devfn, int reg, int size) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) h.io().read(0xcfc + (reg & 3), size);
    }

    static void configWrite(MachineHarness h, int devfn, int reg, int size, long value) {
        h.io().write(0xcf8, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        h.io().write(0xcfc + (reg & 3), size, value);
    }
}
