package org.jemu.plugin.pc.internal;

import static org.jemu.plugin.pc.internal.IsaTestBoard.isa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.AddressSpace;
import org.jemu.plugin.pc.internal.IsaTestBoard.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cascaded 8259 pair as the pc board wires it, programmed through its ports; the CPU side is the INTA call. */
class I8259Test {

    private static final int MASTER = 0x20;
    private static final int SLAVE = 0xa0;
    private static final int ELCR_MASTER = 0x4d0;
    private static final int ELCR_SLAVE = 0x4d1;
    private static final int OCW3_READ_IRR = 0x0a;
    private static final int OCW3_READ_ISR = 0x0b;
    private static final int EOI = 0x20;

    private MachineHarness h;
    private AddressSpace io;
    private I8259 master;
    private I8259 slave;
    private final Probe intr = new Probe();

    @BeforeEach
    void buildPair() {
        h = IsaTestBoard.build(b -> b
                .device(isa("pic-master", I8259.TYPE).with("iobase", "0x20").with("elcr_addr", "0x4d0")
                        .with("elcr_mask", "0xf8").with("master", "on"))
                .device(isa("pic-slave", I8259.TYPE).with("iobase", "0xa0").with("elcr_addr", "0x4d1")
                        .with("elcr_mask", "0xde").with("master", "off"))
                .wire("pic-slave", "", 0, "pic-master", "", 2));
        io = h.io();
        master = (I8259) h.resolve("/machine/pic-master");
        slave = (I8259) h.resolve("/machine/pic-slave");
        master.connectGpioOut("", 0, intr);
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** What a PC BIOS programs: vectors 0x08 and 0x70, slave on IR2, 8086 mode, everything unmasked. */
    private void initialize(int icw4) {
        io.write(MASTER, 1, 0x11);
        io.write(MASTER + 1, 1, 0x08);
        io.write(MASTER + 1, 1, 0x04);
        io.write(MASTER + 1, 1, icw4);
        io.write(SLAVE, 1, 0x11);
        io.write(SLAVE + 1, 1, 0x70);
        io.write(SLAVE + 1, 1, 0x02);
        io.write(SLAVE + 1, 1, icw4);
        io.write(MASTER + 1, 1, 0x00);
        io.write(SLAVE + 1, 1, 0x00);
    }

    private IrqLine pin(int irq) {
        return (irq < 8 ? master : slave).gpioIn("", irq % 8);
    }

    private int readIsr(int base) {
        io.write(base, 1, OCW3_READ_ISR);
        return (int) io.read(base, 1);
    }

    private int readIrr(int base) {
        io.write(base, 1, OCW3_READ_IRR);
        return (int) io.read(base, 1);
    }

    @Test
    void aRaisedIrqDrivesIntrAndTheAcknowledgeGivesItsVector() {
        initialize(0x01);
        pin(1).raise();

        assertTrue(intr.level);
        assertEquals(0x09, master.acknowledge());
        assertFalse(intr.level, "the request is in service");
        assertEquals(0x02, readIsr(MASTER));
        assertEquals(0x00, readIrr(MASTER), "an edge request leaves IRR at INTA");
    }

    @Test
    void aLowerPriorityRequestWaitsForTheEoiAndAHigherOneNests() {
        initialize(0x01);
        pin(1).raise();
        master.acknowledge();

        pin(3).raise();
        assertFalse(intr.level, "IRQ 3 ranks below IRQ 1 in service");
        pin(0).raise();
        assertTrue(intr.level, "IRQ 0 ranks above");
        assertEquals(0x08, master.acknowledge());

        io.write(MASTER, 1, EOI);
        assertEquals(0x02, readIsr(MASTER), "a non-specific EOI ends the highest in service (IRQ 0)");
        io.write(MASTER, 1, EOI);
        assertTrue(intr.level);
        assertEquals(0x0b, master.acknowledge());
    }

    @Test
    void aMaskedRequestWaitsInIrrUntilUnmasked() {
        initialize(0x01);
        io.write(MASTER + 1, 1, 0x10);
        pin(4).raise();

        assertFalse(intr.level);
        assertEquals(0x10, readIrr(MASTER));
        assertEquals(0x10, io.read(MASTER + 1, 1), "the mask reads back");

        io.write(MASTER + 1, 1, 0x00);
        assertTrue(intr.level);
        assertEquals(0x0c, master.acknowledge());
    }

    @Test
    void aSlaveRequestCascadesThroughIr2AndTheMasterAnswersWithTheSlavesVector() {
        initialize(0x01);
        pin(14).raise();

        assertTrue(intr.level);
        assertEquals(0x76, master.acknowledge());
        assertEquals(0x04, readIsr(MASTER));
        assertEquals(0x40, readIsr(SLAVE));

        io.write(SLAVE, 1, EOI);
        io.write(MASTER, 1, EOI);
        assertEquals(0, readIsr(MASTER) | readIsr(SLAVE));
        assertFalse(intr.level);
    }

    @Test
    void elcrMakesAnInputLevelTriggeredSoItIsRequestedAgainAfterEoiWhileHigh() {
        initialize(0x01);
        io.write(ELCR_MASTER, 1, 0xff);
        assertEquals(0xf8, io.read(ELCR_MASTER, 1), "only the writable ELCR bits stick");
        io.write(ELCR_SLAVE, 1, 0xff);
        assertEquals(0xde, io.read(ELCR_SLAVE, 1));

        pin(3).raise();
        pin(1).raise();
        assertEquals(0x09, master.acknowledge());
        io.write(MASTER, 1, EOI);
        assertEquals(0x0b, master.acknowledge());
        io.write(MASTER, 1, EOI);

        assertTrue(intr.level, "level-triggered IRQ 3 is still high");
        assertEquals(0x0b, master.acknowledge());
        io.write(MASTER, 1, EOI);
        pin(3).lower();
        assertFalse(intr.level, "lowering a level-triggered input withdraws its request");
        assertFalse(intr.level, "edge-triggered IRQ 1 was not requested again");
    }

    @Test
    void icw1LtimMakesEveryInputLevelTriggered() {
        io.write(MASTER, 1, 0x19);
        io.write(MASTER + 1, 1, 0x08);
        io.write(MASTER + 1, 1, 0x04);
        io.write(MASTER + 1, 1, 0x01);
        io.write(MASTER + 1, 1, 0x00);
        pin(1).raise();
        master.acknowledge();
        io.write(MASTER, 1, EOI);

        assertTrue(intr.level);
    }

    @Test
    void aRequestThatWentAwayIsAcknowledgedAsSpuriousIrq7OrIrq15() {
        initialize(0x01);
        io.write(ELCR_MASTER, 1, 0x20);
        pin(5).raise();
        pin(5).lower();
        assertEquals(0x0f, master.acknowledge(), "spurious IRQ 7");
        assertEquals(0, readIsr(MASTER), "a spurious interrupt is not put in service");

        io.write(ELCR_SLAVE, 1, 0x02);
        pin(9).raise();
        pin(9).lower();
        assertEquals(0x77, master.acknowledge(), "the master's IR2 edge stays latched; the slave answers IRQ 15");
        assertEquals(0, readIsr(SLAVE));
        assertEquals(0x04, readIsr(MASTER));
    }

    @Test
    void setPriorityAndRotatingEoiChangeWhichRequestWins() {
        initialize(0x01);
        io.write(MASTER, 1, 0xc3);
        pin(1).raise();
        pin(5).raise();
        assertEquals(0x0d, master.acknowledge(), "IRQ 3 lowest makes IRQ 4 highest, then 5, 6, 7, 0, 1");
        io.write(MASTER, 1, EOI);

        io.write(MASTER, 1, 0xc7);
        pin(0).raise();
        assertEquals(0x08, master.acknowledge());
        io.write(MASTER, 1, 0xa0);
        pin(0).lower();
        pin(0).raise();
        assertEquals(0x09, master.acknowledge(), "a rotating EOI made the served IRQ 0 the lowest");
    }

    @Test
    void specificEoiEndsTheNamedLevelOnly() {
        initialize(0x01);
        pin(3).raise();
        master.acknowledge();
        pin(1).raise();
        master.acknowledge();

        io.write(MASTER, 1, 0x63);
        assertEquals(0x02, readIsr(MASTER));
    }

    @Test
    void automaticEoiLeavesNothingInService() {
        initialize(0x03);
        pin(6).raise();

        assertEquals(0x0e, master.acknowledge());
        assertEquals(0, readIsr(MASTER));
    }

    @Test
    void pollCommandReadsAndAcknowledgesTheHighestRequest() {
        initialize(0x01);
        pin(4).raise();
        io.write(MASTER, 1, 0x0c);

        assertEquals(0x84, io.read(MASTER, 1));
        assertEquals(0x10, readIsr(MASTER));
        io.write(MASTER, 1, 0x0c);
        assertEquals(0x00, io.read(MASTER + 1, 1), "nothing left to poll");
    }

    @Test
    void specialMaskModeLetsLowerPrioritiesInWhileTheMaskedLevelIsInService() {
        initialize(0x01);
        pin(1).raise();
        master.acknowledge();
        io.write(MASTER + 1, 1, 0x02);
        pin(3).raise();
        assertFalse(intr.level);

        io.write(MASTER, 1, 0x68);
        assertTrue(intr.level);
        assertEquals(0x0b, master.acknowledge());
        io.write(MASTER, 1, 0x48);
        assertEquals(0x0a, readIsr(MASTER));
    }

    @Test
    void resetClearsTheProgrammingAndTheElcr() {
        initialize(0x01);
        io.write(MASTER + 1, 1, 0x5a);
        io.write(ELCR_MASTER, 1, 0x08);
        pin(3).raise();

        Reset.reset(h.machine(), ResetType.COLD);

        assertEquals(0, io.read(MASTER + 1, 1));
        assertEquals(0, io.read(ELCR_MASTER, 1));
        assertEquals(0, readIrr(MASTER));
        assertFalse(intr.level);
        assertEquals(0x07, master.acknowledge(), "vector base 0 after reset: spurious IRQ 7 is vector 7");
    }

    @Test
    void stateSurvivesASaveAndRestore() {
        initialize(0x01);
        io.write(ELCR_MASTER, 1, 0x08);
        pin(3).raise();
        pin(1).raise();
        master.acknowledge();
        I8259.State saved = master.state();

        io.write(MASTER, 1, EOI);
        io.write(MASTER, 1, 0x11);
        assertNotEquals(saved, master.state());
        assertTrue(intr.level, "re-initialized: the level-triggered IRQ 3 is requested");
        master.restore(saved);

        assertEquals(saved, master.state());
        assertFalse(intr.level, "the output follows the restored state: IRQ 1 in service holds IRQ 3 back");
        io.write(MASTER, 1, EOI);
        assertEquals(0x0b, master.acknowledge());
    }

    @Test
    void garbageProgrammingNeverThrowsAndAReinitializedPairWorks() {
        for (int v = 0; v < 256; v++) {
            io.write(MASTER + (v & 1), 1, v);
            io.write(SLAVE + (v >> 1 & 1), 1, v ^ 0x5a);
            io.write(ELCR_MASTER, 1, v);
            io.read(MASTER + (v & 1), 1);
            pin(v % 16).set((v & 4) != 0);
            master.acknowledge();
        }
        io.write(MASTER, 2, 0xffff);
        for (int irq = 0; irq < 16; irq++) pin(irq).lower();
        io.write(ELCR_MASTER, 1, 0);
        io.write(ELCR_SLAVE, 1, 0);

        initialize(0x01);
        pin(12).raise();
        assertEquals(0x74, master.acknowledge());
    }

    @Test
    void theSlaveLinkNamesWhichSlaveAnswersTheCascade() {
        try (MachineHarness h2 = IsaTestBoard.build(b -> b
                .device(isa("m", I8259.TYPE).with("iobase", "0x20").with("master", "on"))
                .device(isa("a", I8259.TYPE).with("iobase", "0xa0"))
                .device(isa("b", I8259.TYPE).with("iobase", "0xb0"))
                .wire("b", "", 0, "m", "", 2))) {
            I8259 m = (I8259) h2.resolve("/machine/m");
            int[] init = {0x20, 0x11, 0x21, 0x08, 0x21, 0x04, 0x21, 0x01, 0xb0, 0x11, 0xb1, 0x78, 0xb1, 0x02, 0xb1, 0x01};
            for (int i = 0; i < init.length; i += 2) h2.io().write(init[i], 1, init[i + 1]);
            m.setProperty("slave", h2.resolve("/machine/b"));

            ((I8259) h2.resolve("/machine/b")).gpioIn("", 3).raise();

            assertEquals(0x7b, m.acknowledge());
        }
    }

    @Test
    void aPicWithoutIobaseIsRefused() {
        QomException e = assertThrows(QomException.class, () -> IsaTestBoard.build(b -> b.device(isa("p", I8259.TYPE))));
        assertTrue(e.getMessage().contains("iobase must be set"), e.getMessage());
    }
}
