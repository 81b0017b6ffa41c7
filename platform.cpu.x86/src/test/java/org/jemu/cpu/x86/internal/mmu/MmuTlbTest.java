package org.jemu.cpu.x86.internal.mmu;

import static org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_READ;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_WRITE;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_P;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_W;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_PE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_PG;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_WP;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_PAE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_PGE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_PSE;
import static org.jemu.cpu.x86.internal.mmu.Tlb.MMU_SUPERVISOR;
import static org.jemu.cpu.x86.internal.mmu.Tlb.MMU_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jemu.memory.DirtyClient;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The softmmu TLB: hits, flush rules, topology changes, MMIO and page-crossing accesses. */
class MmuTlbTest {

    static final long P = 1, RW = 2, US = 4, D = 0x40, PS = 0x80, G = 0x100;
    static final long PG_ON = CR0_PE | CR0_PG | CR0_WP;
    static final long PD = 0x1000, PT = 0x2000;

    private final GuestMemory mem = new GuestMemory();
    private final Mmu mmu = new Mmu(mem.as, 40, 8);

    @BeforeEach
    void tables() {
        mem.put32(PD, PT | P | RW | US); // linear 0..4 MiB through PT
        mmu.setState(PG_ON, PD, CR4_PSE | CR4_PGE, 0);
    }

    @AfterEach
    void close() {
        mem.close();
    }

    private void map(long linear, long pte) {
        mem.put32(PT + ((linear >>> 12) & 0x3ff) * 4, pte);
    }

    @Test
    void aFilledEntryServesLaterAccessesWithoutAnotherWalk() {
        map(0x5000, 0x9000 | P | RW | D);
        mem.put32(0x9010, 0x1234);
        assertEquals(0x1234, mmu.readDword(0x5010, MMU_SUPERVISOR));
        assertTrue(mmu.tlb().contains(0x5010, ACCESS_READ, MMU_SUPERVISOR));
        assertTrue(mmu.tlb().contains(0x5010, ACCESS_WRITE, MMU_SUPERVISOR), "dirty page: writable entry at once");
        assertFalse(mmu.tlb().contains(0x5010, ACCESS_READ, MMU_USER), "MMU indexes are separate");

        map(0x5000, 0xa000 | P | RW | D); // stale until invalidated
        assertEquals(0x1234, mmu.readDword(0x5010, MMU_SUPERVISOR));
        mmu.invlpg(0x5fff);
        assertEquals(0, mmu.readDword(0x5010, MMU_SUPERVISOR));
    }

    @Test
    void aCleanPageIsEnteredReadOnlySoTheFirstWriteWalksAndSetsDirty() {
        map(0x5000, 0x9000 | P | RW);
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_WRITE, MMU_SUPERVISOR));
        mmu.writeByte(0x5000, 7, MMU_SUPERVISOR);
        assertEquals(D, mem.get32(PT + 5 * 4) & D);
        assertTrue(mmu.tlb().contains(0x5000, ACCESS_WRITE, MMU_SUPERVISOR));
    }

    @Test
    void invlpgOfASmallPageLeavesItsNeighbours() {
        map(0x5000, 0x9000 | P | D);
        map(0x6000, 0xa000 | P | D);
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.readByte(0x6000, MMU_SUPERVISOR);
        mmu.invlpg(0x5000);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR));
        assertTrue(mmu.tlb().contains(0x6000, ACCESS_READ, MMU_SUPERVISOR));
    }

    @Test
    void invlpgAnywhereInALargePageDropsAllOfIt() {
        mem.put32(PD + 1 * 4, 0x0080_0000L | PS | P | RW | D); // 4 MiB at linear 4 MiB
        map(0x5000, 0x9000 | P | D);
        mmu.readByte(0x0040_0000L, MMU_SUPERVISOR);
        mmu.readByte(0x007f_f000L, MMU_SUPERVISOR);
        mmu.readByte(0x5000, MMU_SUPERVISOR);

        mmu.invlpg(0x0060_0000L);
        assertFalse(mmu.tlb().contains(0x0040_0000L, ACCESS_READ, MMU_SUPERVISOR));
        assertFalse(mmu.tlb().contains(0x007f_f000L, ACCESS_READ, MMU_SUPERVISOR));
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "the whole index is flushed");
    }

    @Test
    void cr3LoadKeepsGlobalPagesOnlyWhileCr4PgeIsSet() {
        map(0x5000, 0x9000 | P | D | G);
        map(0x6000, 0xa000 | P | D);
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.readByte(0x6000, MMU_SUPERVISOR);

        mmu.setCr3(PD);
        assertTrue(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "global survives");
        assertFalse(mmu.tlb().contains(0x6000, ACCESS_READ, MMU_SUPERVISOR));

        mmu.invlpg(0x5000);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "invlpg drops global pages too");

        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.setCr4(CR4_PSE);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "clearing PGE flushes globals");
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.setCr3(PD);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "G is ignored without PGE");
    }

    @Test
    void controlRegisterChangesFlushEverything() {
        map(0x5000, 0x9000 | P | RW | D | G);
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.setCr0(CR0_PE | CR0_PG);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "CR0.WP change");
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mmu.setCr0(CR0_PE | CR0_PG | 8); // TS: no flush
        assertTrue(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR));
        mmu.setEfer(1L << 11);
        assertFalse(mmu.tlb().contains(0x5000, ACCESS_READ, MMU_SUPERVISOR), "EFER.NXE change");
    }

    @Test
    void memoryTopologyChangeDropsCachedTranslations() {
        map(0x5000, 0x0080_0000L | P | RW | D);
        mmu.writeDword(0x5000, 0xaaaa, MMU_SUPERVISOR);
        assertEquals(0xaaaa, mmu.readDword(0x5000, MMU_SUPERVISOR));

        MemoryRegion other = MemoryRegion.ram("other", 0x1000);
        try {
            mem.root.addSubregionOverlap(0x0080_0000L, other, 1);
            assertEquals(0, mmu.readDword(0x5000, MMU_SUPERVISOR), "new RAM shadows the page");
            mmu.writeDword(0x5000, 0xbbbb, MMU_SUPERVISOR);
            assertEquals(0xaaaa, mem.ram.ramBlock().segment().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0x0080_0000L));
            mem.root.removeSubregion(other);
            assertEquals(0xaaaa, mmu.readDword(0x5000, MMU_SUPERVISOR));
        } finally {
            other.ramBlock().close();
        }
    }

    @Test
    void mmioPagesGoThroughTheAddressSpaceOnEveryAccess() {
        map(0x5000, GuestMemory.MMIO | P | RW | D);
        assertEquals(0x5a, mmu.readDword(0x5010, MMU_SUPERVISOR));
        assertEquals(0x5a, mmu.readDword(0x5010, MMU_SUPERVISOR));
        mmu.writeWord(0x5020, 0xbeef, MMU_SUPERVISOR);
        assertTrue(mmu.tlb().contains(0x5010, ACCESS_READ, MMU_SUPERVISOR), "the translation is cached");
        assertEquals(List.of("r10/4", "r10/4", "w20/2=beef"), mem.mmioLog);
    }

    @Test
    void directWritesMarkTheCodeDirtyBitmap() {
        mem.ram.setDirtyLogging(DirtyClient.CODE, true);
        map(0x5000, 0x9000 | P | RW | D);
        mmu.readByte(0x5000, MMU_SUPERVISOR);
        mem.ram.ramBlock().getAndClearDirty(DirtyClient.CODE, 0, GuestMemory.RAM_SIZE);
        mmu.writeQword(0x5ff0, 1, MMU_SUPERVISOR);
        assertTrue(mem.ram.ramBlock().isDirty(DirtyClient.CODE, 0x9000));
        assertFalse(mem.ram.ramBlock().isDirty(DirtyClient.CODE, 0xa000));
    }

    @Test
    void accessesCrossingAPageUseBothTranslations() {
        map(0x5000, 0x9000 | P | RW | D);
        map(0x6000, 0x3000 | P | RW | D); // not physically contiguous
        mmu.writeQword(0x5ffd, 0x1122334455667788L, MMU_SUPERVISOR);
        assertEquals(0x667788, mem.as.read(0x9ffd, 4) & 0xffffff);
        assertEquals(0x1122334455L, mem.as.read(0x3000, 8) & 0xff_ffff_ffffL);
        assertEquals(0x1122334455667788L, mmu.readQword(0x5ffd, MMU_SUPERVISOR));
        assertEquals(0x5566, mmu.readWord(0x5fff, MMU_SUPERVISOR));
        assertEquals(0x66, mmu.fetchByte(0x5fff, MMU_SUPERVISOR));
        assertEquals(0x44556677, mmu.fetchDword(0x5ffe, MMU_SUPERVISOR));
    }

    @Test
    void aCrossingStoreFaultingOnTheSecondPageWritesNothing() {
        map(0x5000, 0x9000 | P | RW | D);
        map(0x6000, 0x3000 | P | D);
        CpuException e = assertThrows(CpuException.class, () -> mmu.writeDword(0x5ffe, 0xffffffff, MMU_SUPERVISOR));
        assertEquals(0x6000, e.faultAddress());
        assertEquals(PF_P | PF_W, e.errorCode());
        assertEquals(0, mem.as.read(0x9ffe, 2));
    }

    @Test
    void aCrossingLoadFaultsAtTheStartOfTheMissingPage() {
        map(0x5000, 0x9000 | P | RW | D);
        CpuException e = assertThrows(CpuException.class, () -> mmu.readDword(0x5ffe, MMU_USER));
        assertEquals(0x5ffe, e.faultAddress(), "the first page is supervisor-only");
        map(0x5000, 0x9000 | P | RW | US | D);
        mmu.invlpg(0x5000);
        e = assertThrows(CpuException.class, () -> mmu.readDword(0x5ffe, MMU_USER));
        assertEquals(0x6000, e.faultAddress());
    }

    @Test
    void linearAddressesWrapAt4GiBOutsideLongMode() {
        mmu.setState(CR0_PE, 0, 0, 0);
        mmu.writeDword(0xffff_fffeL, 0xaabbccdd, MMU_SUPERVISOR);
        assertEquals(0xaabb, mem.as.read(0, 2));
    }

    @Test
    void a20GateMasksPhysicalBit20() {
        mmu.setState(CR0_PE, 0, 0, 0);
        mem.put32(0x1000, 0x77);
        mmu.setA20(false);
        assertEquals(0x77, mmu.readDword(0x10_1000, MMU_SUPERVISOR));
        mmu.setA20(true);
        assertEquals(0, mmu.readDword(0x10_1000, MMU_SUPERVISOR));
    }

    @Test
    void paeCr3LoadReloadsPdptes() {
        mem.put64(0x3000, 0x4000 | P);
        mem.put64(0x4000, 0x0020_0000L | PS | P | RW | D);
        mmu.setState(PG_ON, 0x3000, CR4_PAE, 0);
        assertEquals(0x0020_0123L, mmu.translate(0x123, ACCESS_READ, MMU_SUPERVISOR));
        mem.put64(0x3000, 0);
        assertEquals(0x0020_0123L, mmu.translate(0x123, ACCESS_READ, MMU_SUPERVISOR), "TLB hit");
        mmu.setCr3(0x3000);
        assertThrows(CpuException.class, () -> mmu.translate(0x123, ACCESS_READ, MMU_SUPERVISOR));
    }
}
