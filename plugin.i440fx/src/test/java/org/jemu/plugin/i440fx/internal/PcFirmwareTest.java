package org.jemu.plugin.i440fx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jemu.core.pc.PcBios;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BIOS mapping of the pc board, on a harness board that has only RAM and the firmware hook. */
class PcFirmwareTest {

    @TempDir
    Path dir;

    private Path bios(int kib) throws IOException {
        byte[] image = new byte[kib << 10];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (i * 7 + (i >> 12));
        image[image.length - 16] = (byte) 0xea; // the reset vector's far jump, as a marker
        Path p = dir.resolve("bios-" + kib + "k.bin");
        Files.write(p, image);
        return p;
    }

    private MachineHarness machine(Path firmware) {
        BoardDefinition board = BoardDefinition.builder()
                .hook(Stage.BEFORE_DEVICES, PiixRamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, ctx -> PcBios.map(ctx, PcI440fxMachine.PCI))
                .build();
        return MachineHarness.builder()
                .board(board, c -> c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0)))
                .ram(2L << 20)
                .option("firmware", firmware.toString())
                .build();
    }

    @Test
    void theBiosEndsAt4GibAndItsLast128KibShowBelow1Mib() throws IOException {
        Path file = bios(256);
        byte[] image = Files.readAllBytes(file);
        try (MachineHarness h = machine(file)) {
            assertEquals(image[image.length - 16] & 0xff, h.memory().read(0xfffffff0L, 1), "reset vector at 4 GiB - 16");
            assertEquals(image[0] & 0xff, h.memory().read(0xfffc0000L, 1));
            assertEquals(image[image.length - (128 << 10)] & 0xff, h.memory().read(0xe0000, 1), "isa-bios");
            assertEquals(image[image.length - 16] & 0xff, h.memory().read(0xffff0, 1));

            h.memory().write(0xffff0, 1, 0x12);
            h.memory().write(0xfffffff0L, 1, 0x12);

            assertEquals(image[image.length - 16] & 0xff, h.memory().read(0xffff0, 1), "isa-bios is read-only");
            assertEquals(image[image.length - 16] & 0xff, h.memory().read(0xfffffff0L, 1), "pc.bios is ROM");
            h.memory().write(0x1000, 4, 0xcafe);
            assertEquals(0xcafe, h.memory().read(0x1000, 4), "RAM below stays RAM");
        }
    }

    @Test
    void aSmallBiosIsAliasedWhole() throws IOException {
        Path file = bios(64);
        byte[] image = Files.readAllBytes(file);
        try (MachineHarness h = machine(file)) {
            assertEquals(image[0] & 0xff, h.memory().read(0xf0000, 1));
            assertEquals(image[0] & 0xff, h.memory().read(0xffff0000L, 1));
            assertEquals(0, h.memory().read(0xe0000, 1), "below a 64 KiB isa-bios the RAM shows");
        }
    }

    @Test
    void aMissingOrOddSizedBiosIsReportedByName() throws IOException {
        QomException missing = assertThrows(QomException.class, () -> machine(dir.resolve("nope.bin")));
        assertTrue(missing.getMessage().startsWith("could not load PC BIOS '" + dir.resolve("nope.bin") + "'"), missing.getMessage());

        Path odd = dir.resolve("odd.bin");
        Files.write(odd, new byte[1000]);
        QomException bad = assertThrows(QomException.class, () -> machine(odd));
        assertTrue(bad.getMessage().endsWith("its size (1000 bytes) is not a non-zero multiple of 64 KiB"), bad.getMessage());

        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        QomException none = assertThrows(QomException.class, () -> machine(empty));
        assertTrue(none.getMessage().contains("its size (0 bytes)"), none.getMessage());
    }
}
