package org.jemu.plugin.pc.internal;

import static org.jemu.plugin.pc.internal.IsaTestBoard.isa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.AddressSpace;
import org.jemu.plugin.pc.internal.IsaTestBoard.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PIT at 0x40 with the speaker port 0x61, on the harness's virtual clock. */
class I8254Test {

    private static final int COUNTER0 = 0x40;
    private static final int COUNTER2 = 0x42;
    private static final int CONTROL = 0x43;
    private static final int PORT_B = 0x61;
    private static final long MS = 1_000_000;

    private MachineHarness h;
    private AddressSpace io;
    private I8254 pit;
    private final Probe irq0 = new Probe();

    @BeforeEach
    void build() {
        h = IsaTestBoard.build(b -> b
                .device(isa("pit", I8254.TYPE).with("iobase", "0x40"))
                .device(isa("pcspk", PcSpeaker.TYPE).with("pit", "/machine/pit")));
        io = h.io();
        pit = (I8254) h.resolve("/machine/pit");
        pit.connectGpioOut("", 0, irq0);
        Reset.reset(h.machine(), ResetType.COLD);
        irq0.rises = 0;
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void program(int port, int control, int count) {
        io.write(CONTROL, 1, control);
        io.write(port, 1, count & 0xff);
        io.write(port, 1, count >> 8 & 0xff);
    }

    private int readWord(int port) {
        int lo = (int) io.read(port, 1);
        return lo | (int) io.read(port, 1) << 8;
    }

    /** Moves the clock by whole PIT clocks. */
    private void advanceTicks(long ticks) {
        h.advanceVirtualNs(I8254.nsOf(ticks));
    }

    @Test
    void mode2RaisesIrq0OncePerPeriod() {
        program(COUNTER0, 0x34, 1193);

        h.advanceVirtualNs(100 * MS);

        assertEquals(100, irq0.rises, "1193 clocks: one interrupt per 0.99985 ms");
        advanceTicks(1193);
        assertEquals(101, irq0.rises);
    }

    @Test
    void mode3IsASquareWaveHighForTheFirstHalf() {
        program(COUNTER0, 0x36, 11931);

        h.advanceVirtualNs(1_000 * MS);
        assertEquals(100, irq0.rises, "100 Hz");

        program(COUNTER0, 0x36, 1000);
        advanceTicks(499);
        assertTrue(irq0.level);
        advanceTicks(1);
        assertFalse(irq0.level, "low for the second half");
        advanceTicks(500);
        assertTrue(irq0.level);
    }

    @Test
    void mode0IsAOneShotThatStaysHighAfterTheTerminalCount() {
        program(COUNTER0, 0x30, 1000);
        assertFalse(irq0.level, "OUT starts low in mode 0");

        advanceTicks(999);
        assertFalse(irq0.level);
        advanceTicks(1);
        assertTrue(irq0.level);
        h.advanceVirtualNs(500 * MS);
        assertEquals(1, irq0.rises);
        assertTrue(irq0.level);
    }

    @Test
    void mode4StrobesLowForOneClockAtTheTerminalCount() {
        program(COUNTER0, 0x38, 100);
        assertTrue(irq0.level);

        advanceTicks(100);
        assertFalse(irq0.level);
        advanceTicks(1);
        assertTrue(irq0.level);
        h.advanceVirtualNs(10 * MS);
        assertEquals(1, irq0.rises, "one strobe");
    }

    @Test
    void aLatchedCountStaysUntilReadWhileTheCounterRuns() {
        program(COUNTER0, 0x34, 10000);
        advanceTicks(1000);
        io.write(CONTROL, 1, 0x00);
        advanceTicks(500);

        assertEquals(9000, readWord(COUNTER0));
        assertEquals(8500, readWord(COUNTER0), "the next read follows the counter again");
    }

    @Test
    void readBackLatchesStatusThenCount() {
        program(COUNTER0, 0x34, 10000);
        advanceTicks(10);

        io.write(CONTROL, 1, 0xc2);
        assertEquals(0xb4, io.read(COUNTER0, 1), "OUT high, word access, mode 2, binary");
        assertEquals(9990, readWord(COUNTER0));

        io.write(CONTROL, 1, 0x30);
        io.write(CONTROL, 1, 0xe2);
        assertEquals(0x70, io.read(COUNTER0, 1), "after a control word: OUT low (mode 0), null count");
    }

    @Test
    void bcdCountsInDecimal() {
        program(COUNTER0, 0x31, 0x1000);
        advanceTicks(1);

        assertEquals(0x0999, readWord(COUNTER0));
    }

    @Test
    void lowByteOnlyAccessLoadsAndReadsOneByte() {
        io.write(CONTROL, 1, 0x10);
        io.write(COUNTER0, 1, 200);
        advanceTicks(50);

        assertEquals(150, io.read(COUNTER0, 1));
        assertEquals(150, io.read(COUNTER0, 1), "LSB mode never toggles to the high byte");
    }

    @Test
    void counter2RunsOnlyWhileItsGateFromPort61IsHighAndItsOutReadsBackInBit5() {
        io.write(PORT_B, 1, 0x00);
        program(COUNTER2, 0xb0, 100);
        advanceTicks(200);
        assertEquals(0, io.read(PORT_B, 1) & 0x21, "gate low: mode 0 holds");

        io.write(PORT_B, 1, 0x03);
        advanceTicks(99);
        assertEquals(0x03, io.read(PORT_B, 1) & 0x23);
        advanceTicks(1);
        assertEquals(0x23, io.read(PORT_B, 1) & 0x23, "terminal count: OUT high");
        assertEquals(0, irq0.rises, "counter 2 does not drive IRQ 0");
    }

    @Test
    void port61RefreshBitTogglesOnEveryRead() {
        int first = (int) io.read(PORT_B, 1) & 0x10;
        int second = (int) io.read(PORT_B, 1) & 0x10;

        assertEquals(0x10, first ^ second);
    }

    @Test
    void aRisingGateRestartsMode2() {
        io.write(PORT_B, 1, 0x01);
        program(COUNTER2, 0xb4, 1000);
        advanceTicks(600);
        io.write(PORT_B, 1, 0x00);
        advanceTicks(10_000);
        assertTrue((io.read(PORT_B, 1) & 0x20) != 0, "gate low forces OUT high");

        io.write(PORT_B, 1, 0x01);
        advanceTicks(100);
        io.write(CONTROL, 1, 0x80);
        assertEquals(900, readWord(COUNTER2), "counting started again from the full count");
    }

    @Test
    void theHpetEnableInputSilencesIrq0WhileLow() {
        program(COUNTER0, 0x34, 1193);
        h.advanceVirtualNs(10 * MS);
        assertEquals(10, irq0.rises, "enabled while nothing drives the input");

        pit.gpioIn("", 0).lower();
        h.advanceVirtualNs(10 * MS);
        assertEquals(10, irq0.rises, "the HPET in legacy replacement mode");

        pit.gpioIn("", 0).raise();
        h.advanceVirtualNs(10 * MS);
        assertEquals(20, irq0.rises);
    }

    @Test
    void resetStartsCounter0InMode3WithTheFullCount() {
        program(COUNTER0, 0x34, 100);
        Reset.reset(h.machine(), ResetType.COLD);
        irq0.rises = 0;

        h.advanceVirtualNs(1_000 * MS);

        assertEquals(18, irq0.rises, "65536 clocks: 18.2 Hz");
    }

    @Test
    void badProgrammingNeverThrowsAndTheTimerStillWorks() {
        int[] controls = {0xff, 0xc0, 0xde, 0x3e, 0x3c, 0x0e, 0x02, 0x34, 0x36, 0xf1};
        for (int c : controls) {
            io.write(CONTROL, 1, c);
            io.write(COUNTER0, 1, 1);
            io.write(COUNTER0, 1, 0);
            io.read(CONTROL, 1);
            io.read(COUNTER0, 1);
            io.write(0x41, 2, 0xffff);
            h.advanceVirtualNs(MS);
        }
        io.write(CONTROL, 1, 0x34);
        io.write(COUNTER0, 1, 0);
        io.write(COUNTER0, 1, 0);
        int before = irq0.rises;

        h.advanceVirtualNs(1_000 * MS);
        assertEquals(18, irq0.rises - before, "count 0 means 65536");
    }

    @Test
    void stateSurvivesASaveAndRestore() {
        program(COUNTER0, 0x34, 1193);
        advanceTicks(500);
        I8254.State saved = pit.state();

        program(COUNTER0, 0x30, 5);
        pit.restore(saved);
        h.advanceVirtualNs(10 * MS);

        assertEquals(saved.channels().get(0).count(), 1193);
        assertEquals(10, irq0.rises);
    }

    @Test
    void theSpeakerNeedsItsPitLink() {
        QomException e = assertThrows(QomException.class, () -> IsaTestBoard.build(b -> b.device(isa("s", PcSpeaker.TYPE))));
        assertTrue(e.getMessage().contains("'pit' link is not set"), e.getMessage());
    }
}
