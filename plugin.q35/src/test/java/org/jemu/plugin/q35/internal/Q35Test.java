package org.jemu.plugin.q35.internal;

import static org.jemu.plugin.q35.internal.Q35TestBoard.configRead;
import static org.jemu.plugin.q35.internal.Q35TestBoard.configWrite;
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
import org.jemu.core.pci.PciExpressBus;
import org.jemu.core.pci.PciExpressEcam;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Q35 host bridge and its MCH function at 00.0 on an ad-hoc board, driven through ports and memory. */
class Q35Test {

    static final int MCH = PciConfig.devfn(0, 0);
    static final long ECAM = 0xb000_0000L;
    static final long MIB = 1L << 20;
    static final int ID = 0x29c0_8086;

    @TempDir
    Path dir;

    private static int read(MachineHarness h, int reg, int size) {
        return configRead(h, MCH, reg, size);
    }

    private static void write(MachineHarness h, int reg, int size, long value) {
        configWrite(h, MCH, reg, size, value);
    }

    /** What SeaBIOS's mch_mmconfig_setup writes: 0 to the lower half, the upper half, then the lower half. */
    private static void programPciexbar(MachineHarness h, long value) {
        write(h, Mch.PCIEXBAR, 4, 0);
        write(h, Mch.PCIEXBAR + 4, 4, value >>> 32);
        write(h, Mch.PCIEXBAR, 4, value & 0xffff_ffffL);
    }

    private static long ecamRead(MachineHarness h, long base, int devfn, int reg, int size) {
        return h.memory().read(base + PciExpressEcam.offset(0, devfn, reg), size);
    }

    private static Object hostProperty(MachineHarness h, String name) {
        return h.resolve(Q35TestBoard.HOST).property(name);
    }

    @Test
    void configurationMechanismOneReadsTheMchIdentity() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            assertEquals(ID, read(h, 0, 4));
            assertEquals(0x0600_0000, read(h, PciConfig.REVISION_ID, 4), "host bridge, revision 0");
            assertEquals(0x00, read(h, PciConfig.HEADER_TYPE, 1));
            assertEquals(0x1100_1af4, read(h, PciConfig.SUBSYSTEM_VENDOR_ID, 4));
            assertEquals(0xffff_ffff, configRead(h, PciConfig.devfn(1, 0), 0, 4), "nothing in slot 1");
            PciBus bus = (PciBus) h.resolve(Q35TestBoard.HOST + "/pcie.0");
            assertTrue(bus instanceof PciExpressBus, "a PCI Express root bus");
        }
    }

    @Test
    void pciexbarResetsDisabledAtItsDefaultAndFirmwareProgrammingMapsTheEcamWindow() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            assertEquals(0xb000_0000, read(h, Mch.PCIEXBAR, 4));
            assertEquals(0, read(h, Mch.PCIEXBAR + 4, 4));
            assertEquals(0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4), "disabled: nothing decodes 0xb0000000");
            assertEquals(-1L, hostProperty(h, "MCFG"), "unmapped: no MCFG table");

            programPciexbar(h, ECAM | 1);

            assertEquals(ID & 0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4));
            assertEquals(ECAM | 1, ecamRead(h, ECAM, MCH, Mch.PCIEXBAR, 4), "the same registers as mechanism #1");
            assertEquals(ECAM, hostProperty(h, "MCFG"));
            assertEquals(256 * MIB, hostProperty(h, "mcfg_size"));
            h.memory().write(ECAM + PciExpressEcam.offset(0, MCH, Mch.PAM0 + 1), 1, 0x33);
            assertEquals(0x33, read(h, Mch.PAM0 + 1, 1), "a write through ECAM reaches the register");
            assertEquals(0xffff_ffffL, ecamRead(h, ECAM, PciConfig.devfn(2, 0), 0, 4), "absent function");
            assertEquals(0xffL, ecamRead(h, ECAM, MCH, 0x100, 1), "no extended space");
            assertEquals(0xffff_ffffL, h.memory().read(ECAM + PciExpressEcam.offset(1, MCH, 0), 4), "no bus 1");
        }
    }

    @Test
    void disablingOrMovingPciexbarUnmapsOrMovesTheWindow() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            programPciexbar(h, ECAM | 1);
            write(h, Mch.PCIEXBAR, 4, ECAM);

            assertEquals(0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4));
            assertEquals(-1L, hostProperty(h, "MCFG"));

            programPciexbar(h, 0xe000_0001L);
            assertEquals(ID & 0xffff_ffffL, ecamRead(h, 0xe000_0000L, MCH, 0, 4));
            assertEquals(0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4), "the old place is free");

            programPciexbar(h, 0x8_0000_0001L);
            assertEquals(ID & 0xffff_ffffL, ecamRead(h, 0x8_0000_0000L, MCH, 0, 4), "above 4 GiB (bits 35:32)");
            assertEquals(0x8_0000_0000L, hostProperty(h, "MCFG"));
        }
    }

    @Test
    void theLengthFieldSizesTheWindowAndWidensTheBase() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            programPciexbar(h, 0xb800_0000L | Mch.PCIEXBAR_LENGTH_128M | 1);
            assertEquals(0xb800_0000L, hostProperty(h, "MCFG"), "128 MiB: bit 27 is a base bit");
            assertEquals(128 * MIB, hostProperty(h, "mcfg_size"));
            assertEquals(ID & 0xffff_ffffL, ecamRead(h, 0xb800_0000L, MCH, 0, 4));

            programPciexbar(h, 0xbc00_0000L | Mch.PCIEXBAR_LENGTH_64M | 1);
            assertEquals(0xbc00_0000L, hostProperty(h, "MCFG"), "64 MiB: bits 27 and 26");
            assertEquals(64 * MIB, hostProperty(h, "mcfg_size"));

            programPciexbar(h, 0xbc00_0000L | Mch.PCIEXBAR_LENGTH_256M | 1);
            assertEquals(ECAM, hostProperty(h, "MCFG"), "256 MiB: bits 27 and 26 are not base bits");
            assertEquals(0xbc00_0001L, read(h, Mch.PCIEXBAR, 4) & 0xffff_ffffL, "but they read back");
        }
    }

    @Test
    void theReservedLengthLeavesTheWindowAsItWas() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            programPciexbar(h, ECAM | 1);

            write(h, Mch.PCIEXBAR, 4, 0xe000_0007L);

            assertEquals(0xe000_0007L, read(h, Mch.PCIEXBAR, 4) & 0xffff_ffffL);
            assertEquals(ECAM, hostProperty(h, "MCFG"));
            assertEquals(ID & 0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4));
        }
    }

    @Test
    void pamSwitchesTheBiosSegmentBetweenRomAndShadowRam() throws IOException {
        Path file = Q35TestBoard.bios(dir, 128);
        byte[] image = Files.readAllBytes(file);
        int romByte = image[image.length - 0x10000] & 0xff;
        try (MachineHarness h = Q35TestBoard.harness().option("firmware", file.toString()).build()) {
            assertEquals(romByte, h.memory().read(0xf0000, 1), "reset: PCI, the BIOS ROM shows");
            assertEquals(image[image.length - 16] & 0xff, h.memory().read(0xffff_fff0L, 1), "and at the top of 4 GiB");
            h.memory().write(0xf0000, 1, 0xab);
            assertEquals(romByte, h.memory().read(0xf0000, 1), "the ROM ignores writes");

            write(h, Mch.PAM0, 1, 0x30);
            h.memory().write(0xf0000, 1, 0xab);
            assertEquals(0xab, h.memory().read(0xf0000, 1), "read/write shadow RAM");

            write(h, Mch.PAM0, 1, 0x10);
            h.memory().write(0xf0000, 1, 0xcd);
            assertEquals(0xab, h.memory().read(0xf0000, 1), "read-only shadow RAM ignores writes");

            write(h, Mch.PAM0, 1, 0x00);
            assertEquals(romByte, h.memory().read(0xf0000, 1), "back to the ROM");
        }
    }

    @Test
    void theExpansionSegmentsFollowPam1ToPam6() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            write(h, Mch.PAM0 + 1, 1, 0x03);
            h.memory().write(0xc0000, 1, 0x11);
            h.memory().write(0xc4000, 1, 0x22);

            assertEquals(0x11, h.memory().read(0xc0000, 1), "PAM1 low nibble: RAM");
            assertEquals(0, h.memory().read(0xc4000, 1), "PAM1 high nibble: the empty option ROM area");

            write(h, Mch.PAM0 + 4, 4, 0x3333_3333L);
            h.memory().write(0xe8000, 1, 0x44);
            assertEquals(0x44, h.memory().read(0xe8000, 1), "a dword write programs PAM4..PAM6 (and 0x97)");
        }
    }

    /** A stand-in for VGA's legacy window: 128 KiB of RAM at 0xA0000 of PCI memory, as vga-lowmem maps itself. */
    private static void vgaWindow(MachineHarness h) {
        MemoryRegion vga = h.machine().adopt(MemoryRegion.ram("test-vga", 0x20000));
        h.machine().findBus("pcie.0").memorySpace().addSubregionOverlap(0xa0000, vga, 1);
    }

    @Test
    void smramOpenShowsTheRamBehindTheVgaWindowOrHighWithHSmrame() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            vgaWindow(h);
            assertEquals(0x02, read(h, Mch.SMRAM, 1));
            assertEquals(0x38, read(h, Mch.ESMRAMC, 1));
            h.memory().write(0xa0000, 1, 0x5a);
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "closed: the write went to VGA");

            write(h, Mch.SMRAM, 1, 0x4a);
            assertEquals(0, h.memory().read(0xa0000, 1), "open: the RAM below shows");
            h.memory().write(0xa0000, 1, 0x77);

            write(h, Mch.ESMRAMC, 1, Mch.ESMRAMC_H_SMRAME);
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "open with H_SMRAME: VGA low...");
            assertEquals(0x77, h.memory().read(Mch.SMRAM_HIGH_BASE, 1), "...and the RAM at 0xFEDA0000");

            write(h, Mch.SMRAM, 1, 0x0a);
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "closed again: VGA");
            assertEquals(0xff, h.memory().read(Mch.SMRAM_HIGH_BASE, 1), "and nothing high");
            write(h, Mch.SMRAM, 1, 0xef);
            assertEquals(0x6a, read(h, Mch.SMRAM, 1), "bit 7 reserved, C_BASE_SEG fixed at 010b");
        }
    }

    @Test
    void theSmramLockClosesTheWindowFreezesEsmramcAndHoldsUntilReset() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            vgaWindow(h);
            h.memory().write(0xa0000, 1, 0x5a);
            write(h, Mch.SMRAM, 1, 0x4a);
            write(h, Mch.SMRAM, 1, 0x5a);

            assertEquals(0x1a, read(h, Mch.SMRAM, 1), "locking clears D_OPEN");
            assertEquals(0x5a, h.memory().read(0xa0000, 1), "VGA again");
            write(h, Mch.SMRAM, 1, 0x42);
            assertEquals(0x1a, read(h, Mch.SMRAM, 1), "locked: cannot reopen, unlock or clear G_SMRAME");
            write(h, Mch.SMRAM, 1, 0x3a);
            assertEquals(0x3a, read(h, Mch.SMRAM, 1), "D_CLS stays writable");
            write(h, Mch.ESMRAMC, 1, 0x81);
            assertEquals(0x38, read(h, Mch.ESMRAMC, 1), "ESMRAMC is read-only");

            Reset.reset(h.machine(), ResetType.COLD);

            assertEquals(0x02, read(h, Mch.SMRAM, 1), "reset: SMRAM's reset value, unlocked");
            write(h, Mch.SMRAM, 1, 0x4a);
            assertEquals(0x4a, read(h, Mch.SMRAM, 1));
        }
    }

    @Test
    void anEnabledTsegIsABlackHoleAtTheTopOfLowRam() {
        try (MachineHarness h = Q35TestBoard.harness().ram(64 * MIB).build()) {
            long top = 64 * MIB;
            h.memory().write(top - MIB, 4, 0x1234_5678);
            h.memory().write(top - MIB - 4, 4, 0x0bad_f00dL);

            write(h, Mch.ESMRAMC, 1, Mch.ESMRAMC_T_EN);
            assertEquals(0x1234_5678L, h.memory().read(top - MIB, 4), "T_EN without G_SMRAME: no TSEG");

            write(h, Mch.SMRAM, 1, Mch.SMRAM_DEFAULT | Mch.SMRAM_G_SMRAME);
            assertEquals(0xffff_ffffL, h.memory().read(top - MIB, 4), "1 MiB TSEG: reads all-ones");
            assertEquals(0xffL, h.memory().read(top - 1, 1));
            h.memory().write(top - MIB, 4, 0);
            assertEquals(0x0bad_f00dL, h.memory().read(top - MIB - 4, 4), "below TSEG: RAM");

            write(h, Mch.ESMRAMC, 1, Mch.ESMRAMC_TSEG_SZ_8MB | Mch.ESMRAMC_T_EN);
            assertEquals(0xffff_ffffL, h.memory().read(top - 8 * MIB, 4), "8 MiB");
            write(h, Mch.ESMRAMC, 1, Mch.ESMRAMC_TSEG_SZ_MASK | Mch.ESMRAMC_T_EN);
            assertEquals(0xffff_ffffL, h.memory().read(top - 16 * MIB, 4), "TSEG_SZ 3: extended-tseg-mbytes, 16 MiB");
            assertEquals(0L, h.memory().read(top - 16 * MIB - 4, 4));

            write(h, Mch.ESMRAMC, 1, 0);
            assertEquals(0x1234_5678L, h.memory().read(top - MIB, 4), "disabled: the RAM and its contents are back");
        }
    }

    @Test
    void theExtendedTsegQueryReadsTheSizeInMib() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            assertEquals(16, read(h, Mch.EXT_TSEG_MBYTES, 2), "QEMU's reset sets the query and answers it at once");
            write(h, Mch.EXT_TSEG_MBYTES, 2, 0);
            assertEquals(0, read(h, Mch.EXT_TSEG_MBYTES, 2), "plain storage otherwise");
            write(h, Mch.EXT_TSEG_MBYTES, 2, 0xffff);
            assertEquals(16, read(h, Mch.EXT_TSEG_MBYTES, 2));
        }
        try (MachineHarness h = Q35TestBoard.harness(DeviceSpec.of("m2", Mch.TYPE).on(PcQ35Machine.PCI)
                .with("addr", "01.0").with("extended-tseg-mbytes", 0)).build()) {
            assertEquals(0, configRead(h, PciConfig.devfn(1, 0), Mch.EXT_TSEG_MBYTES, 2), "0: no extended TSEG");
            configWrite(h, PciConfig.devfn(1, 0), Mch.EXT_TSEG_MBYTES, 2, 0xffff);
            assertEquals(0xffff, configRead(h, PciConfig.devfn(1, 0), Mch.EXT_TSEG_MBYTES, 2));
        }
    }

    @Test
    void smbaseSmramIsNegotiatedThenLockedIntoABlackHole() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            h.memory().write(0x30000, 4, 0x5555_aaaaL);
            write(h, Mch.F_SMBASE, 1, Mch.F_SMBASE_LCK);
            assertEquals(0, read(h, Mch.F_SMBASE, 1), "before the query, writes are discarded");

            write(h, Mch.F_SMBASE, 1, 0xff);
            assertEquals(Mch.F_SMBASE_IN_RAM, read(h, Mch.F_SMBASE, 1), "the query answers: available");
            assertEquals(0x5555_aaaaL, h.memory().read(0x30000, 4));

            write(h, Mch.F_SMBASE, 1, Mch.F_SMBASE_LCK);
            assertEquals(Mch.F_SMBASE_LCK, read(h, Mch.F_SMBASE, 1));
            assertEquals(0xffff_ffffL, h.memory().read(0x30000, 4), "locked: 0x30000-0x4FFFF is a black hole");
            assertEquals(0xffff_ffffL, h.memory().read(0x4fffc, 4));
            write(h, Mch.F_SMBASE, 1, 0);
            assertEquals(Mch.F_SMBASE_LCK, read(h, Mch.F_SMBASE, 1), "the lock holds");

            Reset.reset(h.machine(), ResetType.COLD);
            assertEquals(0, read(h, Mch.F_SMBASE, 1));
            assertEquals(0x5555_aaaaL, h.memory().read(0x30000, 4));
        }
    }

    @Test
    void pciMemoryShowsInTheHoleTheHostReports() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            long start = (Long) hostProperty(h, "pci-hole-start");
            PciBus bus = (PciBus) h.resolve(Q35TestBoard.HOST + "/pcie.0");
            bus.memorySpace().addSubregion(start, h.machine().adopt(MemoryRegion.ram("test-bar", 4096)));
            h.memory().write(start, 4, 0x1234_5678);
            h.memory().write(start - 4, 4, 0xabcd);

            assertEquals(16 * MIB, start, "the end of low RAM");
            assertEquals(0xfec0_0000L, hostProperty(h, "pci-hole-end"));
            assertEquals(0x1234_5678L, h.memory().read(start, 4), "PCI memory from the start of the hole");
            assertEquals(0xabcdL, h.memory().read(start - 4, 4), "RAM below it");
            assertEquals(16 * MIB, hostProperty(h, "below-4g-mem-size"));
            assertEquals(0L, hostProperty(h, "above-4g-mem-size"));
            assertEquals(1L << 32, hostProperty(h, "pci-hole64-start"), "after RAM above 4 GiB, gigabyte aligned");
            assertEquals(0x9_0000_0000L, hostProperty(h, "pci-hole64-end"), "plus q35's 32 GiB default hole size");
            assertEquals(0L, hostProperty(h, "mcfg_size"), "never mapped");
        }
    }

    @Test
    void resetRestoresQemusValuesButKeepsPam() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            programPciexbar(h, ECAM | 1);
            write(h, Mch.PAM0, 1, 0x30);
            write(h, Mch.ESMRAMC, 1, 0x87);
            write(h, Mch.EXT_TSEG_MBYTES, 2, 0x1234);
            write(h, PciConfig.COMMAND, 2, 0x0006);

            Reset.reset(h.machine(), ResetType.COLD);

            assertEquals(0xb000_0000, read(h, Mch.PCIEXBAR, 4));
            assertEquals(0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4), "MMCONFIG off again");
            assertEquals(0x38, read(h, Mch.ESMRAMC, 1));
            assertEquals(16, read(h, Mch.EXT_TSEG_MBYTES, 2), "the query, answered");
            assertEquals(0x30, read(h, Mch.PAM0, 1), "PAM keeps its value, as in QEMU");
            assertEquals(0, read(h, PciConfig.COMMAND, 2), "the PCI header is reset");
        }
    }

    @Test
    void savedStateRestoresTheWindowsAndTheLock() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            Mch mch = (Mch) h.resolve(Q35TestBoard.MCH);
            Q35PciHost host = (Q35PciHost) h.resolve(Q35TestBoard.HOST);
            programPciexbar(h, 0xe000_0001L);
            write(h, Mch.PAM0, 1, 0x30);
            h.memory().write(0xf0000, 1, 0x77);
            write(h, Mch.SMRAM, 1, 0x1a);
            Mch.State saved = mch.state();
            Q35PciHost.State savedHost = host.state();
            Reset.reset(h.machine(), ResetType.COLD);
            write(h, Mch.PAM0, 1, 0x00);

            mch.restore(saved);
            host.restore(savedHost);

            assertEquals(ID & 0xffff_ffffL, ecamRead(h, 0xe000_0000L, MCH, 0, 4));
            assertEquals(0x77, h.memory().read(0xf0000, 1));
            write(h, Mch.SMRAM, 1, 0x4a);
            assertEquals(0x1a, read(h, Mch.SMRAM, 1), "still locked");
            assertEquals(0x8000_0000L | (Mch.SMRAM & 0xfc), h.io().read(0xcf8, 4) & 0xffff_ffffL, "CONFIG_ADDRESS");
        }
    }

    @Test
    void badPropertiesAndAMissingRamFailTheRealize() {
        QomException tooBig = assertThrows(QomException.class, () -> Q35TestBoard.harness(DeviceSpec.of("m2", Mch.TYPE)
                .on(PcQ35Machine.PCI).with("addr", "01.0").with("extended-tseg-mbytes", 4096)).build());
        assertTrue(tooBig.getMessage().contains("invalid extended-tseg-mbytes value: 4096"), tooBig.getMessage());

        QomException noRam = assertThrows(QomException.class, () -> Q35TestBoard.harness(BoardDefinition.builder()
                .device(DeviceSpec.of("h", Q35PciHost.TYPE).on(PcQ35Machine.SYSBUS)).build()).build());
        assertTrue(noRam.getMessage().contains("needs the machine's RAM"), noRam.getMessage());
    }

    @Test
    void badProgrammingNeitherThrowsNorBreaksTheBridge() {
        try (MachineHarness h = Q35TestBoard.harness().build()) {
            write(h, 0, 4, 0xffff_ffffL);
            write(h, PciConfig.REVISION_ID, 4, 0xffff_ffffL);
            write(h, 0xfc, 4, 0xffff_ffffL);
            write(h, Mch.PAM0 + 6, 2, 0xffff);
            write(h, Mch.TOLUD, 2, 0xffff);
            h.io().write(0xcf8, 4, 0x8000_0000L | Mch.PCIEXBAR);
            h.io().write(0xcfd, 2, 0x3333);
            h.io().write(0xcfc, 8, -1L);
            h.io().read(0xcfe, 4);
            programPciexbar(h, 0xffff_ffff_ffff_ffffL);
            programPciexbar(h, 0xffff_ffff_ffff_fffbL);
            programPciexbar(h, ECAM | 1);
            h.memory().read(ECAM + 1, 4);
            h.memory().write(ECAM + 3, 2, 0xffff);
            h.memory().read(ECAM + 0x0fff_fff8L, 8);
            write(h, Mch.SMRAM, 2, 0xffff);
            write(h, Mch.ESMRAMC, 1, 0xff);

            assertEquals(ID, read(h, 0, 4));
            assertEquals(0x0600_0000, read(h, PciConfig.REVISION_ID, 4));
            assertEquals(ID & 0xffff_ffffL, ecamRead(h, ECAM, MCH, 0, 4));
            assertEquals(0xffffL, read(h, Mch.TOLUD, 2) & 0xffffL, "TOLUD is plain storage, as in QEMU");
        }
    }
}
