package org.jemu.plugin.i440fx.internal;

import static org.jemu.plugin.i440fx.internal.Chipset.configRead;
import static org.jemu.plugin.i440fx.internal.Chipset.configWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.junit.jupiter.api.Test;

/** "piix3-ide" at 01.1 on the chipset board, with no drives: configuration, legacy ports, bus-master registers. */
class Piix3IdeTest {

    static final int IDE = PciConfig.devfn(1, 1);
    static final int BMDMA = 0xc000;

    /** The chipset with the IDE function, after a cold reset, its interrupt outputs recorded. */
    private static final class Rig implements AutoCloseable {
        final MachineHarness h = Chipset.harness(Chipset.pci("ide", Piix3Ide.TYPE, "01.1")).build();
        final Piix3Ide ide = (Piix3Ide) h.resolve("/machine/ide");
        final Chipset.Lines irq = new Chipset.Lines(2);

        Rig() {
            Reset.reset(h.machine(), ResetType.COLD);
            ide.connectGpioOut("isa-irq", 0, irq.line(0));
            ide.connectGpioOut("isa-irq", 1, irq.line(1));
        }

        int in(int port) {
            return (int) h.io().read(port, 1);
        }

        void out(int port, int value) {
            h.io().write(port, 1, value);
        }

        /** BAR4 at {@link #BMDMA}, I/O decoding and bus mastering on. */
        void mapBusMaster() {
            configWrite(h, IDE, PciConfig.BASE_ADDRESS_0 + 16, 4, BMDMA);
            configWrite(h, IDE, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_MASTER);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void configurationSpaceShowsThePiix3IdeFunction() {
        try (Rig r = new Rig()) {
            assertEquals(0x7010_8086, configRead(r.h, IDE, 0, 4));
            assertEquals(0x0101_8000, configRead(r.h, IDE, PciConfig.REVISION_ID, 4), "class 01.01, legacy mode with bus master");
            assertEquals(0x0280, configRead(r.h, IDE, PciConfig.STATUS, 2));
            assertEquals(0, configRead(r.h, IDE, PciConfig.COMMAND, 2));
            assertEquals(0x0000_0001, configRead(r.h, IDE, PciConfig.BASE_ADDRESS_0 + 16, 4), "BAR4: I/O, unprogrammed");
            assertEquals(0, configRead(r.h, IDE, PciConfig.INTERRUPT_PIN, 1), "legacy IRQs, no PCI pin");
            assertEquals(0, configRead(r.h, IDE, PciConfig.BASE_ADDRESS_0, 4), "no other BARs");

            configWrite(r.h, IDE, PciConfig.BASE_ADDRESS_0 + 16, 4, 0xffff_ffffL);
            assertEquals(0xffff_fff1, configRead(r.h, IDE, PciConfig.BASE_ADDRESS_0 + 16, 4), "16 bytes of I/O");
        }
    }

    @Test
    void registersOfAChannelWithoutDrivesReadZero() {
        try (Rig r = new Rig()) {
            for (int base : new int[] {0x1f0, 0x170}) {
                for (int p = 0; p < 8; p++) assertEquals(0, r.in(base + p), "port 0x" + Integer.toHexString(base + p));
                assertEquals(0, r.h.io().read(base, 2), "data port, word");
                assertEquals(0, r.h.io().read(base, 4), "data port, dword");
            }
            assertEquals(0, r.in(0x3f6));
            assertEquals(0, r.in(0x376));
        }
    }

    @Test
    void aBiosProbeFindsNoDrive() {
        try (Rig r = new Rig()) {
            for (int unit = 0; unit < 2; unit++) {
                r.out(0x1f6, unit == 0 ? 0xa0 : 0xb0);
                r.out(0x1f2, 0x55);
                r.out(0x1f3, 0xaa);
                r.out(0x1f2, 0xaa);
                r.out(0x1f3, 0x55);
                r.out(0x1f2, 0x55);
                r.out(0x1f3, 0xaa);
                assertEquals(0, r.in(0x1f2), "sector count does not read back");
                assertEquals(0, r.in(0x1f3), "sector number does not read back");
            }
        }
    }

    @Test
    void deviceSelectPicksTheUnitAndCommandsToTheAbsentSlaveAreIgnored() {
        try (Rig r = new Rig()) {
            r.out(0x176, 0xb0);
            assertEquals(1, r.ide.state().secondary().unit());
            assertEquals(0, r.ide.state().primary().unit(), "the other channel keeps its unit");
            r.out(0x177, 0xec);
            assertFalse(r.irq.level[1], "IDENTIFY to the absent slave: nothing");

            r.out(0x176, 0xa0);
            assertEquals(0, r.ide.state().secondary().unit());
            r.out(0x177, 0xec);
            assertTrue(r.irq.level[1], "the master interface (no medium) aborts the command and interrupts, as in QEMU");
            assertEquals(0, r.in(0x376), "alternate status: still 0, line stays");
            assertTrue(r.irq.level[1]);
            assertEquals(0, r.in(0x177));
            assertFalse(r.irq.level[1], "reading status lowers the interrupt");
            assertFalse(r.irq.level[0]);
        }
    }

    @Test
    void nIenMasksCommandInterruptsAndSoftwareResetInterrupts() {
        try (Rig r = new Rig()) {
            r.out(0x3f6, 0x02);
            r.out(0x1f7, 0x90);
            assertFalse(r.irq.level[0], "nIEN set: no interrupt for the diagnostic command");
            r.out(0x3f6, 0x06);
            assertFalse(r.irq.level[0], "nor for a software reset");

            r.out(0x3f6, 0x00);
            r.out(0x3f6, 0x04);
            assertTrue(r.irq.level[0], "software reset with nIEN clear: the diagnostic interrupts");
            assertFalse(r.irq.level[1]);
            assertEquals(0, r.in(0x1f7));
        }
    }

    @Test
    void busMasterRegistersBehaveAsQemus() {
        try (Rig r = new Rig()) {
            r.mapBusMaster();
            assertEquals(0, r.in(BMDMA));
            r.out(BMDMA, 0x09);
            assertEquals(0x09, r.in(BMDMA), "start and read bits kept");
            assertEquals(0x01, r.in(BMDMA + 2), "engine active");
            r.out(BMDMA, 0xff);
            assertEquals(0x09, r.in(BMDMA), "other bits dropped");

            r.out(BMDMA + 2, 0x66);
            assertEquals(0x61, r.in(BMDMA + 2), "drive DMA capable bits written, active kept");
            r.out(BMDMA, 0x00);
            assertEquals(0x60, r.in(BMDMA + 2), "stopping clears active");

            r.h.io().write(BMDMA + 4, 4, 0x1234_5677L);
            assertEquals(0x1234_5674L, r.h.io().read(BMDMA + 4, 4), "PRD address is dword aligned");
            r.h.io().write(BMDMA + 6, 2, 0xabcd);
            assertEquals(0xabcd_5674L, r.h.io().read(BMDMA + 4, 4));
            assertEquals(0x74, r.in(BMDMA + 4));

            assertEquals(0xffff, r.h.io().read(BMDMA, 2), "command/status take byte accesses only");
            assertEquals(0xff, r.in(BMDMA + 1));
            assertEquals(0, r.in(BMDMA + 8), "secondary engine untouched");
            assertEquals(0, r.h.io().read(BMDMA + 12, 4));
        }
    }

    @Test
    void aChannelInterruptSetsItsBusMasterInterruptBitWhichIsWriteOneToClear() {
        try (Rig r = new Rig()) {
            r.mapBusMaster();
            r.out(0x1f7, 0xec);
            assertTrue(r.irq.level[0]);
            assertEquals(0x04, r.in(BMDMA + 2));
            assertEquals(0, r.in(BMDMA + 10), "only the primary engine");
            r.out(BMDMA + 2, 0x04);
            assertEquals(0, r.in(BMDMA + 2));
        }
    }

    @Test
    void resetReturnsEverythingToPowerOn() {
        try (Rig r = new Rig()) {
            r.mapBusMaster();
            r.out(BMDMA, 0x01);
            r.h.io().write(BMDMA + 4, 4, 0x1000);
            r.out(0x1f6, 0xb0);
            r.out(0x1f7, 0x90);

            Reset.reset(r.h.machine(), ResetType.COLD);
            assertEquals(1, configRead(r.h, IDE, PciConfig.BASE_ADDRESS_0 + 16, 4));
            assertEquals(0, configRead(r.h, IDE, PciConfig.COMMAND, 2));
            Piix3Ide.State s = r.ide.state();
            assertEquals(new Piix3Ide.BusMaster(0, 0, 0), s.primaryDma());
            assertEquals(0, s.primary().unit());
            r.mapBusMaster();
            assertEquals(0, r.in(BMDMA + 2));
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheChannelsStayEmpty() {
        try (Rig r = new Rig()) {
            r.mapBusMaster();
            Random rnd = new Random(7);
            int[] bases = {0x1f0, 0x170, 0x3f6, 0x376, BMDMA, BMDMA + 8};
            for (int i = 0; i < 5000; i++) {
                int base = bases[rnd.nextInt(bases.length)];
                int size = 1 << rnd.nextInt(3);
                int port = base + rnd.nextInt(base >= 0x300 && base < 0x400 ? 1 : 8);
                if (rnd.nextBoolean()) {
                    r.h.io().write(port, size, rnd.nextLong());
                } else {
                    r.h.io().read(port, size);
                }
            }
            r.out(0x3f6, 0);
            r.out(0x376, 0);
            for (int p = 0; p < 8; p++) assertEquals(0, r.in(0x1f0 + p));
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig()) {
            r.mapBusMaster();
            r.out(BMDMA + 8, 0x08);
            r.h.io().write(BMDMA + 12, 4, 0x2000);
            r.out(0x172, 0x33);
            r.out(0x176, 0xb0);
            Piix3Ide.State saved = r.ide.state();

            Reset.reset(r.h.machine(), ResetType.COLD);
            r.ide.restore(saved);
            assertEquals(saved, r.ide.state());
            assertEquals(0x2000, r.h.io().read(BMDMA + 12, 4), "the restored BAR maps the registers again");
        }
    }
}
