package org.jemu.cpu.x86.internal.mmu;

/**
 * Segmentation for the software CPU (QEMU's seg_helper load_seg, helper_lldt, helper_ltr, helper_ljmp_protected
 * checks and the address-formation rules): descriptor-table lookup through {@link LinearMemory}, segment-register
 * loads with their privilege, type and presence checks, limit checks and linear address formation.
 *
 * <p>Holds GDTR and the LDTR/TR caches; the six segment registers are {@link SegmentCache}s the CPU owns and passes
 * in. Fault error codes follow the SDM: selector-related faults carry {@code selector & 0xfffc}, limit and
 * canonical violations 0; accesses through SS raise #SS, all others #GP.
 */
public final class Segmentation {

    public static final int ES = 0;
    public static final int CS = 1;
    public static final int SS = 2;
    public static final int DS = 3;
    public static final int FS = 4;
    public static final int GS = 5;

    private final LinearMemory mem;
    private long gdtBase;
    private int gdtLimit = 0xffff;
    private final SegmentCache ldtr = new SegmentCache();
    private final SegmentCache tr = new SegmentCache();

    public Segmentation(LinearMemory mem) {
        this.mem = mem;
        ldtr.set(0, 0, 0xffff, SegmentCache.FLAG_P | (Descriptor.SYS_LDT << 8));
        tr.set(0, 0, 0xffff, SegmentCache.FLAG_P | (Descriptor.SYS_TSS_BUSY << 8));
    }

    /** LGDT. */
    public void setGdt(long base, int limit) {
        gdtBase = base;
        gdtLimit = limit & 0xffff;
    }

    public long gdtBase() {
        return gdtBase;
    }

    public int gdtLimit() {
        return gdtLimit;
    }

    public SegmentCache ldtr() {
        return ldtr;
    }

    public SegmentCache tr() {
        return tr;
    }

    /** Whether a 64-bit linear address is canonical for 48-bit linear addresses. */
    public static boolean isCanonical(long linear) {
        return (linear << 16) >> 16 == linear;
    }

    // ---- descriptor tables ---------------------------------------------------------------------------------------

    /** The linear address of the descriptor {@code selector} names, after the table limit check (#GP(sel)). */
    public long descriptorAddress(int selector, int bytes) {
        int index = selector & 0xfff8;
        long base;
        long limit;
        if ((selector & 4) != 0) {
            if (!ldtr.usable()) throw CpuException.gp(selector & 0xfffc);
            base = ldtr.base();
            limit = ldtr.limit();
        } else {
            base = gdtBase;
            limit = gdtLimit;
        }
        if (index + bytes - 1 > limit) throw CpuException.gp(selector & 0xfffc);
        return base + index;
    }

    /** Reads the 8-byte descriptor {@code selector} names (#GP(sel) beyond the table limit). */
    public long readDescriptor(int selector) {
        return mem.readLinear(descriptorAddress(selector, 8), 8);
    }

    private void setDescriptorBit(int selector, long descriptor, long bit) {
        if ((descriptor & bit) == 0) {
            mem.writeLinear(descriptorAddress(selector, 8) + 4, 4, ((descriptor | bit) >>> 32) & 0xffff_ffffL);
        }
    }

    // ---- segment register loads ------------------------------------------------------------------------------------

    /** A real-mode load: selector and base only, the limit and attributes stay (which is what allows unreal mode). */
    public static void loadReal(SegmentCache seg, int selector) {
        seg.set(selector, (selector & 0xffffL) << 4, seg.limit(), seg.flags());
    }

    /** A virtual-8086 mode load: base selector*16, limit 0xffff, present read/write data at DPL 3. */
    public static void loadVm86(SegmentCache seg, int selector) {
        seg.set(selector, (selector & 0xffffL) << 4, 0xffff, SegmentCache.FLAGS_REAL | (3 << SegmentCache.FLAG_DPL_SHIFT));
    }

    /**
     * A protected- or long-mode load of DS, ES, FS, GS or SS (MOV, POP, LDS...): a null selector makes the register
     * unusable, except that SS may only be null in 64-bit mode at CPL &lt; 3 with RPL = CPL (#GP(0) otherwise). SS
     * needs a writable data segment with RPL = DPL = CPL; the others a data or readable code segment with DPL &ge;
     * max(CPL, RPL) unless conforming code. Then #SS(sel) / #NP(sel) when not present; the Accessed bit is set in
     * the descriptor.
     *
     * @param code64 whether the CPU is in 64-bit mode (CS.L with EFER.LMA)
     */
    public void loadSegment(SegmentCache seg, int segReg, int selector, int cpl, boolean code64) {
        selector &= 0xffff;
        int rpl = selector & 3;
        int err = selector & 0xfffc;
        if (err == 0) {
            if (segReg == SS) {
                if (!code64 || cpl == 3 || rpl != cpl) throw CpuException.gp0();
                // a usable null SS in 64-bit mode: DPL = CPL, writable
                seg.set(selector, 0, 0xffff_ffffL, SegmentCache.FLAGS_REAL | SegmentCache.FLAG_B
                        | (cpl << SegmentCache.FLAG_DPL_SHIFT));
            } else {
                seg.set(selector, 0, 0, 0);
            }
            return;
        }
        long d = readDescriptor(selector);
        if (!Descriptor.isCodeOrData(d)) throw CpuException.gp(err);
        int dpl = Descriptor.dpl(d);
        if (segReg == SS) {
            if (!Descriptor.writable(d)) throw CpuException.gp(err);
            if (rpl != cpl || dpl != cpl) throw CpuException.gp(err);
        } else {
            if (!Descriptor.readable(d)) throw CpuException.gp(err);
            if (!Descriptor.conforming(d) && (dpl < cpl || dpl < rpl)) throw CpuException.gp(err);
        }
        if (!Descriptor.present(d)) throw segReg == SS ? CpuException.ss(err) : CpuException.np(err);
        setDescriptorBit(selector, d, 1L << 40);
        seg.setFromDescriptor(selector, d | (1L << 40));
    }

    /**
     * The checks of a far JMP or CALL straight to a code segment (no gate), loading CS: null #GP(0); not a code
     * segment #GP(sel); conforming needs DPL &le; CPL, non-conforming RPL &le; CPL and DPL = CPL (#GP(sel)); L and D
     * both set in long mode #GP(sel); not present #NP(sel). CS.RPL becomes CPL. Gates and TSS descriptors are the
     * caller's: this throws #GP(sel) for any system descriptor, so check {@link #readDescriptor} first for those.
     */
    public void loadCodeSegmentDirect(SegmentCache cs, int selector, int cpl, boolean longMode) {
        selector &= 0xffff;
        int err = selector & 0xfffc;
        if (err == 0) throw CpuException.gp0();
        long d = readDescriptor(selector);
        if (!Descriptor.isCode(d)) throw CpuException.gp(err);
        int dpl = Descriptor.dpl(d);
        if (Descriptor.conforming(d)) {
            if (dpl > cpl) throw CpuException.gp(err);
        } else if ((selector & 3) > cpl || dpl != cpl) {
            throw CpuException.gp(err);
        }
        if (longMode && Descriptor.longCode(d) && Descriptor.big(d)) throw CpuException.gp(err);
        if (!Descriptor.present(d)) throw CpuException.np(err);
        setDescriptorBit(selector, d, 1L << 40);
        cs.setFromDescriptor(err | cpl, d | (1L << 40));
    }

    /**
     * LLDT (CPL 0 checked by the caller): null makes LDTR unusable; the selector must be in the GDT and name an LDT
     * descriptor (#GP(sel)), present (#NP(sel)); 16 bytes in long mode with a zero upper type (#GP(sel)).
     */
    public void loadLdt(int selector, boolean longMode) {
        selector &= 0xffff;
        int err = selector & 0xfffc;
        if (err == 0) {
            ldtr.set(selector, 0, 0, 0);
            return;
        }
        if ((selector & 4) != 0) throw CpuException.gp(err);
        long d = readDescriptor(selector);
        if (Descriptor.isCodeOrData(d) || Descriptor.type(d) != Descriptor.SYS_LDT) throw CpuException.gp(err);
        if (!Descriptor.present(d)) throw CpuException.np(err);
        long base = Descriptor.base(d);
        if (longMode) {
            long high = mem.readLinear(descriptorAddress(selector, 16) + 8, 8);
            if (Descriptor.upperType(high) != 0) throw CpuException.gp(err);
            base = Descriptor.base64(d, high);
        }
        ldtr.set(selector, base, Descriptor.limit(d), (int) (d >>> 32) & 0x00f0_ff00);
    }

    /**
     * LTR (CPL 0 checked by the caller): null #GP(0); the selector must be in the GDT and name an available TSS
     * (#GP(sel)), present (#NP(sel)); 16 bytes and a 32/64-bit TSS in long mode. Marks the descriptor busy.
     */
    public void loadTr(int selector, boolean longMode) {
        selector &= 0xffff;
        int err = selector & 0xfffc;
        if (err == 0) throw CpuException.gp0();
        if ((selector & 4) != 0) throw CpuException.gp(err);
        long d = readDescriptor(selector);
        int type = Descriptor.type(d);
        boolean available = type == Descriptor.SYS_TSS_AVAILABLE || (!longMode && type == Descriptor.SYS_TSS16_AVAILABLE);
        if (Descriptor.isCodeOrData(d) || !available) throw CpuException.gp(err);
        if (!Descriptor.present(d)) throw CpuException.np(err);
        long base = Descriptor.base(d);
        if (longMode) {
            long high = mem.readLinear(descriptorAddress(selector, 16) + 8, 8);
            if (Descriptor.upperType(high) != 0) throw CpuException.gp(err);
            base = Descriptor.base64(d, high);
        }
        setDescriptorBit(selector, d, 2L << 40);
        d |= 2L << 40;
        tr.set(selector, base, Descriptor.limit(d), (int) (d >>> 32) & 0x00f0_ff00);
    }

    // ---- address formation ---------------------------------------------------------------------------------------

    /**
     * The linear address of {@code size} bytes at {@code offset} through {@code seg} for a {@code PageWalker.ACCESS_*}
     * access. In 64-bit mode only FS and GS add their base, there are no limit or type checks, and a non-canonical
     * first or last byte is #SS(0) through SS, #GP(0) otherwise. Outside it: an unusable register, a write to a code
     * or read-only data segment, a read of execute-only code or a limit violation (expand-down aware) is #GP(0)
     * (#SS(0) through SS), and the result wraps at 4 GiB.
     *
     * @param offset the effective address, already truncated to the address size
     */
    public static long linear(SegmentCache seg, int segReg, long offset, int size, int access, boolean code64) {
        if (code64) {
            long la = segReg >= FS ? seg.base() + offset : offset;
            if (!isCanonical(la) || !isCanonical(la + size - 1)) throw fault(segReg);
            return la;
        }
        if (!seg.usable()) throw fault(segReg);
        if (access == PageWalker.ACCESS_WRITE ? !seg.writable() : access == PageWalker.ACCESS_READ && !seg.readable()) {
            throw fault(segReg);
        }
        if (!seg.withinLimit(offset, size)) throw fault(segReg);
        return (seg.base() + offset) & 0xffff_ffffL;
    }

    private static CpuException fault(int segReg) {
        return segReg == SS ? CpuException.ss(0) : CpuException.gp0();
    }
}
