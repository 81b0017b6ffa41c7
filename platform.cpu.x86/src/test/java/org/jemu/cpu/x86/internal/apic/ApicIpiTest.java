package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Inter-processor interrupts through the ICR between three APICs: modes, destinations and shorthands. */
class ApicIpiTest {

    private static final int ICR_LOW = 0x300, ICR_HIGH = 0x310;
    private static final int FIXED = 0, LOWEST = 1 << 8, NMI = 4 << 8, INIT = 5 << 8, SIPI = 6 << 8;
    private static final int LOGICAL = 1 << 11, ASSERT = 1 << 14, LEVEL = 1 << 15;
    private static final int SELF = 1 << 18, ALL = 2 << 18, OTHERS = 3 << 18;

    private final ApicFixture f = new ApicFixture(3);

    ApicIpiTest() {
        for (int i = 0; i < 3; i++) f.enable(i);
    }

    private void send(int from, int dest, int low) {
        f.write(from, ICR_HIGH, (long) dest << 24);
        f.write(from, ICR_LOW, low);
    }

    /** Which APICs have {@code vector} requested, as a bit mask (bit n: APIC n). */
    private int requested(int vector) {
        int mask = 0;
        for (int i = 0; i < 3; i++) {
            if ((f.read(i, 0x200 + (vector >> 5) * 0x10) & 1L << (vector & 31)) != 0) mask |= 1 << i;
        }
        return mask;
    }

    @Test
    void fixedIpiReachesThePhysicalDestination() {
        send(0, 2, FIXED | ASSERT | 0x51);

        assertEquals(0b100, requested(0x51));
        assertTrue(f.apic(2).hasInterrupt());
        assertEquals(1, f.wakeups[2]);
        assertEquals(0, f.read(0, ICR_LOW) & 1 << 12, "delivery status idle");
        assertEquals(ASSERT | 0x51, f.read(0, ICR_LOW));
    }

    @Test
    void physicalDestinationFollowsAChangedApicId() {
        f.write(1, 0x20, 0x0900_0000);

        send(0, 9, 0x52);
        send(0, 1, 0x53);

        assertEquals(0b010, requested(0x52));
        assertEquals(0, requested(0x53));
    }

    @Test
    void physicalBroadcastReachesEveryApic() {
        send(1, 0xff, 0x54);
        assertEquals(0b111, requested(0x54));
    }

    @Test
    void shorthandsSelectSelfAllOrOthers() {
        send(1, 0, SELF | 0x55);
        send(1, 0, ALL | 0x56);
        send(1, 0, OTHERS | 0x57);

        assertEquals(0b010, requested(0x55));
        assertEquals(0b111, requested(0x56));
        assertEquals(0b101, requested(0x57));
    }

    @Test
    void logicalFlatModelMatchesAnyCommonBit() {
        f.write(0, 0xd0, 0x0100_0000);
        f.write(1, 0xd0, 0x0200_0000);
        f.write(2, 0xd0, 0x0400_0000);

        send(0, 0x06, LOGICAL | 0x58);
        send(0, 0x01, LOGICAL | 0x59);
        send(0, 0xff, LOGICAL | 0x5a);

        assertEquals(0b110, requested(0x58));
        assertEquals(0b001, requested(0x59));
        assertEquals(0b111, requested(0x5a));
    }

    @Test
    void logicalClusterModelMatchesTheClusterAndAMemberBit() {
        for (int i = 0; i < 3; i++) f.write(i, 0xe0, 0x0fff_ffff);
        f.write(0, 0xd0, 0x1100_0000); // cluster 1, member 1
        f.write(1, 0xd0, 0x1200_0000); // cluster 1, member 2
        f.write(2, 0xd0, 0x2100_0000); // cluster 2, member 1

        send(0, 0x13, LOGICAL | 0x60);
        send(0, 0x21, LOGICAL | 0x61);
        send(0, 0x31, LOGICAL | 0x62);

        assertEquals(0b011, requested(0x60));
        assertEquals(0b100, requested(0x61));
        assertEquals(0, requested(0x62));
    }

    @Test
    void lowestPriorityGoesToTheFirstTarget() {
        f.write(0, 0xd0, 0x0100_0000);
        f.write(1, 0xd0, 0x0200_0000);
        f.write(2, 0xd0, 0x0400_0000);

        send(0, 0x06, LOGICAL | LOWEST | 0x63);

        assertEquals(0b010, requested(0x63));
    }

    @Test
    void levelTriggeredIpiSetsTheTargetsTmr() {
        send(0, 1, LEVEL | ASSERT | 0x64);
        assertEquals(1 << 4, f.read(1, 0x180 + 0x30));
    }

    @Test
    void nmiIpiRaisesTheTargetsNmi() {
        send(0, 2, NMI | ASSERT);

        assertTrue(f.apic(2).takeNmi());
        assertFalse(f.apic(1).takeNmi());
    }

    @Test
    void initThenSipiStartsAnApplicationProcessor() {
        LocalApic ap = f.apic(1);
        assertTrue(ap.waitingForSipi(), "APs wait for a SIPI after reset");
        assertFalse(f.apic(0).waitingForSipi(), "the BSP does not");

        send(0, 1, INIT | ASSERT);
        assertTrue(ap.takeInit());
        ap.initReset(); // what the core does when it takes the INIT
        send(0, 1, INIT | LEVEL); // the de-assert: no INIT
        assertFalse(ap.takeInit());
        send(0, 1, SIPI | ASSERT | 0x9a);

        assertEquals(LocalApic.EVENT_SIPI, ap.events());
        assertEquals(0x9a, ap.takeSipi());
        assertFalse(ap.waitingForSipi());
    }

    @Test
    void sipiIsIgnoredByACpuNotWaitingForOne() {
        send(1, 0, SIPI | ASSERT | 0x10);
        assertEquals(-1, f.apic(0).takeSipi());

        LocalApic ap = f.apic(2);
        send(0, 2, SIPI | ASSERT | 0x20);
        assertEquals(0x20, ap.takeSipi());
        send(0, 2, SIPI | ASSERT | 0x30);
        assertEquals(-1, ap.takeSipi(), "the second SIPI finds it running");
    }

    @Test
    void initIpiToAllOthersLeavesTheSender() {
        send(0, 0, OTHERS | INIT | ASSERT);

        assertFalse(f.apic(0).takeInit());
        assertTrue(f.apic(1).takeInit());
        assertTrue(f.apic(2).takeInit());
    }

    @Test
    void illegalVectorsAreNotSentAndSetSendIllegalVector() {
        send(0, 1, FIXED | 0x0f);

        assertEquals(0, f.read(1, 0x200));
        f.write(0, 0x280, 0);
        assertEquals(0x20, f.read(0, 0x280));
        f.write(1, 0x280, 0);
        assertEquals(0, f.read(1, 0x280));
    }

    @Test
    void softwareDisabledApicsStillTakeNmiInitAndSipi() {
        f.write(1, 0xf0, 0xff);

        send(0, 1, NMI);
        send(0, 1, INIT | ASSERT);

        assertEquals(LocalApic.EVENT_NMI | LocalApic.EVENT_INIT, f.apic(1).events());
    }

    @Test
    void globallyDisabledApicsReceiveNothing() {
        f.apic(2).writeApicBase(0xfee0_0000L);

        send(0, 0xff, 0x65);
        send(0, 2, NMI);

        assertEquals(0b011, requested(0x65));
        assertEquals(0, f.apic(2).events());
    }

    @Test
    void smiAndReservedModesAreDropped() {
        send(0, 1, (2 << 8) | 0x40);
        send(0, 1, (3 << 8) | 0x40);
        send(0, 1, (7 << 8) | 0x40); // ExtINT with no PIC behind the target

        assertEquals(0, f.apic(1).events());
        assertEquals(0, requested(0x40));
    }
}
