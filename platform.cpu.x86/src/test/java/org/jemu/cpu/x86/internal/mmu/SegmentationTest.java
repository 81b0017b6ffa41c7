package org.jemu.cpu.x86.internal.mmu;

import static org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_EXEC;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_READ;
import static org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_WRITE;
import static org.jemu.cpu.x86.internal.mmu.Segmentation.CS;
import static org.jemu.cpu.x86.internal.mmu.Segmentation.DS;
import static org.jemu.cpu.x86.internal.mmu.Segmentation.FS;
import static org.jemu.cpu.x86.internal.mmu.Segmentation.SS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Descriptor decoding, segment loads and address formation over a fake linear memory. */
class SegmentationTest {

    /** 64 KiB of linear memory. */
    static final class FakeMemory implements LinearMemory {
        final byte[] bytes = new byte[0x10000];

        @Override
        public long readLinear(long linear, int size) {
            long v = 0;
            for (int i = 0; i < size; i++) v |= (bytes[(int) linear + i] & 0xffL) << (8 * i);
            return v;
        }

        @Override
        public void writeLinear(long linear, int size, long value) {
            for (int i = 0; i < size; i++) bytes[(int) linear + i] = (byte) (value >>> (8 * i));
        }
    }

    static final int GDT = 0x1000;
    // access bytes: P | DPL | S | type
    static final int DATA_RW = 0x92, DATA_RO = 0x90, DATA_RW_DOWN = 0x96, CODE_XR = 0x9a, CODE_X = 0x98,
            CODE_CONF = 0x9e;
    static final int G_DB = 0xc, L = 0x2;

    private final FakeMemory mem = new FakeMemory();
    private final Segmentation segs = new Segmentation(mem);
    private final SegmentCache seg = new SegmentCache();

    SegmentationTest() {
        segs.setGdt(GDT, 0x1ff);
    }

    private void gdt(int index, long descriptor) {
        mem.writeLinear(GDT + index * 8L, 8, descriptor);
    }

    private static long dpl(int access, int dpl) {
        return access | (dpl << 5);
    }

    static CpuException fault(int vector, int errorCode, Executable e) {
        CpuException x = assertThrows(CpuException.class, e);
        assertEquals(vector, x.vector(), x.getMessage());
        assertEquals(errorCode, x.errorCode(), x.getMessage());
        return x;
    }

    @Test
    void decodesBaseLimitAndAttributes() {
        long d = 0x00cf_9a00_0000_ffffL; // flat 4 GiB 32-bit code
        assertEquals(0, Descriptor.base(d));
        assertEquals(0xffff_ffffL, Descriptor.limit(d));
        assertTrue(Descriptor.isCode(d) && Descriptor.readable(d) && !Descriptor.conforming(d));
        assertTrue(Descriptor.present(d) && Descriptor.big(d) && Descriptor.granularity(d) && !Descriptor.longCode(d));
        assertEquals(0, Descriptor.dpl(d));

        long e = Descriptor.encode(0x12345678L, 0xabcde, 0xf6, 0x1); // DPL3 expand-down RW data, AVL, byte granular
        assertEquals(0x12345678L, Descriptor.base(e));
        assertEquals(0xabcde, Descriptor.limit(e));
        assertEquals(3, Descriptor.dpl(e));
        assertTrue(Descriptor.expandDown(e) && Descriptor.writable(e) && Descriptor.avl(e) && !Descriptor.big(e));
        assertEquals(0x00af_9b00_0000_ffffL & ~(1L << 40), Descriptor.encode(0, 0xfffff, 0x9a, 0xa), "64-bit code");
        assertTrue(Descriptor.longCode(Descriptor.encode(0, 0xfffff, 0x9a, 0xa)));
    }

    @Test
    void decodesGatesAndSixteenByteSystemDescriptors() {
        // 64-bit interrupt gate: offset 0xffff_8000_1234_5678, selector 0x10, IST 2, DPL 3
        long lo = 0x5678L | (0x10L << 16) | (2L << 32) | (0xeeL << 40) | (0x1234L << 48);
        long hi = 0xffff_8000L;
        assertTrue(Descriptor.isGate(lo) && !Descriptor.isTss(lo));
        assertEquals(Descriptor.SYS_INT_GATE, Descriptor.type(lo));
        assertEquals(0x10, Descriptor.gateSelector(lo));
        assertEquals(0xffff_8000_1234_5678L, Descriptor.gateOffset64(lo, hi));
        assertEquals(2, Descriptor.gateIst(lo));
        assertEquals(3, Descriptor.dpl(lo));

        long call = 0x5678L | (0x08L << 16) | (3L << 32) | (0x8cL << 40) | (0x1234L << 48);
        assertEquals(0x1234_5678L, Descriptor.gateOffset(call));
        assertEquals(3, Descriptor.gateParamCount(call));

        long tss = Descriptor.encode(0x0012_3000L, 0x67, 0x89, 0);
        assertTrue(Descriptor.isTss(tss) && !Descriptor.isGate(tss));
        assertEquals(0xffff_ffff_0012_3000L, Descriptor.base64(tss, 0xffff_ffffL));
    }

    @Test
    void loadingADataSegmentSetsItsCacheAndTheAccessedBit() {
        gdt(2, Descriptor.encode(0x10000, 0xfffff, DATA_RW, G_DB));
        segs.loadSegment(seg, DS, 0x10, 0, false);
        assertEquals(0x10, seg.selector());
        assertEquals(0x10000, seg.base());
        assertEquals(0xffff_ffffL, seg.limit());
        assertTrue(seg.writable() && seg.big());
        assertTrue(Descriptor.accessed(mem.readLinear(GDT + 16, 8)));
    }

    @Test
    void nullSelectorsMakeDataRegistersUnusableAndSsFaultsOutside64BitMode() {
        segs.loadSegment(seg, DS, 3, 3, false);
        assertFalse(seg.usable());
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0, 1, ACCESS_READ, false));
        fault(CpuException.GP, 0, () -> segs.loadSegment(seg, SS, 0, 0, false));
        fault(CpuException.GP, 0, () -> segs.loadSegment(seg, SS, 3, 3, true));
        fault(CpuException.GP, 0, () -> segs.loadSegment(seg, SS, 1, 0, true));
        segs.loadSegment(seg, SS, 0, 0, true);
        assertTrue(seg.usable());
    }

    @Test
    void dataSegmentPrivilegeChecksUseCplAndRpl() {
        gdt(2, Descriptor.encode(0, 0xffff, (int) dpl(DATA_RW, 1), 0));
        segs.loadSegment(seg, DS, 0x10, 1, false);
        fault(CpuException.GP, 0x10, () -> segs.loadSegment(seg, DS, 0x10, 2, false));
        fault(CpuException.GP, 0x10, () -> segs.loadSegment(seg, DS, 0x12, 0, false));
    }

    @Test
    void codeSegmentsLoadIntoDataRegistersOnlyWhenReadableAndConformingSkipsPrivilege() {
        gdt(3, Descriptor.encode(0, 0xffff, CODE_X, 0));
        gdt(4, Descriptor.encode(0, 0xffff, CODE_CONF, 0));
        fault(CpuException.GP, 0x18, () -> segs.loadSegment(seg, DS, 0x18, 0, false));
        segs.loadSegment(seg, DS, 0x23, 3, false);
        assertTrue(seg.conforming());
        fault(CpuException.GP, 0x20, () -> segs.loadSegment(seg, SS, 0x20, 0, false));
    }

    @Test
    void stackSegmentNeedsWritableDataAtCpl() {
        gdt(2, Descriptor.encode(0, 0xffff, DATA_RO, 0));
        gdt(3, Descriptor.encode(0, 0xffff, (int) dpl(DATA_RW, 3), 0));
        fault(CpuException.GP, 0x10, () -> segs.loadSegment(seg, SS, 0x10, 0, false));
        fault(CpuException.GP, 0x18, () -> segs.loadSegment(seg, SS, 0x18, 0, false));
        fault(CpuException.GP, 0x18, () -> segs.loadSegment(seg, SS, 0x1a, 3, false));
        segs.loadSegment(seg, SS, 0x1b, 3, false);
        assertEquals(3, seg.dpl());
    }

    @Test
    void notPresentIsNpOrSsForTheStack() {
        gdt(2, Descriptor.encode(0, 0xffff, DATA_RW & 0x7f, 0));
        fault(CpuException.NP, 0x10, () -> segs.loadSegment(seg, DS, 0x10, 0, false));
        fault(CpuException.SS, 0x10, () -> segs.loadSegment(seg, SS, 0x10, 0, false));
    }

    @Test
    void selectorsBeyondTheTableLimitOrSystemDescriptorsAreGp() {
        fault(CpuException.GP, 0x200, () -> segs.loadSegment(seg, DS, 0x200, 0, false));
        fault(CpuException.GP, 0x0c, () -> segs.loadSegment(seg, DS, 0x0c, 0, false)); // LDT at reset: limit 0xffff
        gdt(5, Descriptor.encode(0x5000, 0x67, 0x89, 0));
        fault(CpuException.GP, 0x28, () -> segs.loadSegment(seg, DS, 0x28, 0, false));
    }

    @Test
    void ldtSelectorsReadTheLocalTable() {
        gdt(6, Descriptor.encode(0x2000, 0x17, 0x82, 0));
        segs.loadLdt(0x30, false);
        mem.writeLinear(0x2008, 8, Descriptor.encode(0x4000, 0xff, DATA_RW, 0));
        segs.loadSegment(seg, DS, 0x0c, 0, false);
        assertEquals(0x4000, seg.base());
        fault(CpuException.GP, 0x1c, () -> segs.loadSegment(seg, DS, 0x1c, 0, false));
        segs.loadLdt(0, false);
        fault(CpuException.GP, 0x0c, () -> segs.loadSegment(seg, DS, 0x0c, 0, false));
    }

    @Test
    void ltrMarksTheTssBusyAndRefusesABusyOne() {
        gdt(5, Descriptor.encode(0x5000, 0x67, 0x89, 0));
        gdt(6, 0xffff_ffffL); // upper half of a 16-byte TSS descriptor: base 63:32
        segs.loadTr(0x28, true);
        assertEquals(0xffff_ffff_0000_5000L, segs.tr().base());
        assertEquals(Descriptor.SYS_TSS_BUSY, Descriptor.type(mem.readLinear(GDT + 40, 8)));
        fault(CpuException.GP, 0x28, () -> segs.loadTr(0x28, true));
        fault(CpuException.GP, 0, () -> segs.loadTr(0, false));
    }

    @Test
    void farJumpCodeChecks() {
        gdt(1, Descriptor.encode(0, 0xfffff, CODE_XR, G_DB));
        gdt(2, Descriptor.encode(0, 0xfffff, CODE_CONF, G_DB));
        gdt(3, Descriptor.encode(0, 0xfffff, CODE_XR, L | 0x4 | 0x8));
        gdt(4, Descriptor.encode(0, 0xfffff, CODE_XR & 0x7f, G_DB));
        SegmentCache cs = new SegmentCache();
        segs.loadCodeSegmentDirect(cs, 0x08, 0, false);
        assertTrue(cs.isCode() && cs.big());
        fault(CpuException.GP, 0x08, () -> segs.loadCodeSegmentDirect(cs, 0x08, 3, false));
        segs.loadCodeSegmentDirect(cs, 0x10, 3, false);
        assertEquals(0x13, cs.selector(), "RPL becomes CPL");
        fault(CpuException.GP, 0x18, () -> segs.loadCodeSegmentDirect(cs, 0x18, 0, true));
        fault(CpuException.NP, 0x20, () -> segs.loadCodeSegmentDirect(cs, 0x20, 0, false));
        fault(CpuException.GP, 0, () -> segs.loadCodeSegmentDirect(cs, 0, 0, false));
    }

    @Test
    void realAndVm86LoadsSetBaseFromTheSelector() {
        seg.set(0, 0, 0xffff_ffffL, SegmentCache.FLAGS_REAL);
        Segmentation.loadReal(seg, 0x1234);
        assertEquals(0x12340, seg.base());
        assertEquals(0xffff_ffffL, seg.limit(), "unreal mode keeps the limit");
        Segmentation.loadVm86(seg, 0xf000);
        assertEquals(0xf0000, seg.base());
        assertEquals(0xffff, seg.limit());
        assertEquals(3, seg.dpl());
    }

    @Test
    void expandUpLimitChecksCoverTheLastByte() {
        seg.set(0x10, 0x1000, 0xfff, SegmentCache.FLAGS_REAL);
        assertEquals(0x1ffc, Segmentation.linear(seg, DS, 0xffc, 4, ACCESS_READ, false));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0xffd, 4, ACCESS_READ, false));
        fault(CpuException.SS, 0, () -> Segmentation.linear(seg, SS, 0x1000, 1, ACCESS_WRITE, false));
    }

    @Test
    void expandDownSegmentsAllowOffsetsAboveTheLimitUpTo64KiBOr4GiB() {
        seg.setFromDescriptor(0x10, Descriptor.encode(0, 0x0fff, DATA_RW_DOWN, 0));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0xfff, 1, ACCESS_READ, false));
        assertEquals(0x1000, Segmentation.linear(seg, DS, 0x1000, 2, ACCESS_READ, false));
        assertEquals(0xfffe, Segmentation.linear(seg, DS, 0xfffe, 2, ACCESS_READ, false));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0xffff, 2, ACCESS_READ, false));

        seg.setFromDescriptor(0x10, Descriptor.encode(0, 0x0fff, DATA_RW_DOWN, 0x4));
        assertEquals(0xffff_fffcL, Segmentation.linear(seg, SS, 0xffff_fffcL, 4, ACCESS_WRITE, false));
        fault(CpuException.SS, 0, () -> Segmentation.linear(seg, SS, 0x800, 4, ACCESS_WRITE, false));
    }

    @Test
    void typeChecksForWritesAndReads() {
        seg.setFromDescriptor(0x10, Descriptor.encode(0, 0xffff, DATA_RO, 0));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0, 1, ACCESS_WRITE, false));
        seg.setFromDescriptor(0x08, Descriptor.encode(0, 0xffff, CODE_X, 0));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0, 1, ACCESS_READ, false));
        assertEquals(0x10, Segmentation.linear(seg, CS, 0x10, 1, ACCESS_EXEC, false));
    }

    @Test
    void addressesWrapAt4GiBOutsideLongMode() {
        seg.set(0x10, 0xffff_f000L, 0xffff_ffffL, SegmentCache.FLAGS_REAL);
        assertEquals(0x0fff, Segmentation.linear(seg, DS, 0x1fff, 1, ACCESS_READ, false));
    }

    @Test
    void longModeUsesOnlyFsGsBasesAndChecksCanonicalAddresses() {
        seg.set(0x10, 0x1000, 0, 0);
        assertEquals(0x20, Segmentation.linear(seg, DS, 0x20, 8, ACCESS_WRITE, true), "no base, no limit, no type");
        assertEquals(0x1020, Segmentation.linear(seg, FS, 0x20, 8, ACCESS_WRITE, true));
        assertEquals(0xffff_8000_0000_0000L, Segmentation.linear(seg, DS, 0xffff_8000_0000_0000L, 8, ACCESS_READ, true));
        fault(CpuException.GP, 0, () -> Segmentation.linear(seg, DS, 0x0000_8000_0000_0000L, 1, ACCESS_READ, true));
        fault(CpuException.SS, 0, () -> Segmentation.linear(seg, SS, 0x0000_7fff_ffff_fffcL, 8, ACCESS_READ, true));
        assertTrue(Segmentation.isCanonical(0x0000_7fff_ffff_ffffL));
        assertFalse(Segmentation.isCanonical(0xfff0_0000_0000_0000L));
    }
}
