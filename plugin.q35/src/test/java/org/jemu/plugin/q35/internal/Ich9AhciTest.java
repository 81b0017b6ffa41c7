package org.jemu.plugin.q35.internal;

import static org.jemu.plugin.q35.internal.Ich9AhciTestBoard.configRead;
import static org.jemu.plugin.q35.internal.Ich9AhciTestBoard.configWrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.junit.jupiter.api.Test;

/** "ich9-ahci" at 1f.2 on a test PCI Express bus, with no drives: configuration, HBA and port registers, INTx. */
class Ich9AhciTest {

    static final int AHCI = PciConfig.devfn(0x1f, 2);
    /** Where SeaBIOS maps the BARs on QEMU's q35. */
    static final int IDP = 0xc040;
    static final long ABAR = 0xfebf_1000L;
    static final int BAR4 = PciConfig.BASE_ADDRESS_0 + 16;
    static final int BAR5 = PciConfig.BASE_ADDRESS_0 + 20;

    static final int CAP = 0x00;
    static final int GHC = 0x04;
    static final int IS = 0x08;
    static final int PI = 0x0c;
    static final int VS = 0x10;

    static final int PX_CLB = 0x00;
    static final int PX_FB = 0x08;
    static final int PX_FBU = 0x0c;
    static final int PX_IS = 0x10;
    static final int PX_IE = 0x14;
    static final int PX_CMD = 0x18;
    static final int PX_TFD = 0x20;
    static final int PX_SIG = 0x24;
    static final int PX_SSTS = 0x28;
    static final int PX_SCTL = 0x2c;
    static final int PX_SERR = 0x30;
    static final int PX_SACT = 0x34;
    static final int PX_CI = 0x38;

    static final int ST = 0x1;
    static final int SUD_POD = 0x6;
    static final int FRE = 0x10;
    static final int FR = 0x4000;
    static final int CR = 0x8000;

    /** The board with the controller at 1f.2, after a cold reset, BARs mapped, I/O and memory decoding on. */
    private static final class Rig implements AutoCloseable {
        final MachineHarness h = Ich9AhciTestBoard.harness(
                Ich9AhciTestBoard.pci("ahci", Ich9Ahci.TYPE, "1f.2").with("multifunction", "on")).build();
        final Ich9Ahci ahci = (Ich9Ahci) h.resolve("/machine/ahci");

        Rig() {
            Reset.reset(h.machine(), ResetType.COLD);
            mapBars();
        }

        void mapBars() {
            configWrite(h, AHCI, BAR4, 4, IDP);
            configWrite(h, AHCI, BAR5, 4, ABAR);
            configWrite(h, AHCI, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_MEMORY | PciConfig.COMMAND_MASTER);
        }

        int hba(int offset) {
            return (int) h.memory().read(ABAR + offset, 4);
        }

        void hba(int offset, int value) {
            h.memory().write(ABAR + offset, 4, value & 0xffff_ffffL);
        }

        int port(int n, int reg) {
            return hba(0x100 + n * 0x80 + reg);
        }

        void port(int n, int reg, int value) {
            hba(0x100 + n * 0x80 + reg, value);
        }

        boolean intx() {
            return Ich9AhciTestBoard.host(h).line(0);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void configurationSpaceShowsTheIch9AhciFunction() {
        try (Rig r = new Rig()) {
            assertEquals(0x2922_8086, configRead(r.h, AHCI, 0, 4));
            assertEquals(0x0106_0102, configRead(r.h, AHCI, PciConfig.REVISION_ID, 4), "SATA, AHCI 1.0, revision 2");
            assertEquals(0x1100_1af4, configRead(r.h, AHCI, PciConfig.SUBSYSTEM_VENDOR_ID, 4));
            assertEquals(0x80, configRead(r.h, AHCI, PciConfig.HEADER_TYPE, 1), "multifunction");
            assertEquals(1, configRead(r.h, AHCI, PciConfig.INTERRUPT_PIN, 1), "INTA#");
            assertEquals(0, configRead(r.h, AHCI, PciConfig.CACHE_LINE_SIZE, 1), "QEMU's 0x08 is cleared by the bus reset");
            assertEquals(PciConfig.STATUS_CAP_LIST, configRead(r.h, AHCI, PciConfig.STATUS, 2));
            assertEquals(0x40, configRead(r.h, AHCI, 0x90, 1), "address map: AHCI mode");
            for (int bar = 0; bar < 4; bar++) {
                assertEquals(0, configRead(r.h, AHCI, PciConfig.BASE_ADDRESS_0 + 4 * bar, 4), "BAR" + bar);
            }
        }
    }

    @Test
    void theSataCapabilityIsTheOnlyOneAndPointsAtTheIndexDataPair() {
        try (Rig r = new Rig()) {
            assertEquals(0xa8, configRead(r.h, AHCI, PciConfig.CAPABILITY_LIST, 1));
            assertEquals(0x0010_0012, configRead(r.h, AHCI, 0xa8, 4), "ID 0x12, no next capability, revision 1.0");
            assertEquals(0x48, configRead(r.h, AHCI, 0xac, 4), "BAR4, offset 0x10");
            assertEquals(0, r.ahci.findCapability(0x05), "no MSI capability: INTx only");

            configWrite(r.h, AHCI, 0xa8, 4, 0xffff_ffffL);
            configWrite(r.h, AHCI, 0xac, 4, 0);
            assertEquals(0x0010_0012, configRead(r.h, AHCI, 0xa8, 4), "read-only");
            assertEquals(0x48, configRead(r.h, AHCI, 0xac, 4));
        }
    }

    @Test
    void barsSizeAsIndexDataIoAnd4KibMemory() {
        try (Rig r = new Rig()) {
            assertEquals(IDP | PciConfig.BAR_SPACE_IO, configRead(r.h, AHCI, BAR4, 4));
            assertEquals((int) ABAR, configRead(r.h, AHCI, BAR5, 4));

            configWrite(r.h, AHCI, BAR4, 4, 0xffff_ffffL);
            configWrite(r.h, AHCI, BAR5, 4, 0xffff_ffffL);
            assertEquals(0xffff_ffe1, configRead(r.h, AHCI, BAR4, 4), "32 bytes of I/O");
            assertEquals(0xffff_f000, configRead(r.h, AHCI, BAR5, 4), "4 KiB, 32-bit, non-prefetchable");
            assertEquals(32, r.ahci.barSize(4));
            assertEquals(0x1000, r.ahci.barSize(5));
        }
    }

    @Test
    void hbaRegistersReportSixPortsAhciOnly() {
        try (Rig r = new Rig()) {
            assertEquals(0xc014_1f05, r.hba(CAP), "S64A, SNCQ, SAM, Gen1, 32 slots, 6 ports");
            assertEquals(0x8000_0000, r.hba(GHC), "AE");
            assertEquals(0, r.hba(IS));
            assertEquals(0x3f, r.hba(PI));
            assertEquals(0x0001_0000, r.hba(VS), "AHCI 1.0");
            for (int reg = 0x14; reg < 0x100; reg += 4) assertEquals(0, r.hba(reg), "offset 0x" + Integer.toHexString(reg));

            r.hba(CAP, 0);
            r.hba(PI, 0);
            r.hba(VS, 0);
            assertEquals(0xc014_1f05, r.hba(CAP), "read-only");
            assertEquals(0x3f, r.hba(PI));
            assertEquals(0x0001_0000, r.hba(VS));
        }
    }

    @Test
    void ghcKeepsAhciEnableAndTakesInterruptEnable() {
        try (Rig r = new Rig()) {
            r.hba(GHC, 0);
            assertEquals(0x8000_0000, r.hba(GHC), "AE cannot be cleared (CAP.SAM)");
            r.hba(GHC, 0xffff_fffe);
            assertEquals(0x8000_0002, r.hba(GHC), "only IE is writable");
            r.hba(GHC, 0);
            assertEquals(0x8000_0000, r.hba(GHC));
        }
    }

    @Test
    void emptyPortsShowNoDevice() {
        try (Rig r = new Rig()) {
            for (int n = 0; n < 6; n++) {
                assertEquals(0, r.port(n, PX_SSTS), "port " + n + ": no device, no PHY");
                assertEquals(0xffff_ffff, r.port(n, PX_SIG));
                assertEquals(0x7f, r.port(n, PX_TFD));
                assertEquals(SUD_POD, r.port(n, PX_CMD));
                assertEquals(0, r.port(n, PX_CI));
                assertEquals(0, r.port(n, PX_IS));
            }
            r.port(0, PX_SSTS, 0x123);
            r.port(0, PX_TFD, 0);
            r.port(0, PX_SIG, 0x101);
            assertEquals(0, r.port(0, PX_SSTS), "read-only");
            assertEquals(0x7f, r.port(0, PX_TFD));
            assertEquals(0xffff_ffff, r.port(0, PX_SIG));
            assertEquals(0, r.hba(0x100 + 6 * 0x80), "no seventh port");
        }
    }

    @Test
    void commandListRunningFollowsStartAndFisRunningFollowsFisReceiveEnable() {
        try (Rig r = new Rig()) {
            r.port(2, PX_CMD, SUD_POD | ST);
            assertEquals(SUD_POD | ST | CR, r.port(2, PX_CMD));
            r.port(2, PX_CMD, SUD_POD);
            assertEquals(SUD_POD, r.port(2, PX_CMD), "stopping clears CR");

            r.port(2, PX_CMD, SUD_POD | FRE);
            assertEquals(SUD_POD | FRE | FR, r.port(2, PX_CMD));
            r.port(2, PX_CMD, SUD_POD);
            assertEquals(SUD_POD, r.port(2, PX_CMD), "FR follows FRE off");

            r.port(2, PX_CMD, 0xf000_0000 | CR | FR);
            assertEquals(0, r.port(2, PX_CMD), "ICC reads 0; CR and FR are not writable");
            assertEquals(SUD_POD, r.port(3, PX_CMD), "other ports untouched");
        }
    }

    @Test
    void enablingFisReceivePostsQemusInitialD2hFisOncePerPortReset() {
        try (Rig r = new Rig()) {
            r.port(1, PX_FB, 0x10000);
            r.port(1, PX_FBU, 0);
            r.port(1, PX_CMD, SUD_POD | FRE);

            byte[] fis = new byte[20];
            r.h.memory().read(0x10040, fis, 0, fis.length);
            assertArrayEquals(new byte[] {0x34, 0x40, 0x50, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xa0, 0, 0, 0, 0, 1, 0, 0,
                    0, 0, 0, 0, 0}, fis);
            assertEquals(0x50, r.port(1, PX_TFD));
            assertEquals(0xffff_0101, r.port(1, PX_SIG));
            assertEquals(1, r.port(1, PX_IS), "DHRS");
            assertEquals(0, r.port(1, PX_SSTS), "still no device");

            r.port(1, PX_IS, 1);
            r.port(1, PX_CMD, SUD_POD);
            r.port(1, PX_CMD, SUD_POD | FRE);
            assertEquals(0, r.port(1, PX_IS), "sent once");

            r.port(1, PX_SCTL, 0x301);
            r.port(1, PX_SCTL, 0x300);
            assertEquals(0x7f, r.port(1, PX_TFD), "COMRESET: no device again");
            assertEquals(0xffff_ffff, r.port(1, PX_SIG));
            assertEquals(0x300, r.port(1, PX_SCTL));
            r.port(1, PX_CMD, SUD_POD | FRE);
            assertEquals(1, r.port(1, PX_IS), "posted again after the port reset");
        }
    }

    @Test
    void withoutBusMasteringTheFisIsDroppedButTheRegistersChangeAsInQemu() {
        try (Rig r = new Rig()) {
            configWrite(r.h, AHCI, PciConfig.COMMAND, 2, PciConfig.COMMAND_MEMORY);
            r.port(0, PX_FB, 0x20000);
            r.port(0, PX_CMD, FRE);
            assertEquals(0, r.h.memory().read(0x20040, 4), "nothing written");
            assertEquals(0x50, r.port(0, PX_TFD));
            assertEquals(1, r.port(0, PX_IS));
        }
    }

    @Test
    void interruptFollowsInterruptEnableAndPortStatus() {
        try (Rig r = new Rig()) {
            r.port(4, PX_IE, 0xffff_ffff);
            assertEquals(0xfdc0_00ff, r.port(4, PX_IE), "implemented enable bits");
            r.port(4, PX_FB, 0x30000);
            r.port(4, PX_CMD, FRE);
            assertEquals(1 << 4, r.hba(IS), "port 4 pending");
            assertFalse(r.intx(), "GHC.IE clear");

            r.hba(GHC, 2);
            assertTrue(r.intx());
            assertTrue(r.ahci.intxAsserted(0));
            r.hba(GHC, 0);
            assertFalse(r.intx());
            r.hba(GHC, 2);
            assertTrue(r.intx());

            r.hba(IS, 1 << 4);
            assertEquals(1 << 4, r.hba(IS), "still pending in PxIS: IS is recomputed, as in QEMU");
            assertTrue(r.intx());
            r.port(4, PX_IE, 0);
            assertEquals(0, r.hba(IS), "masked");
            assertFalse(r.intx());
            r.port(4, PX_IE, 1);
            assertTrue(r.intx());
            r.port(4, PX_IS, 1);
            assertEquals(0, r.port(4, PX_IS), "PxIS is write-1-to-clear");
            assertEquals(0, r.hba(IS));
            assertFalse(r.intx());
        }
    }

    @Test
    void hbaResetClearsGhcAndEveryPortAndReadsBackZero() {
        try (Rig r = new Rig()) {
            r.hba(GHC, 2);
            r.port(5, PX_CLB, 0x4000);
            r.port(5, PX_FB, 0x5000);
            r.port(5, PX_IE, 1);
            r.port(5, PX_SCTL, 0x300);
            r.port(5, PX_CMD, ST | FRE);
            r.port(5, PX_CI, 1);
            assertTrue(r.intx());

            r.hba(GHC, 3);
            assertEquals(0x8000_0000, r.hba(GHC), "HR self-clears, IE cleared");
            assertEquals(0, r.hba(IS));
            assertFalse(r.intx());
            assertEquals(0, r.port(5, PX_IS));
            assertEquals(0, r.port(5, PX_IE));
            assertEquals(0, r.port(5, PX_SCTL));
            assertEquals(SUD_POD, r.port(5, PX_CMD), "engines stopped");
            assertEquals(0x7f, r.port(5, PX_TFD));
            assertEquals(0xffff_ffff, r.port(5, PX_SIG));
            assertEquals(0x4000, r.port(5, PX_CLB), "QEMU keeps the list and FIS addresses and PxCI");
            assertEquals(0x5000, r.port(5, PX_FB));
            assertEquals(1, r.port(5, PX_CI));
        }
    }

    @Test
    void writeOneToClearAndWriteOneToSetRegisters() {
        try (Rig r = new Rig()) {
            Ich9Ahci.State s = r.ahci.state();
            List<AhciPort.State> ports = new ArrayList<>(s.ports());
            AhciPort.State p = ports.get(3);
            ports.set(3, new AhciPort.State(p.clb(), p.clbu(), p.fb(), p.fbu(), 0x0000_0003, p.ie(), p.cmd(), p.tfd(),
                    p.sig(), p.sctl(), 0x0401_0f00, p.sact(), p.ci(), p.initialFisSent()));
            r.ahci.restore(new Ich9Ahci.State(s.pci(), s.ghc(), s.is(), s.idpIndex(), ports));

            r.port(3, PX_SERR, 0x0400_0100);
            assertEquals(0x0001_0e00, r.port(3, PX_SERR));
            r.port(3, PX_IS, 0x2);
            assertEquals(0x1, r.port(3, PX_IS));

            r.port(3, PX_SACT, 0x3);
            r.port(3, PX_SACT, 0x4);
            r.port(3, PX_SACT, 0);
            assertEquals(0x7, r.port(3, PX_SACT), "PxSACT bits are set by writing 1");
        }
    }

    @Test
    void commandsIssuedToAnEmptyPortAreNeverProcessed() {
        try (Rig r = new Rig()) {
            r.port(0, PX_IE, 0xffff_ffff);
            r.hba(GHC, 2);
            r.port(0, PX_CLB, 0x8000);
            r.port(0, PX_CI, 0x1);
            r.port(0, PX_CMD, SUD_POD | ST);
            r.port(0, PX_CI, 0x8000_0002);
            assertEquals(0x8000_0003, r.port(0, PX_CI), "issued slots stay issued");
            assertEquals(0, r.port(0, PX_IS), "no completion, no error");
            assertFalse(r.intx());
            r.port(0, PX_CI, 0);
            assertEquals(0x8000_0003, r.port(0, PX_CI), "writing 0 clears nothing");
        }
    }

    @Test
    void indexDataPairReachesTheHbaRegisters() {
        try (Rig r = new Rig()) {
            r.h.io().write(IDP + 0x10, 4, 0x1234_5677L);
            assertEquals(0x674, r.h.io().read(IDP + 0x10, 4), "dword offset within the ABAR");

            r.h.io().write(IDP + 0x10, 4, CAP);
            assertEquals(0xc014_1f05L, r.h.io().read(IDP + 0x14, 4));
            assertEquals(0x05, r.h.io().read(IDP + 0x14, 1));
            r.h.io().write(IDP + 0x10, 4, GHC);
            r.h.io().write(IDP + 0x14, 4, 2);
            assertEquals(0x8000_0002, r.hba(GHC), "a data write reaches the register");
            r.h.io().write(IDP + 0x10, 4, 0x100 + PX_CLB);
            r.h.io().write(IDP + 0x14, 4, 0xabcd_e000L);
            assertEquals(0xabcd_e000, r.port(0, PX_CLB));

            assertEquals(0, r.h.io().read(IDP, 4), "other offsets read 0");
            assertEquals(0, r.h.io().read(IDP + 4, 4));
            assertEquals(0, r.h.io().read(IDP + 0x18, 4));
            r.h.io().write(IDP, 4, 0xffff_ffffL);
            r.h.io().write(IDP + 0x1c, 4, 0xffff_ffffL);
            assertEquals(0x100, r.h.io().read(IDP + 0x10, 4), "and ignore writes");
            assertEquals(0xabcd_e000, r.port(0, PX_CLB));
        }
    }

    @Test
    void smallerAndWiderAbarAccessesBehaveAsQemus() {
        try (Rig r = new Rig()) {
            assertEquals(0x1f, r.h.memory().read(ABAR + 1, 1), "byte of CAP");
            assertEquals(0xc014, r.h.memory().read(ABAR + 2, 2));
            assertEquals(0x8000_0000_c014_1f05L, r.h.memory().read(ABAR, 8), "CAP and GHC");

            r.h.memory().write(ABAR + GHC, 1, 0x02);
            assertEquals(0x8000_0002, r.hba(GHC), "a byte write at a dword is the register's value");
            r.h.memory().write(ABAR + GHC + 1, 1, 0x00);
            assertEquals(0x8000_0002, r.hba(GHC), "mis-aligned writes are dropped");
            r.h.memory().write(ABAR + 0x100 + PX_CLB, 8, 0x0000_0001_0000_4000L);
            assertEquals(0x4000, r.port(0, PX_CLB), "an 8-byte write fills two registers");
            assertEquals(1, r.port(0, 0x04), "PxCLBU");
        }
    }

    @Test
    void badAccessesNeverThrowAndTheControllerKeepsWorking() {
        try (Rig r = new Rig()) {
            Random rnd = new Random(11);
            for (int i = 0; i < 20_000; i++) {
                int size = 1 << rnd.nextInt(4);
                boolean io = rnd.nextInt(4) == 0;
                long addr = io ? IDP + rnd.nextInt(32) : ABAR + rnd.nextInt(0x1000);
                long value = rnd.nextLong();
                if (rnd.nextBoolean()) {
                    if (io) r.h.io().write(addr, Math.min(size, 4), value);
                    else r.h.memory().write(addr, size, value);
                } else if (io) {
                    r.h.io().read(addr, Math.min(size, 4));
                } else {
                    r.h.memory().read(addr, size);
                }
            }
            assertEquals(0xffff_ffffL, r.h.memory().read(ABAR + 2, 4), "an unaligned access is refused (all-ones)");
            assertEquals(0, r.h.memory().read(ABAR + 0xffc, 4), "past the last port");

            r.hba(GHC, 1);
            assertEquals(0xc014_1f05, r.hba(CAP));
            assertEquals(0x8000_0000, r.hba(GHC));
            assertEquals(0x7f, r.port(0, PX_TFD));
        }
    }

    @Test
    void resetReturnsToPowerOn() {
        try (Rig r = new Rig()) {
            r.hba(GHC, 2);
            r.port(3, PX_CLB, 0x1000);
            r.port(3, PX_FB, 0x2000);
            r.port(3, PX_IE, 1);
            r.port(3, PX_CMD, ST | FRE);
            r.port(3, PX_CI, 4);
            r.h.io().write(IDP + 0x10, 4, 0x24);
            assertTrue(r.intx());

            Reset.reset(r.h.machine(), ResetType.COLD);
            assertFalse(r.intx());
            assertEquals(1, configRead(r.h, AHCI, BAR4, 4), "BARs unprogrammed");
            assertEquals(0, configRead(r.h, AHCI, BAR5, 4));
            r.mapBars();
            assertEquals(0x8000_0000, r.hba(GHC));
            assertEquals(0, r.port(3, PX_CLB));
            assertEquals(0, r.port(3, PX_FB));
            assertEquals(0, r.port(3, PX_CI));
            assertEquals(0, r.port(3, PX_IS));
            assertEquals(SUD_POD, r.port(3, PX_CMD));
            assertEquals(0, r.h.io().read(IDP + 0x10, 4));
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig()) {
            r.hba(GHC, 2);
            r.port(2, PX_IE, 1);
            r.port(2, PX_FB, 0x6000);
            r.port(2, PX_CMD, FRE | ST);
            r.port(2, PX_SCTL, 0x301);
            r.h.io().write(IDP + 0x10, 4, 0x1a8);
            Ich9Ahci.State saved = r.ahci.state();
            assertTrue(r.intx());

            Reset.reset(r.h.machine(), ResetType.COLD);
            r.ahci.restore(saved);
            assertEquals(saved, r.ahci.state());
            assertTrue(r.intx(), "the interrupt comes back with the state");
            assertEquals(FRE | ST | FR | CR, r.port(2, PX_CMD), "the restored BARs map the registers again");
            assertEquals(0x1a8, r.h.io().read(IDP + 0x10, 4));
            r.port(2, PX_SCTL, 0x300);
            assertEquals(0x7f, r.port(2, PX_TFD), "the restored SCTL.DET=1 makes 1 -> 0 a COMRESET");
        }
    }
}
