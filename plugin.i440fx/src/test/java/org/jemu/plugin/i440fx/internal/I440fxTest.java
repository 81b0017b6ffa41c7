package org.jemu.plugin.i440fx.internal;

import static org.jemu.plugin.i440fx.internal.Chipset.configRead;
import static org.jemu.plugin.i440fx.internal.Chipset.configWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The i440FX host bridge and its function 00.0 on an ad-hoc board, driven through ports and memory. */
class I440fxTest {

    static final int PMC = PciConfig.devfn(0, 0);
    static final int PIIX3 = PciConfig.devfn(1, 0);

    @TempDir
    Path dir;

    @Test
    void configurationMechanismOneReadsTheChipsetIdentities() {
        try (MachineHarness h = Chipset.harness().build()) {
            assertEquals(0x1237_8086, configRead(h, PMC, 0, 4));
            assertEquals(0x0600_0002, configRead(h, PMC, PciConfig.REVISION_ID, 4), "host bridge, revision 2");
            assertEquals(0x00, configRead(h, PMC, PciConfig.HEADER_TYPE, 1));
            assertEquals(0x1100_1af4, configRead(h, PMC, PciConfig.SUBSYSTEM_VENDOR_ID, 4));
            assertEquals(0x7000_8086, configRead(h, PIIX3, 0, 4));
            assertEquals(0x0601_0000, configRead(h, PIIX3, PciConfig.REVISION_ID, 4), "ISA bridge");
            assertEquals(0x80, configRead(h, PIIX3, PciConfig.HEADER_TYPE, 1), "multifunction");

            assertEquals(0xffff_ffff, configRead(h, PciConfig.devfn(2, 0), 0, 4), "nothing in slot 2");
            assertEquals(0xffff_ffff, configRead(h, PciConfig.devfn(1, 1), 0, 4), "no IDE function here");
            assertEquals(0xffff, configRead(h, PciConfig.devfn(31, 7), 2, 2));
        }
    }

    @Test
    void theHostReportsThePciHolesFromTheRamSplit() {
        try (MachineHarness h = Chipset.harness().build()) {
            var host = h.resolve("/machine/i440fx");

            assertEquals(16L << 20, host.property("below-4g-mem-size"));
            assertEquals(0L, host.property("above-4g-mem-size"));
            assertEquals(16L << 20, host.property("pci-hole-start"));
            assertEquals(0xfec0_0000L, host.property("pci-hole-end"));
            assertEquals(1L << 32, host.property("pci-hole64-start"), "after RAM above 4 GiB, gigabyte aligned");
            assertEquals(0x1_8000_0000L, host.property("pci-hole64-end"), "plus the 2 GiB default hole size");
            assertEquals(2, configRead(h, PMC, I440fxPmc.RAM_SIZE_REG, 1), "16 MiB in 8 MiB units");
        }
    }

    @Test
    void pciMemoryShowsInTheHoleAboveRam() {
        try (MachineHarness h = Chipset.harness().build()) {
            PciBus bus = (PciBus) h.resolve("/machine/i440fx/pci.0");
            bus.memorySpace().addSubregion(0xe000_0000L, h.machine().adopt(MemoryRegion.ram("test-vram", 4096)));

            h.memory().write(0xe000_0010L, 4, 0x1234_5678);

            assertEquals(0x1234_5678, h.memory().read(0xe000_0010L, 4));
            h.memory().write(0x10_0000, 4, 0xabcd);
            assertEquals(0xabcd, h.memory().read(0x10_0000, 4), "RAM below the hole stays RAM");
        }
    }

    @Test
    void pamSwitchesTheBiosSegmentBetweenRomAndShadowRam() throws IOException {
        Path file = Chipset.bios(dir, 128);
        byte[] image = Files.readAllBytes(file);
        int romByte = image[image.length - 0x10000] & 0xff;
        try (MachineHarness h = Chipset.harness().option("firmware", file.toString()).build()) {
            assertEquals(romByte, h.memory().read(0xf0000, 1), "reset: PCI, the BIOS ROM shows");
            h.memory().write(0xf0000, 1, 0xab);
            assertEquals(romByte, h.memory().read(0xf0000, 1), "the ROM ignores writes");

            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x30);
            h.memory().write(0xf0000, 1, 0xab);
            assertEquals(0xab, h.memory().read(0xf0000, 1), "read/write shadow RAM");

            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x10);
            h.memory().write(0xf0000, 1, 0xcd);
            assertEquals(0xab, h.memory().read(0xf0000, 1), "read-only shadow RAM ignores writes");

            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x00);
            assertEquals(romByte, h.memory().read(0xf0000, 1), "back to the ROM");
            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x20);
            assertEquals(0xab, h.memory().read(0xf0000, 1), "write-only is RAM as in QEMU");
            assertEquals(0x20, configRead(h, PMC, I440fxPmc.PAM0, 1));
        }
    }

    @Test
    void eachExpansionSegmentFollowsItsOwnNibble() {
        try (MachineHarness h = Chipset.harness().build()) {
            configWrite(h, PMC, I440fxPmc.PAM0 + 1, 1, 0x03);
            h.memory().write(0xc0000, 1, 0x11);
            h.memory().write(0xc4000, 1, 0x22);
            h.memory().write(0xdc000, 1, 0x33);

            assertEquals(0x11, h.memory().read(0xc0000, 1), "PAM1 low nibble: 0xC0000-0xC3FFF is RAM");
            assertEquals(0, h.memory().read(0xc4000, 1), "PAM1 high nibble: still PCI, the empty option ROM area");
            assertEquals(0, h.memory().read(0xdc000, 1), "PAM6 high nibble: PCI");

            configWrite(h, PMC, 0x58, 4, 0x3333_3000L);
            configWrite(h, PMC, 0x5c, 4, 0x3333_3333L);
            h.memory().write(0xdc000, 1, 0x33);
            assertEquals(0x33, h.memory().read(0xdc000, 1), "a dword write programs four registers");
            assertEquals(0x11, h.memory().read(0xc0000, 1));
        }
    }

    /** A stand-in for VGA's legacy window: 128 KiB of RAM at 0xA0000 of PCI memory, as vga-lowmem maps itself. */
    private static MemoryRegion vgaWindow(MachineHarness h) {
        MemoryRegion vga = h.machine().adopt(MemoryRegion.ram("test-vga", 0x20000));
        h.machine().findBus("pci.0").memorySpace().addSubregionOverlap(0xa0000, vga, 1);
        return vga;
    }

    @Test
    void smramOpenShowsTheRamBehindTheVgaWindow() {
        try (MachineHarness h = Chipset.harness().build()) {
            vgaWindow(h);
            assertEquals(0x02, configRead(h, PMC, I440fxPmc.SMRAM, 1));
            h.memory().write(0xa0000, 1, 0x5a);
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "closed: the write went to VGA");

            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x4a);
            assertEquals(0, h.memory().read(0xa0000, 1), "open: SMRAM (RAM) visible");
            h.memory().write(0xa0000, 1, 0x77);

            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x0a);
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "closed again: VGA");
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x4a);
            assertEquals(0x77, h.memory().read(0xa0000, 1));
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0xef);
            assertEquals(0x6a, configRead(h, PMC, I440fxPmc.SMRAM, 1), "bit 7 reserved, C_BASE_SEG fixed at 010b");
        }
    }

    @Test
    void theSmramLockClosesTheWindowAndHoldsUntilReset() {
        try (MachineHarness h = Chipset.harness().build()) {
            vgaWindow(h);
            h.memory().write(0xa0000, 1, 0x5a);
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x4a);
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x5a);

            assertEquals(0x1a, configRead(h, PMC, I440fxPmc.SMRAM, 1), "locking clears D_OPEN");
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "VGA again");
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x40);
            assertEquals(0x1a, configRead(h, PMC, I440fxPmc.SMRAM, 1), "locked: cannot reopen or unlock");
            assertEquals(0x5a, h.memory().read(0xa0000, 1));
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x3a);
            assertEquals(0x3a, configRead(h, PMC, I440fxPmc.SMRAM, 1), "D_CLS stays writable");

            Reset.reset(h.machine(), ResetType.COLD);

            assertEquals(0x2a, configRead(h, PMC, I440fxPmc.SMRAM, 1), "reset releases the lock");
            configWrite(h, PMC, I440fxPmc.SMRAM, 1, 0x4a);
            assertEquals(0x4a, configRead(h, PMC, I440fxPmc.SMRAM, 1));
        }
    }

    @Test
    void pamAndSmramKeepTheirValuesAcrossAResetAsInQemu() {
        try (MachineHarness h = Chipset.harness().build()) {
            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x30);
            configWrite(h, PMC, PciConfig.COMMAND, 2, 0x0006);
            h.memory().write(0xf0000, 1, 0x77);

            Reset.reset(h.machine(), ResetType.COLD);

            assertEquals(0x30, configRead(h, PMC, I440fxPmc.PAM0, 1));
            assertEquals(0x77, h.memory().read(0xf0000, 1));
            assertEquals(0, configRead(h, PMC, PciConfig.COMMAND, 2), "the PCI header is reset");
        }
    }

    @Test
    void savedStateRestoresTheShadowing() {
        try (MachineHarness h = Chipset.harness().build()) {
            I440fxPmc pmc = (I440fxPmc) h.resolve("/machine/pmc");
            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x30);
            h.memory().write(0xf0000, 1, 0x77);
            I440fxPmc.State saved = pmc.state();
            configWrite(h, PMC, I440fxPmc.PAM0, 1, 0x00);

            pmc.restore(saved);

            assertEquals(0x77, h.memory().read(0xf0000, 1));
        }
    }

    @Test
    void aHostWithoutTheMachinesRamFailsToRealize() {
        QomException noRam = assertThrows(QomException.class, () -> Chipset.harness()
                .board(BoardDefinition.builder().device(DeviceSpec.of("h", I440fxPciHost.TYPE).on("main-system-bus")).build(),
                        null).build());
        assertTrue(noRam.getMessage().contains("needs the machine's RAM"), noRam.getMessage());
    }

    @Test
    void badConfigurationAccessesNeitherThrowNorBreakTheChipset() {
        try (MachineHarness h = Chipset.harness().build()) {
            configWrite(h, PMC, 0, 4, 0xffff_ffffL);
            configWrite(h, PMC, 0xfc, 4, 0xffff_ffffL);
            configWrite(h, PMC, I440fxPmc.PAM0 + 6, 2, 0xffff);
            h.io().write(0xcf8, 4, 0x8000_0000L | PMC << 8 | 0x58);
            h.io().write(0xcfd, 2, 0x3333);
            h.io().write(0xcfc, 8, -1L);
            h.io().read(0xcfe, 4);
            h.io().write(0xcf8, 4, 0x80ff_0000L);
            h.io().write(0xcfc, 4, 0);

            assertEquals(0x1237_8086, configRead(h, PMC, 0, 4));
            assertEquals(0x02, configRead(h, PMC, PciConfig.REVISION_ID, 1));
        }
    }
}
