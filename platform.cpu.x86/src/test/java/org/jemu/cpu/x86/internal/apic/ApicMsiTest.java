package org.jemu.cpu.x86.internal.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jemu.memory.MemTxResult;
import org.junit.jupiter.api.Test;

/** Writes into the "apic-msi" region that are messages: I/O APIC deliveries, PCI MSIs, DMA from other threads. */
class ApicMsiTest {

    private final ApicFixture f = new ApicFixture(3);

    ApicMsiTest() {
        for (int i = 0; i < 3; i++) f.enable(i);
    }

    @Test
    void aWriteFromAThreadRunningNoCpuIsAnMsiForTheAddressedApic() throws Exception {
        AtomicReference<MemTxResult> result = new AtomicReference<>();
        Thread dma = new Thread(() -> result.set(f.memory.write(0xfee0_2000L, 4, 0x71)), "dma");
        dma.start();
        dma.join();

        assertEquals(MemTxResult.OK, result.get());
        assertTrue(f.apic(2).hasInterrupt());
        assertFalse(f.apic(0).hasInterrupt());
        assertFalse(f.apic(1).hasInterrupt());
        assertEquals(0x71, f.apic(2).acknowledge());
    }

    @Test
    void aWriteAtARegisterOffsetFromANonVcpuThreadIsAnMsiToo() {
        f.memory.write(0xfee0_1300L, 4, 0x72); // dest 1; offset 0x300 would be the ICR for a CPU

        assertTrue(f.apic(1).hasInterrupt());
        assertEquals(0, f.read(0, 0x300), "no CPU's ICR was written");
    }

    @Test
    void aCpuWriteAtPageOffsetZeroOrBeyondThePageIsAnMsi() {
        f.write(0, 0x0, 0x73); // dest 0
        f.write(0, 0x2000, 0x74); // dest 2, as QEMU's apic_mem_write

        assertEquals(0x73, f.apic(0).acknowledge());
        assertEquals(0x74, f.apic(2).acknowledge());
    }

    @Test
    void theIoApicsLevelTriggeredMessageSetsTmrAndItsEoiIsBroadcast() {
        // plugin.pc's ioapic: address 0xfee00000 | dest-index << 4 | dest-mode << 2, data vector | mode << 8 |
        // trigger << 15; the destination byte lands in bits 12-19
        long address = 0xfee0_0000L | (0x01L << 8) << 4;
        f.memory.write(address, 4, 0x8000 | 0x39);

        LocalApic apic = f.apic(1);
        assertEquals(1 << 0x19, f.read(1, 0x190));
        assertEquals(0x39, apic.acknowledge());
        f.write(1, 0xb0, 0);
        assertEquals(List.of(0x39), f.eois);
    }

    @Test
    void logicalMsisMatchTheLogicalDestination() {
        f.write(2, 0xd0, 0x0800_0000);

        f.memory.write(0xfee0_0000L | 0x08L << 12 | 1 << 2, 4, 0x75);

        assertTrue(f.apic(2).hasInterrupt());
        assertFalse(f.apic(0).hasInterrupt());
    }

    @Test
    void nmiAndInitMessagesReachTheirTargetButSipiMessagesAreDropped() {
        f.memory.write(0xfee0_1000L, 4, 4 << 8);
        f.memory.write(0xfee0_2000L, 4, 5 << 8);
        f.memory.write(0xfee0_2000L, 4, 6 << 8 | 0x10);

        assertEquals(LocalApic.EVENT_NMI, f.apic(1).events());
        assertEquals(LocalApic.EVENT_INIT, f.apic(2).events());
    }

    @Test
    void anExtIntMessageTakesItsVectorFromTheTargetsPic() {
        ApicFixture.FakePic pic = new ApicFixture.FakePic();
        pic.vector = 0x22;
        f.apic(0).setPic(pic);

        f.memory.write(0xfee0_0000L, 4, 7 << 8 | 0x99); // the entry's own vector is not the one delivered

        assertEquals(1, pic.acks);
        assertEquals(0x22, f.apic(0).acknowledge());
    }

    @Test
    void narrowMessageWritesAreIgnored() {
        f.memory.write(0xfee0_0000L, 2, 0x76);
        f.memory.write(0xfee0_0000L, 1, 0x76);
        assertFalse(f.apic(0).hasInterrupt());
    }

    @Test
    void theCurrentCpuIsPerThread() throws Exception {
        f.bus.runningOn(f.apic(1));
        AtomicReference<LocalApic> seen = new AtomicReference<>(f.apic(0));
        Thread other = new Thread(() -> seen.set(f.bus.current()));
        other.start();
        other.join();

        assertSame(f.apic(1), f.bus.current());
        assertNull(seen.get());
        f.bus.runningOn(null);
        assertNull(f.bus.current());
    }
}
