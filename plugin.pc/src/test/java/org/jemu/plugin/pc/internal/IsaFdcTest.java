package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.QomException;
import org.junit.jupiter.api.Test;

/** isa-fdc without drives, programmed through ports 0x3f1-0x3f5/0x3f7 as a BIOS or driver does. */
class IsaFdcTest {

    static final int DOR = 0x3f2;
    static final int MSR = 0x3f4;
    static final int FIFO = 0x3f5;
    static final int DIR = 0x3f7;

    /** A harness with both DMA controllers and the FDC, its interrupt line recorded. */
    private static final class Fdc implements AutoCloseable {
        final MachineHarness h;
        final List<Boolean> irq = new ArrayList<>();

        Fdc(Map<String, String> props) {
            h = IsaTestBoards.withDma().device(IsaFdc.TYPE, "fdc", props).build();
            ((Device) h.resolve("/machine/peripheral/fdc")).connectGpioOut("", 0, irq::add);
        }

        Fdc() {
            this(Map.of());
        }

        boolean irqHigh() {
            return !irq.isEmpty() && irq.getLast();
        }

        int msr() {
            return (int) h.io().read(MSR, 1);
        }

        void command(int... bytes) {
            for (int b : bytes) h.io().write(FIFO, 1, b);
        }

        int[] results(int n) {
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = (int) h.io().read(FIFO, 1);
            return r;
        }

        void resetThroughDor() {
            h.io().write(DOR, 1, 0x00);
            h.io().write(DOR, 1, 0x0c);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void resetThroughDorInterruptsAndSenseInterruptStatusReportsFourPollingResults() {
        try (Fdc f = new Fdc()) {
            f.resetThroughDor();
            assertTrue(f.irqHigh());
            assertEquals(0x80, f.msr());

            for (int i = 0; i < 4; i++) {
                f.command(0x08);
                assertEquals(0xd0, f.msr(), "result phase");
                assertEquals(0xc0 + i, f.results(2)[0]);
                assertFalse(f.irqHigh(), "the first SENSE INTERRUPT STATUS lowered the interrupt");
            }
            f.command(0x08);
            assertEquals(0x80, f.results(1)[0], "no interrupt pending: invalid");
            assertEquals(0x80, f.msr());
        }
    }

    @Test
    void versionAnswersThe82078Id() {
        try (Fdc f = new Fdc()) {
            f.command(0x10);
            assertEquals(0xd0, f.msr());
            assertEquals(0x90, f.results(1)[0]);
            assertEquals(0x80, f.msr());
        }
    }

    @Test
    void specifyHasNoResultPhaseAndItsTimersShowInDumpreg() {
        try (Fdc f = new Fdc()) {
            f.command(0x03);
            assertEquals(0x90, f.msr(), "busy, waiting for parameters");
            f.command(0xaf, 0x02);
            assertEquals(0x80, f.msr(), "back in the command phase at once");

            f.command(0x0e);
            int[] r = f.results(10);
            assertEquals(0x0a, r[4], "step rate / head unload");
            assertEquals(0x03, r[5], "head load time 1 and DMA mode");
            assertEquals(0x60, r[8], "QEMU's configuration: implied seeks and FIFO disabled");
        }
    }

    @Test
    void configureLockAndPerpendicularModeShowInDumpreg() {
        try (Fdc f = new Fdc()) {
            f.command(0x13, 0x00, 0x57, 0x05);
            f.command(0x94);
            assertEquals(0x10, f.results(1)[0], "LOCK answers the lock bit in bit 4");
            f.command(0x12, 0x83);

            f.command(0x0e);
            int[] r = f.results(10);
            assertEquals(0x57, r[8]);
            assertEquals(0x05, r[9]);
            assertEquals(0x80 | 3 << 2, r[7]);
        }
    }

    @Test
    void invalidCommandAnswersOneByteOf0x80() {
        try (Fdc f = new Fdc()) {
            f.command(0x00);
            assertEquals(0xd0, f.msr());
            assertEquals(0x80, f.results(1)[0]);
            assertEquals(0x80, f.msr());
        }
    }

    @Test
    void mainStatusFollowsCommandExecutionAndResultPhases() {
        try (Fdc f = new Fdc()) {
            assertEquals(0x80, f.msr(), "idle: ready for a command byte");
            f.command(0x4a);
            assertEquals(0x90, f.msr(), "READ ID waits for its parameter");
            f.command(0x00);
            assertEquals(0x10, f.msr(), "execution: busy, not ready for data");
            assertFalse(f.irqHigh());

            f.h.advanceVirtualNs(IsaFdc.READ_ID_NS);

            assertTrue(f.irqHigh());
            assertEquals(0xd0, f.msr(), "result: ready, data to the host");
            int[] r = f.results(7);
            assertEquals(0x00, r[0], "READ ID on an empty drive succeeds as in QEMU (rates match)");
            assertEquals(2, r[6]);
            assertEquals(0x80, f.msr());
        }
    }

    @Test
    void readOnAnEmptyDriveEndsAtOnceWithAbnormalTermination() {
        try (Fdc f = new Fdc()) {
            f.command(0xe6, 0x00, 0x00, 0x00, 0x01, 0x02, 0x12, 0x1b, 0xff);

            assertTrue(f.irqHigh());
            assertEquals(0xd0, f.msr());
            int[] r = f.results(7);
            assertEquals(0x40, r[0], "ST0: abnormal termination, drive 0");
            assertEquals(0x80, r[1], "ST1: end of cylinder (sector 1 beyond a medium with no sectors)");
            assertEquals(0x00, r[2]);
            assertEquals(List.of(0, 0, 1, 2), List.of(r[3], r[4], r[5], r[6]), "C, H, R, N as asked");
            assertFalse(f.irqHigh(), "reading the last result byte lowered the interrupt");
        }
    }

    @Test
    void writeToTheSecondDriveAfterFormattingReportsNoMedium() {
        try (Fdc f = new Fdc()) {
            f.command(0x4d, 0x01, 0x02, 0x12, 0x1b, 0xf6);
            f.results(7);
            f.command(0xc5, 0x01, 0x00, 0x00, 0x03, 0x02, 0x12, 0x1b, 0xff);

            int[] r = f.results(7);
            assertEquals(0x41, r[0], "abnormal termination, drive 1");
            assertEquals(0x00, r[1], "the sector exists in the formatted geometry: only 'no medium'");
        }
    }

    @Test
    void seekAndRecalibrateOnAnEmptyDriveInterruptAndReportTrackZero() {
        try (Fdc f = new Fdc()) {
            f.command(0x0f, 0x01, 0x05);
            assertTrue(f.irqHigh());
            assertEquals(0x80, f.msr(), "SEEK has no result phase");
            f.command(0x08);
            int[] r = f.results(2);
            assertEquals(0x21, r[0], "seek end, drive 1");
            assertEquals(0, r[1], "the head stays on track 0 without a medium (QEMU)");
            f.command(0x07, 0x00);
            f.command(0x08);
            r = f.results(2);
            assertEquals(0x20, r[0]);
            assertEquals(0, r[1], "present cylinder");
        }
    }

    @Test
    void senseDriveStatusAndDiskChangeDescribeAnEmptyDrive() {
        try (Fdc f = new Fdc()) {
            f.command(0x04, 0x05);
            assertEquals(0x78 | 0x04 | 0x01, f.results(1)[0], "write protected, track 0, head 1, drive 1");
            assertEquals(0x80, f.h.io().read(DIR, 1), "disk changed stays set without a medium");
            assertEquals(0xc0, f.h.io().read(0x3f1, 1), "SRB follows DOR only: no motor, drive select 0");
        }
    }

    @Test
    void dorReadsBackWithTheSelectedDriveAndDmaGate() {
        try (Fdc f = new Fdc()) {
            assertEquals(0x0c, f.h.io().read(DOR, 1), "reset state: running, DMA enabled");
            f.h.io().write(DOR, 1, 0x1d);
            assertEquals(0x1d, f.h.io().read(DOR, 1));
            assertEquals(0xe1, f.h.io().read(0x3f1, 1), "SRB: motor 0 and drive select 1");
        }
    }

    @Test
    void dataRateSoftwareResetInterruptsLikeADorReset() {
        try (Fdc f = new Fdc()) {
            f.h.io().write(MSR, 1, 0x80);
            assertTrue(f.irqHigh());
            f.command(0x08);
            assertEquals(0xc0, f.results(2)[0]);
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheControllerRecoversAfterReset() {
        try (Fdc f = new Fdc()) {
            f.results(3);                                   // reading with nothing to read
            f.h.io().write(DOR, 1, 0x00);                   // hold in reset
            f.command(0x10);                                // ignored in reset
            for (int v = 0; v < 256; v += 17) {
                for (int p = 0x3f0; p <= 0x3f7; p++) {
                    f.h.io().write(p, 1, v);
                    f.h.io().read(p, 1);
                }
                f.h.io().write(FIFO, 4, 0xdeadbeefL);
            }
            for (int v = 0; v < 256; v++) f.command(v);
            f.h.advanceVirtualNs(IsaFdc.READ_ID_NS);
            dmaRequestOnTheFloppyChannel(f);

            f.resetThroughDor();
            f.command(0x10);
            assertEquals(0x90, f.results(1)[0]);
        }
    }

    private static void dmaRequestOnTheFloppyChannel(Fdc f) {
        f.h.io().write(0x0a, 1, 0x02);
        f.h.io().write(0x09, 1, 0x06);
    }

    @Test
    void aStrayDmaRequestDuringReadIdEndsTheCommandAsQemuDoesWithoutADrive() {
        try (Fdc f = new Fdc()) {
            f.command(0x4a, 0x00);
            dmaRequestOnTheFloppyChannel(f);

            assertEquals(0xd0, f.msr());
            assertEquals(0x60, f.results(7)[0], "abnormal termination and seek end");
        }
    }

    @Test
    void withoutADmaControllerRealizeFailsUnlessDmaIsOff() {
        QomException e = assertThrows(QomException.class,
                () -> IsaTestBoards.isaBoard().device(IsaFdc.TYPE, "fdc", Map.of()).build());
        assertTrue(e.getMessage().contains("ISA controller does not support DMA"), e.getMessage());

        try (MachineHarness h = IsaTestBoards.isaBoard().device(IsaFdc.TYPE, "fdc", Map.of("dma", "4294967295")).build()) {
            assertEquals(0x04, h.io().read(DOR, 1), "no DMA gate without a channel");
        }
    }

    @Test
    void stateRoundTripsThroughTheRecord() {
        try (Fdc f = new Fdc()) {
            IsaFdc fdc = (IsaFdc) f.h.resolve("/machine/peripheral/fdc");
            f.command(0x13, 0x00, 0x11, 0x22);
            f.command(0x10);
            IsaFdc.State saved = fdc.state();
            f.results(1);

            fdc.restore(saved);

            assertEquals(0xd0, f.msr());
            assertEquals(0x90, f.results(1)[0]);
        }
    }
}
