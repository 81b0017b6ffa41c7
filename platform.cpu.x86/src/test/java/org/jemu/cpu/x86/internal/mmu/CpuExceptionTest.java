package org.jemu.cpu.x86.internal.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuExceptionTest {

    @Test
    void factoriesCarryVectorErrorCodeAndFaultAddressWithoutAStackTrace() {
        CpuException pf = CpuException.pf(0xdead_b000L, PageWalker.PF_P | PageWalker.PF_W);
        assertEquals(14, pf.vector());
        assertEquals(3, pf.errorCode());
        assertEquals(0xdead_b000L, pf.faultAddress());
        assertEquals(0, pf.getStackTrace().length);
        assertEquals("#PF(0x3) at 0xdeadb000", pf.getMessage());

        assertEquals(13, CpuException.gp(0x18).vector());
        assertEquals(0x18, CpuException.gp(0x18).errorCode());
        assertFalse(CpuException.ud().hasErrorCode());
        assertEquals(0, CpuException.df().errorCode());
        assertEquals(0, CpuException.ac().errorCode());
        int[] vectors = {CpuException.de().vector(), CpuException.db().vector(), CpuException.bp().vector(),
            CpuException.of().vector(), CpuException.br().vector(), CpuException.ud().vector(),
            CpuException.nm().vector(), CpuException.df().vector(), CpuException.ts(0).vector(),
            CpuException.np(0).vector(), CpuException.ss(0).vector(), CpuException.gp0().vector(), pf.vector(),
            CpuException.mf().vector(), CpuException.ac().vector(), CpuException.mc().vector(),
            CpuException.xm().vector()};
        assertEquals("[0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19]", java.util.Arrays.toString(vectors));
        assertTrue(CpuException.np(8).isContributory());
        assertFalse(pf.isContributory());
    }

    @Test
    void descriptorReadsThroughTheMmuUseSupervisorPaging() {
        try (GuestMemory mem = new GuestMemory()) {
            Mmu mmu = new Mmu(mem.as, 40, 8);
            // GDT at linear 0x8000_0000 mapped to physical 0x9000 by a supervisor-only 4 KiB page
            mem.put32(0x1000 + (0x8000_0000L >>> 22) * 4, 0x2000 | 3);
            mem.put32(0x2000, 0x9000 | 3);
            mem.put64(0x9010, Descriptor.encode(0x4000, 0xffff, 0xf2, 0)); // DPL3 data
            mmu.setState(PagingMode.CR0_PE | PagingMode.CR0_PG, 0x1000, 0, 0);
            Segmentation segs = new Segmentation(mmu);
            segs.setGdt(0x8000_0000L, 0xff);
            SegmentCache ds = new SegmentCache();
            segs.loadSegment(ds, Segmentation.DS, 0x13, 3, false);
            assertEquals(0x4000, ds.base());
            assertTrue(Descriptor.accessed(mem.get64(0x9010)), "accessed bit written through the TLB");
        }
    }
}
