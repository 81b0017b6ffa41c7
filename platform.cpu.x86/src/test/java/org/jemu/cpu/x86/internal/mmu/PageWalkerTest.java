package org.jemu.cpu.x86.internal.mmu;

import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_ID;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_P;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_RSVD;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_U;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.PF_W;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_PE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_PG;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR0_WP;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_PAE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_PSE;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.CR4_SMEP;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.EFER_LMA;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.EFER_LME;
import static org.jemu.cpu.x86.internal.mmu.PagingMode.EFER_NXE;
import static org.jemu.cpu.x86.internal.mmu.Tlb.MMU_SUPERVISOR;
import static org.jemu.cpu.x86.internal.mmu.Tlb.MMU_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Page walks in every paging mode, through {@link Mmu} over a real address space. */
class PageWalkerTest {

    static final long P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100, NX = 1L << 63;
    static final long PG_ON = CR0_PE | CR0_PG;

    private final GuestMemory mem = new GuestMemory();
    private final Mmu mmu = new Mmu(mem.as, 40, 8);

    @AfterEach
    void close() {
        mem.close();
    }

    static CpuException fault(Executable e) {
        return assertThrows(CpuException.class, e);
    }

    static void assertPf(CpuException e, long cr2, int errorCode) {
        assertEquals(CpuException.PF, e.vector(), e.getMessage());
        assertEquals(cr2, e.faultAddress(), "CR2");
        assertEquals(errorCode, e.errorCode(), "error code " + e.getMessage());
    }

    // ---- 32-bit paging --------------------------------------------------------------------------------------------

    /** Legacy tables: PD at 0x1000, PT at 0x2000 mapping linear 0x40001000 to {@code pte}. */
    private void legacy(long pdeFlags, long pte, long cr4) {
        mem.put32(0x1000 + (0x40001000L >>> 22) * 4, 0x2000 | pdeFlags);
        mem.put32(0x2000 + 1 * 4, pte);
        mmu.setState(PG_ON, 0x1000, cr4, 0);
    }

    @Test
    void pagingOffMapsLinearToPhysical() {
        mmu.setState(CR0_PE, 0, 0, 0);
        mmu.writeDword(0x12344, 0xcafe, MMU_USER);
        assertEquals(0xcafe, mem.get32(0x12344));
        assertEquals(0x12344, mmu.translate(0x12344, PageWalker.ACCESS_EXEC, MMU_USER));
    }

    @Test
    void legacyFourKilobytePageTranslatesAndSetsAccessedThenDirty() {
        legacy(P | RW | US, 0x7000 | P | RW | US, 0);
        mem.put32(0x7abc, 0x11223344);

        assertEquals(0x11223344, mmu.readDword(0x40001abc, MMU_USER));
        assertEquals(A, mem.get32(0x1400) & (A | D), "PDE accessed");
        assertEquals(A, mem.get32(0x2004) & (A | D), "PTE accessed, not dirty after a read");

        mmu.writeDword(0x40001abc, 0x55, MMU_USER);
        assertEquals(0x55, mem.get32(0x7abc));
        assertEquals(A | D, mem.get32(0x2004) & (A | D), "PTE dirty after the write");
        assertEquals(0, mem.get32(0x1400) & D, "non-leaf entries never get D");
    }

    @Test
    void legacyFourMegabytePageNeedsCr4Pse() {
        mem.put32(0x1000 + (0x80000000L >>> 22) * 4, 0x0080_0000L | PS | P | RW);
        mmu.setState(PG_ON, 0x1000, CR4_PSE, 0);
        assertEquals(0x0092_3456L, mmu.translate(0x8012_3456L, PageWalker.ACCESS_READ, MMU_SUPERVISOR));
        assertEquals(A, mem.get32(0x1800) & (A | D));

        // without PSE the PS bit is ignored: the PDE points at a page table at 0x800000 (empty: not present)
        mmu.setState(PG_ON, 0x1000, 0, 0);
        assertPf(fault(() -> mmu.readByte(0x8012_3456L, MMU_SUPERVISOR)), 0x8012_3456L, 0);
    }

    @Test
    void legacyFourMegabytePageWithPse36AndReservedBit21() {
        // bits 20:13 = 0x01 -> physical bits 39:32 = 1: beyond RAM, but the translation is what matters
        mem.put32(0x1000 + (0xc0000000L >>> 22) * 4, 0x0040_0000L | (1L << 13) | PS | P);
        mmu.setState(PG_ON, 0x1000, CR4_PSE, 0);
        assertEquals(0x1_0040_0010L, mmu.translate(0xc000_0010L, PageWalker.ACCESS_READ, MMU_SUPERVISOR));

        mem.put32(0x1000 + (0xc0000000L >>> 22) * 4, 0x0040_0000L | (1L << 21) | PS | P);
        mmu.flushTlb();
        assertPf(fault(() -> mmu.readByte(0xc000_0010L, MMU_SUPERVISOR)), 0xc000_0010L, PF_P | PF_RSVD);
    }

    @Test
    void notPresentFaultsReportWriteAndUserButNotPresence() {
        legacy(P | RW | US, 0x7000, 0);
        assertPf(fault(() -> mmu.readByte(0x40001000L, MMU_SUPERVISOR)), 0x40001000L, 0);
        assertPf(fault(() -> mmu.writeByte(0x40001ffeL, 1, MMU_USER)), 0x40001ffeL, PF_W | PF_U);
        assertPf(fault(() -> mmu.readByte(0x40400000L, MMU_USER)), 0x40400000L, PF_U);
        assertPf(fault(() -> mmu.fetchByte(0x40001000L, MMU_USER)), 0x40001000L, PF_U);
    }

    @Test
    void userAccessToASupervisorPageIsAProtectionFault() {
        legacy(P | RW | US, 0x7000 | P | RW, 0);
        assertPf(fault(() -> mmu.readByte(0x40001010L, MMU_USER)), 0x40001010L, PF_P | PF_U);
        mmu.readByte(0x40001010L, MMU_SUPERVISOR);

        legacy(P | RW, 0x7000 | P | RW | US, 0);
        assertPf(fault(() -> mmu.writeByte(0x40001010L, 0, MMU_USER)), 0x40001010L, PF_P | PF_W | PF_U);
    }

    @Test
    void supervisorWritesToReadOnlyPagesFaultOnlyWithCr0Wp() {
        legacy(P | RW | US, 0x7000 | P | US, 0);
        mmu.writeByte(0x40001010L, 9, MMU_SUPERVISOR);
        assertEquals(9, mem.get32(0x7010) & 0xff);
        assertPf(fault(() -> mmu.writeByte(0x40001010L, 9, MMU_USER)), 0x40001010L, PF_P | PF_W | PF_U);

        mmu.setCr0(PG_ON | CR0_WP);
        assertPf(fault(() -> mmu.writeByte(0x40001010L, 9, MMU_SUPERVISOR)), 0x40001010L, PF_P | PF_W);
    }

    @Test
    void smepForbidsSupervisorFetchesFromUserPages() {
        legacy(P | RW | US, 0x7000 | P | US, CR4_SMEP);
        mmu.readByte(0x40001000L, MMU_SUPERVISOR);
        assertPf(fault(() -> mmu.fetchByte(0x40001000L, MMU_SUPERVISOR)), 0x40001000L, PF_P | PF_ID);
        mmu.fetchByte(0x40001000L, MMU_USER);
    }

    // ---- PAE --------------------------------------------------------------------------------------------------

    /** PAE tables: PDPT at 0x3000, PD at 0x4000, PT at 0x5000; linear 0x40201000 through the PT, 0x40400000 2 MiB. */
    private void pae(long pte, long largePde, long efer) {
        mem.put64(0x3000 + 8, 0x4000 | P);
        mem.put64(0x4000 + 1 * 8, 0x5000 | P | RW | US);
        mem.put64(0x5000 + 1 * 8, pte);
        mem.put64(0x4000 + 2 * 8, largePde);
        mmu.setState(PG_ON, 0x3000, CR4_PAE, efer);
    }

    @Test
    void paeTranslatesFourKilobyteAndTwoMegabytePages() {
        pae(0x9000 | P | RW, 0x0060_0000L | PS | P | RW, 0);
        assertEquals(0x9123, mmu.translate(0x4020_1123L, PageWalker.ACCESS_WRITE, MMU_SUPERVISOR));
        assertEquals(A | D, mem.get64(0x5008) & (A | D));
        assertEquals(A, mem.get64(0x4008) & (A | D));
        assertEquals(0x0065_4321L, mmu.translate(0x4045_4321L, PageWalker.ACCESS_READ, MMU_SUPERVISOR));
        assertEquals(A, mem.get64(0x4010) & (A | D));
        assertPf(fault(() -> mmu.readByte(0x0000_1000L, MMU_SUPERVISOR)), 0x1000, 0);
    }

    @Test
    void paeReservedBitsInPdptesFaultAtCr3LoadWithGp0() {
        mem.put64(0x3000, 0x4000 | P | RW);
        mmu.setState(CR0_PE, 0x3000, CR4_PAE, 0);
        CpuException e = fault(() -> mmu.setCr0(PG_ON));
        assertEquals(CpuException.GP, e.vector());
        assertEquals(0, e.errorCode());
        assertEquals(0, mmu.cr0() & CR0_PG, "CR0 unchanged");

        mem.put64(0x3000, 0x4000 | P);
        mmu.setCr0(PG_ON);
        mem.put64(0x3020, 0x4000 | P | (1L << 45));
        assertEquals(CpuException.GP, fault(() -> mmu.setCr3(0x3020)).vector(), "address bit above MAXPHYADDR");
        assertEquals(0x3000, mmu.cr3());
    }

    @Test
    void paeExecuteDisableNeedsEferNxeElseItIsReserved() {
        pae(0x9000 | P | RW | NX, 0, EFER_NXE);
        mmu.readByte(0x4020_1000L, MMU_SUPERVISOR);
        assertPf(fault(() -> mmu.fetchByte(0x4020_1000L, MMU_SUPERVISOR)), 0x4020_1000L, PF_P | PF_ID);

        pae(0x9000 | P | RW | NX, 0, 0);
        assertPf(fault(() -> mmu.readByte(0x4020_1000L, MMU_SUPERVISOR)), 0x4020_1000L, PF_P | PF_RSVD);
    }

    @Test
    void instructionFetchFaultsReportIdOnlyWithNxeOrSmep() {
        pae(0x9000, 0, EFER_NXE);
        assertPf(fault(() -> mmu.fetchByte(0x4020_1000L, MMU_USER)), 0x4020_1000L, PF_U | PF_ID);
        pae(0x9000, 0, 0);
        assertPf(fault(() -> mmu.fetchByte(0x4020_1000L, MMU_USER)), 0x4020_1000L, PF_U);
    }

    @Test
    void paeTwoMegabytePageWithReservedLowBitsFaultsRsvd() {
        pae(0, 0x0060_0000L | (1L << 13) | PS | P, 0);
        assertPf(fault(() -> mmu.writeByte(0x4040_0000L, 0, MMU_USER)), 0x4040_0000L, PF_P | PF_RSVD | PF_W | PF_U);
    }

    // ---- 4-level ----------------------------------------------------------------------------------------------

    static final long LM_EFER = EFER_LME | EFER_LMA | EFER_NXE;

    /** 4-level tables: PML4 0x6000, PDPT 0x7000, PD 0x8000, PT 0x9000 for linear 0x0000_7f80_4020_1000 and friends. */
    private void longMode(long pte) {
        long la = 0x0000_7f80_4020_1000L;
        mem.put64(0x6000 + ((la >>> 39) & 0x1ff) * 8, 0x7000 | P | RW | US);
        mem.put64(0x7000 + ((la >>> 30) & 0x1ff) * 8, 0x8000 | P | RW | US);
        mem.put64(0x8000 + ((la >>> 21) & 0x1ff) * 8, 0x9000 | P | RW | US);
        mem.put64(0x9000 + ((la >>> 12) & 0x1ff) * 8, pte);
        mmu.setState(PG_ON | CR0_WP, 0x6000, CR4_PAE, LM_EFER);
    }

    @Test
    void fourLevelTranslatesAndSetsAccessedAtEveryLevel() {
        longMode(0xa000 | P | RW | US);
        mem.put64(0xa008, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, mmu.readQword(0x0000_7f80_4020_1008L, MMU_USER));
        for (long entry : new long[] {0x6000 + 0xff * 8, 0x7000 + 1 * 8, 0x8000 + 1 * 8, 0x9000 + 1 * 8}) {
            assertEquals(A, mem.get64(entry) & (A | D), "entry at 0x" + Long.toHexString(entry));
        }
    }

    @Test
    void fourLevelTwoMegabyteAndOneGigabytePages() {
        longMode(0);
        mem.put64(0x8000 + 2 * 8, 0x0020_0000L | PS | P | RW);
        mem.put64(0x7000 + 3 * 8, 0x4000_0000L | PS | P | RW);
        assertEquals(0x0021_2345L, mmu.translate(0x0000_7f80_4041_2345L, PageWalker.ACCESS_READ, MMU_SUPERVISOR));
        assertEquals(0x4123_4567L, mmu.translate(0x0000_7f80_c123_4567L, PageWalker.ACCESS_READ, MMU_SUPERVISOR));
        assertEquals(A, mem.get64(0x7018) & (A | D));
    }

    @Test
    void fourLevelReservedBitsFaultWithRsvd() {
        longMode(0xa000 | P | RW | (1L << 41));
        assertPf(fault(() -> mmu.readByte(0x0000_7f80_4020_1000L, MMU_SUPERVISOR)), 0x0000_7f80_4020_1000L,
                PF_P | PF_RSVD);

        longMode(0xa000 | P | RW);
        mem.put64(0x6000 + 0xff * 8, 0x7000 | P | RW | US | PS);
        mmu.flushTlb();
        assertPf(fault(() -> mmu.fetchByte(0x0000_7f80_4020_1000L, MMU_USER)), 0x0000_7f80_4020_1000L,
                PF_P | PF_RSVD | PF_U | PF_ID);
    }

    @Test
    void fourLevelExecuteDisableAnyLevelForbidsFetches() {
        longMode(0xa000 | P | RW | US);
        mem.put64(0x7000 + 1 * 8, 0x8000 | P | RW | US | NX);
        assertPf(fault(() -> mmu.fetchByte(0x0000_7f80_4020_1000L, MMU_USER)), 0x0000_7f80_4020_1000L,
                PF_P | PF_U | PF_ID);
        assertEquals(0, mmu.readByte(0x0000_7f80_4020_1000L, MMU_USER));
    }

    @Test
    void readOnlyIntermediateLevelMakesThePageReadOnly() {
        longMode(0xa000 | P | RW | US);
        mem.put64(0x8000 + 1 * 8, 0x9000 | P | US);
        assertPf(fault(() -> mmu.writeByte(0x0000_7f80_4020_1000L, 1, MMU_SUPERVISOR)), 0x0000_7f80_4020_1000L,
                PF_P | PF_W);
        assertTrue((mem.get64(0x9008) & D) == 0, "a faulting write does not set Dirty");
    }
}
