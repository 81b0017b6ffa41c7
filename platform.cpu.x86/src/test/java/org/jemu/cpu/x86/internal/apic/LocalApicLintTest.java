package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LINT0 (the 8259's INTR) and LINT1 (NMI) through their LVT entries, and as plain pins when globally disabled. */
class LocalApicLintTest {

    private final ApicFixture f = new ApicFixture(1);
    private final LocalApic apic = f.apic(0);
    private final ApicFixture.FakePic pic = new ApicFixture.FakePic();

    LocalApicLintTest() {
        apic.setPic(pic);
    }

    @Test
    void lint0IsMaskedAfterResetSoThePicIsNotHeard() {
        apic.setLint0(true);
        assertFalse(apic.hasInterrupt());
        assertEquals(-1, apic.acknowledge());
        assertEquals(0, pic.acks);
    }

    @Test
    void extIntLint0PassesThePicInterruptAndAsksThePicForTheVector() {
        f.enable(0);
        f.write(0, 0x350, 0x8700); // what SeaBIOS programs
        pic.vector = 0x20;

        apic.setLint0(true);
        assertTrue(apic.hasInterrupt());
        assertEquals(1, f.wakeups[0]);
        assertEquals(0x20, apic.acknowledge());
        assertEquals(1, pic.acks);
        assertEquals(0, f.read(0, 0x110), "ExtINT vectors never enter the ISR");

        apic.setLint0(false);
        assertFalse(apic.hasInterrupt());
    }

    @Test
    void extIntIgnoresThePprAndComesBeforeApicVectors() {
        f.enable(0);
        f.write(0, 0x350, 0x700);
        f.write(0, 0x80, 0xf0);
        f.msi(0, 0xfe);
        f.write(0, 0x80, 0);
        pic.vector = 0x09;

        apic.setLint0(true);
        f.write(0, 0x80, 0xff);

        assertTrue(apic.hasInterrupt());
        assertEquals(0x09, apic.acknowledge());
        apic.setLint0(false);
        f.write(0, 0x80, 0);
        assertEquals(0xfe, apic.acknowledge());
    }

    @Test
    void programmingLint0WhileThePicIsRaisedDeliversAtOnce() {
        f.enable(0);
        apic.setLint0(true);
        assertFalse(apic.hasInterrupt());

        f.write(0, 0x350, 0x700);
        assertTrue(apic.hasInterrupt());
        assertEquals(pic.vector, apic.acknowledge());
    }

    @Test
    void globallyDisabledApicPassesIntrStraightToTheCpu() {
        apic.writeApicBase(0xfee0_0000L);

        apic.setLint0(true);

        assertTrue(apic.hasInterrupt(), "LINT0 masked, but the APIC is out of the path");
        assertEquals(pic.vector, apic.acknowledge());
        apic.setLint0(false);
        assertFalse(apic.hasInterrupt());
    }

    @Test
    void fixedEdgeLint0DeliversItsVectorOnRisingEdgesOnly() {
        f.enable(0);
        f.write(0, 0x350, 0x0061);

        apic.setLint0(true);
        assertEquals(0x61, apic.acknowledge());
        f.write(0, 0xb0, 0);
        apic.setLint0(true);
        assertFalse(apic.hasInterrupt(), "no new edge");
        assertEquals(0, f.read(0, 0x180 + 0x30), "edge: TMR clear");
        apic.setLint0(false);
        apic.setLint0(true);
        assertTrue(apic.hasInterrupt());
        assertEquals(0, pic.acks);
    }

    @Test
    void fixedLevelLint0IsWithdrawnWhenTheLineDrops() {
        f.enable(0);
        f.write(0, 0x350, 0x8062);

        apic.setLint0(true);
        assertTrue(apic.hasInterrupt());
        assertEquals(1 << 2, f.read(0, 0x1b0), "level: TMR set");
        apic.setLint0(false);
        assertFalse(apic.hasInterrupt());
        assertEquals(0, f.read(0, 0x230));
    }

    @Test
    void nmiLint1RaisesAnNmiOnRisingEdges() {
        f.enable(0);
        f.write(0, 0x360, 0x400);

        apic.setLint1(true);
        assertTrue(apic.takeNmi());
        assertFalse(apic.takeNmi(), "taken once");
        apic.setLint1(true);
        assertFalse(apic.takeNmi(), "no new edge");
        apic.setLint1(false);
        apic.externalNmi();
        assertTrue(apic.takeNmi(), "the monitor's NMI goes through LINT1 as well");
        assertEquals(0, apic.events());
    }

    @Test
    void maskedLint1DropsTheNmi() {
        apic.setLint1(true);
        apic.externalNmi();
        assertFalse(apic.takeNmi());
    }

    @Test
    void globallyDisabledApicMakesLint1ThePlainNmiPin() {
        apic.writeApicBase(0xfee0_0000L);

        apic.setLint1(true);

        assertEquals(LocalApic.EVENT_NMI, apic.events());
        assertTrue(apic.takeNmi());
        assertEquals(1, f.wakeups[0]);
        apic.setLint1(true);
        assertFalse(apic.takeNmi(), "NMI is edge-triggered");
        apic.setLint1(false);
        apic.externalNmi();
        assertTrue(apic.takeNmi());
    }

    @Test
    void lvtEntriesWithReservedDeliveryModesDoNothing() {
        f.enable(0);
        f.write(0, 0x350, 0x300); // delivery mode 3

        apic.setLint0(true);

        assertEquals(0, apic.events());
    }
}
