package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** IRR/ISR/TMR, PPR arithmetic, acknowledge and EOI ordering, the enables, errors and the saved state. */
class LocalApicInterruptTest {

    private final ApicFixture f = new ApicFixture(1);
    private final LocalApic apic = f.apic(0);

    @Test
    void fixedInterruptMovesFromIrrToIsrWhenAcknowledged() {
        f.enable(0);
        f.msi(0, 0x31);

        assertTrue(apic.hasInterrupt());
        assertEquals(1 << 0x11, f.read(0, 0x210), "IRR bit 0x31");
        assertEquals(0x31, apic.acknowledge());
        assertEquals(0, f.read(0, 0x210));
        assertEquals(1 << 0x11, f.read(0, 0x110), "ISR bit 0x31");
        assertEquals(0x30, f.read(0, 0xa0), "PPR is the in-service class");
        assertFalse(apic.hasInterrupt());
    }

    @Test
    void tprBlocksVectorsInItsClassAndBelow() {
        f.enable(0);
        f.write(0, 0x80, 0x50);
        f.msi(0, 0x5f);
        assertFalse(apic.hasInterrupt(), "class 5 is not above TPR class 5");

        f.msi(0, 0x60);
        assertTrue(apic.hasInterrupt());
        assertEquals(0x60, apic.acknowledge());

        f.write(0, 0xb0, 0);
        f.write(0, 0x80, 0x4f);
        assertTrue(apic.hasInterrupt(), "lowering the TPR releases 0x5f");
        assertEquals(0x5f, apic.acknowledge());
    }

    @Test
    void pprIsTheTprOrTheInServiceClassWhicheverIsHigher() {
        f.enable(0);
        f.write(0, 0x80, 0x32);
        f.msi(0, 0x45);
        apic.acknowledge();
        assertEquals(0x40, f.read(0, 0xa0));

        f.write(0, 0x80, 0x47);
        assertEquals(0x47, f.read(0, 0xa0), "same class: the TPR with its sub-class");

        f.write(0, 0x80, 0x52);
        assertEquals(0x52, f.read(0, 0xa0));
    }

    @Test
    void higherClassPreemptsTheInServiceVectorWhileTheSameClassWaits() {
        f.enable(0);
        f.msi(0, 0x50);
        assertEquals(0x50, apic.acknowledge());

        f.msi(0, 0x5e);
        assertFalse(apic.hasInterrupt(), "same class waits for the EOI");
        f.msi(0, 0x61);
        assertTrue(apic.hasInterrupt());
        assertEquals(0x61, apic.acknowledge());

        f.write(0, 0xb0, 0); // EOI 0x61
        assertFalse(apic.hasInterrupt(), "0x50 is still in service");
        f.write(0, 0xb0, 0); // EOI 0x50
        assertTrue(apic.hasInterrupt());
        assertEquals(0x5e, apic.acknowledge());
    }

    @Test
    void pendingVectorsAreTakenHighestFirst() {
        f.enable(0);
        f.msi(0, 0x40);
        f.msi(0, 0x90);
        f.msi(0, 0x41);

        assertEquals(0x90, apic.acknowledge());
        f.write(0, 0xb0, 0);
        assertEquals(0x41, apic.acknowledge());
        f.write(0, 0xb0, 0);
        assertEquals(0x40, apic.acknowledge());
    }

    @Test
    void eoiClearsTheHighestInServiceVector() {
        f.enable(0);
        f.msi(0, 0x30);
        apic.acknowledge();
        f.msi(0, 0x80);
        apic.acknowledge();

        f.write(0, 0xb0, 0);

        assertEquals(0, f.read(0, 0x140), "0x80 left ISR");
        assertEquals(1 << 0x10, f.read(0, 0x110), "0x30 still in service");
    }

    @Test
    void eoiOfALevelTriggeredVectorIsBroadcastToTheIoApics() {
        f.enable(0);
        f.memory.write(ApicFixture.BASE, 4, 0x8000 | 0x55); // level-triggered message
        f.msi(0, 0x66);
        assertEquals(1 << 0x15, f.read(0, 0x1a0), "TMR bit 0x55");

        assertEquals(0x66, apic.acknowledge());
        f.write(0, 0xb0, 0);
        assertEquals(List.of(), f.eois, "edge-triggered: no broadcast");
        assertEquals(0x55, apic.acknowledge());
        f.write(0, 0xb0, 0);
        assertEquals(List.of(0x55), f.eois);
    }

    @Test
    void eoiWithNothingInServiceIsHarmless() {
        f.enable(0);
        f.write(0, 0xb0, 0);
        assertEquals(List.of(), f.eois);
        assertFalse(apic.hasInterrupt());
    }

    @Test
    void acknowledgeAnswersTheSpuriousVectorWhenTheTprRoseMeanwhile() {
        f.write(0, 0xf0, 0x1e7);
        f.msi(0, 0x42);
        assertTrue(apic.hasInterrupt());

        f.write(0, 0x80, 0x40); // what the CPU does between seeing INTR and the INTA cycle
        assertEquals(0xe7, apic.acknowledge());
        assertEquals(1 << 2, f.read(0, 0x220), "0x42 stays requested");
    }

    @Test
    void acknowledgeWithNothingPendingAnswersMinusOne() {
        f.enable(0);
        assertEquals(-1, apic.acknowledge());
    }

    @Test
    void softwareDisabledApicHoldsInterruptsUntilEnabled() {
        f.msi(0, 0x70);
        assertFalse(apic.hasInterrupt());
        assertEquals(1 << 0x10, f.read(0, 0x230), "held in IRR");

        f.enable(0);
        assertTrue(apic.hasInterrupt());
        assertEquals(0x70, apic.acknowledge());
    }

    @Test
    void softwareDisableMasksEveryLvtEntryAndKeepsThemMasked() {
        f.enable(0);
        for (int n = 0; n < 6; n++) f.write(0, 0x320 + n * 0x10, 0x40 + n);

        f.write(0, 0xf0, 0xff);
        for (int n = 0; n < 6; n++) assertEquals(0x10040 + n, f.read(0, 0x320 + n * 0x10));
        f.write(0, 0x350, 0x700);
        assertEquals(0x10700, f.read(0, 0x350), "the mask cannot be cleared while disabled");
    }

    @Test
    void wakeupRunsWhenAnInterruptBecomesDeliverable() {
        f.enable(0);
        f.write(0, 0x80, 0x60);
        f.msi(0, 0x52);
        assertEquals(0, f.wakeups[0], "blocked by the TPR");

        f.write(0, 0x80, 0);
        assertEquals(1, f.wakeups[0]);
        f.msi(0, 0x53);
        assertEquals(1, f.wakeups[0], "already deliverable: no second wake-up");
    }

    @Test
    void illegalVectorsAreRefusedWithReceiveIllegalVector() {
        f.enable(0);
        f.msi(0, 0x05);

        assertFalse(apic.hasInterrupt());
        assertEquals(0, f.read(0, 0x200));
        f.write(0, 0x280, 0);
        assertEquals(0x40, f.read(0, 0x280));
    }

    @Test
    void errorsAreSignalledThroughTheErrorLvtEntry() {
        f.enable(0);
        f.write(0, 0x370, 0xfe);

        f.read(0, 0x3f0);

        assertTrue(apic.hasInterrupt());
        assertEquals(0xfe, apic.acknowledge());
    }

    @Test
    void anIllegalErrorVectorDoesNotLoop() {
        f.enable(0);
        f.write(0, 0x370, 0x03);

        f.read(0, 0x3f0);

        assertFalse(apic.hasInterrupt());
        f.write(0, 0x280, 0);
        assertEquals(0xc0, f.read(0, 0x280), "illegal address, then the error entry's illegal vector");
    }

    @Test
    void initResetClearsEverythingButBaseAndId() {
        f.enable(0);
        f.write(0, 0x20, 0x0700_0000);
        f.write(0, 0x80, 0x20);
        f.msi(7, 0x99);
        apic.writeApicBase(0xfee0_0000L | LocalApic.BASE_ENABLE | 0x0000_0400L);

        apic.initReset();

        assertEquals(0x0700_0000L, f.read(0, 0x20));
        assertEquals(0, f.read(0, 0x80));
        assertEquals(0, f.read(0, 0x240));
        assertEquals(0xff, f.read(0, 0xf0));
        assertEquals(0xfee0_0900L, apic.readApicBase());
    }

    @Test
    void snapshotAndRestoreCarryTheWholeState() {
        f.enable(0);
        f.write(0, 0x80, 0x20);
        f.write(0, 0xd0, 0x0400_0000);
        f.msi(0, 0x44);
        f.msi(0, 0x81);
        assertEquals(0x81, apic.acknowledge());
        f.write(0, 0x320, 0x20040); // periodic, vector 0x40
        f.write(0, 0x3e0, 0xb);
        f.write(0, 0x380, 999); // fires at 1000 ns
        f.clock.advance(250);
        LocalApic.State saved = apic.snapshot();

        ApicFixture other = new ApicFixture(1);
        other.clock.advance(250);
        other.apic(0).restore(saved);

        for (long offset : registers()) {
            assertEquals(f.read(0, offset), other.read(0, offset), Long.toHexString(offset));
        }
        other.clock.advance(750);
        assertEquals(0x11, other.read(0, 0x220), "the restored timer fired: 0x40 joins 0x44");
        assertFalse(other.apic(0).hasInterrupt(), "0x81 is still in service");
        other.write(0, 0xb0, 0);
        assertEquals(0x44, other.apic(0).acknowledge());
    }

    private static long[] registers() {
        long[] r = new long[7 + 24 + 2 + 6 + 3];
        int i = 0;
        for (long o : new long[] {0x20, 0x30, 0x80, 0xa0, 0xd0, 0xe0, 0xf0}) r[i++] = o;
        for (long o = 0x100; o < 0x280; o += 0x10) r[i++] = o;
        r[i++] = 0x300;
        r[i++] = 0x310;
        for (long o = 0x320; o < 0x380; o += 0x10) r[i++] = o;
        r[i++] = 0x380;
        r[i++] = 0x390;
        r[i] = 0x3e0;
        return r;
    }
}
