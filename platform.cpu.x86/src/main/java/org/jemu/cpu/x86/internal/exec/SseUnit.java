package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.PageWalker;
import org.jemu.cpu.x86.internal.simd.Mxcsr;
import org.jemu.cpu.x86.internal.simd.SoftFloat;

/**
 * The SSE/SSE2 unit: XMM0-15 and MXCSR, and every SSE and SSE2 instruction of the 0F map with the MMX forms of the
 * packed-integer instructions (decoded as {@code Op.SSE}; the opcode, the mandatory prefix none/66/F3/F2 and ModRM
 * select the instruction). Floating-point instructions are in {@link SseFloatOps}, packed-integer and data-movement
 * instructions of the 60-7F/C4/C5/D0-FF rows in {@link SseIntegerOps}; this class holds the state, the availability
 * checks, operand access, MXCSR exception delivery, EMMS, LDMXCSR/STMXCSR and FXSAVE/FXRSTOR.
 *
 * <p>Availability (SDM vol. 3, 13.1 and the instruction pages): an SSE instruction raises #UD with CR0.EM set or
 * CR4.OSFXSR clear, then #NM with CR0.TS set; an instruction using only MMX registers raises #UD with CR0.EM, #NM
 * with CR0.TS, and then whatever a waiting x87 instruction raises for a pending x87 exception ({@link
 * X87Sharing#waitCheck}); FXSAVE/FXRSTOR raise #NM with CR0.EM or CR0.TS. A 16-byte memory operand of an
 * instruction other than MOVUPS/MOVUPD/MOVDQU/MASKMOVDQU must be 16-byte aligned (#GP(0)), as must the FXSAVE area.
 * An unmasked SIMD floating-point exception raises #XM, or #UD when CR4.OSXMMEXCPT is clear, with the destination
 * unchanged and the flags set (pre-computation flags only when one of those is unmasked).
 *
 * <p>The MMX registers alias the x87 registers: they are reached through {@link X87Sharing}, wired by the CPU's
 * owner ({@link #setX87}); without it, instructions with an MMX register operand raise #UD and FXSAVE/FXRSTOR
 * handle only the SSE part of the image. Not supported: SSE3 and later (0F 38, 0F 3A, ADDSUB, HADD, LDDQU, MOVDDUP...
 * raise #UD), the XSAVE family (#UD), and AMD's fast FXSAVE (EFER.FFXSR). RCPPS/RSQRTPS and their scalar forms
 * return the correctly rounded value, which is within the architectural bound (relative error at most 1.5 * 2^-12)
 * but not the bit pattern of Intel's undocumented tables. FXSAVE/FXRSTOR skip MXCSR and XMM when CR4.OSFXSR is
 * clear, as QEMU does (the SDM leaves it to the implementation).
 */
final class SseUnit {

    /** Mandatory prefix classes. */
    static final int NP = 0, P66 = 1, PF3 = 2, PF2 = 3;
    static final long CR0_EM = 1L << 2, CR0_TS = 1L << 3, CR4_OSFXSR = 1L << 9, CR4_OSXMMEXCPT = 1L << 10;

    final X86Core cpu;
    /** XMM register n is {@code xmm[2n]} (bits 0-63) and {@code xmm[2n+1]} (bits 64-127). */
    final long[] xmm = new long[32];
    int mxcsr = Mxcsr.RESET;
    final SoftFloat fp = new SoftFloat();
    private X87Sharing x87;
    private final SseFloatOps floatOps;
    private final SseIntegerOps integerOps;
    private final byte[] image = new byte[512];
    /** The current instruction's memory operand. */
    int memSeg;
    long memEa;
    /** The last 128-bit source operand loaded by {@link #loadSrc128}. */
    long srcLo, srcHi;

    SseUnit(X86Core cpu) {
        this.cpu = cpu;
        this.floatOps = new SseFloatOps(this);
        this.integerOps = new SseIntegerOps(this);
    }

    /** The x87 unit whose registers the MMX registers alias (null: none, MMX register forms raise #UD). */
    void setX87(X87Sharing x87) {
        this.x87 = x87;
    }

    /** Power-on state: XMM registers zero, MXCSR 0x1F80. */
    void reset() {
        Arrays.fill(xmm, 0);
        mxcsr = Mxcsr.RESET;
    }

    /**
     * The unit's state as a value.
     *
     * @param xmm   XMM0-15 as 32 quadwords, low quadword first
     * @param mxcsr MXCSR
     */
    record State(List<Long> xmm, int mxcsr) {
        State {
            xmm = List.copyOf(xmm);
            if (xmm.size() != 32) throw new IllegalArgumentException("32 quadwords expected");
        }
    }

    State snapshot() {
        List<Long> q = new ArrayList<>(32);
        for (long v : xmm) q.add(v);
        return new State(q, mxcsr);
    }

    void restore(State s) {
        for (int k = 0; k < 32; k++) xmm[k] = s.xmm().get(k);
        mxcsr = s.mxcsr() & Mxcsr.WRITABLE;
    }

    // ---- dispatch ----------------------------------------------------------------------------------------------

    static int prefix(DecodedInsn i) {
        if (i.rep == DecodedInsn.REP_E) return PF3;
        if (i.rep == DecodedInsn.REP_NE) return PF2;
        return (i.prefixes & DecodedInsn.P_66) != 0 ? P66 : NP;
    }

    void execute(DecodedInsn i, int memSeg, long memEa) {
        this.memSeg = memSeg;
        this.memEa = memEa;
        if (i.map != 1) throw CpuException.ud(); // 0F 38 / 0F 3A: SSSE3 and later
        int pfx = prefix(i);
        int op = i.opcode;
        boolean done;
        if (op == 0xAE) {
            done = group15(i, pfx);
        } else if (op == 0x77) {
            done = pfx == NP && emms();
        } else if (op <= 0x5F || op == 0xC2 || op == 0xC6 || op == 0xE6) {
            done = floatOps.execute(i, pfx);
        } else {
            done = integerOps.execute(i, pfx);
        }
        if (!done) throw CpuException.ud();
    }

    // ---- availability ------------------------------------------------------------------------------------------

    /** An SSE instruction: #UD with CR0.EM or without CR4.OSFXSR, then #NM with CR0.TS. */
    void checkSse() {
        long cr0 = cpu.mmu.cr0();
        if ((cr0 & CR0_EM) != 0 || (cpu.mmu.cr4() & CR4_OSFXSR) == 0) throw CpuException.ud();
        if ((cr0 & CR0_TS) != 0) throw CpuException.nm();
    }

    /**
     * An instruction with an MMX register operand: #UD with CR0.EM (or, when it also uses XMM registers, without
     * CR4.OSFXSR), #NM with CR0.TS, then a pending x87 exception.
     */
    void checkMmx(boolean xmmToo) {
        long cr0 = cpu.mmu.cr0();
        if ((cr0 & CR0_EM) != 0 || (xmmToo && (cpu.mmu.cr4() & CR4_OSFXSR) == 0) || x87 == null) {
            throw CpuException.ud();
        }
        if ((cr0 & CR0_TS) != 0) throw CpuException.nm();
        x87.waitCheck();
    }

    long mm(int n) {
        return x87.mmx(n);
    }

    /** Writes an MMX register (with the MMX transition). */
    void setMm(int n, long value) {
        x87.setMmx(n, value);
    }

    /** The MMX transition of an instruction that only read MMX registers (after it completed). */
    void mmxTransition() {
        x87.mmxTransition();
    }

    private boolean emms() {
        checkMmx(false);
        x87.emms();
        return true;
    }

    /**
     * Ends a floating-point instruction: ORs the flags of {@link #fp} into MXCSR (only the pre-computation ones when
     * one of those is unmasked) and raises #XM (#UD without CR4.OSXMMEXCPT) for an unmasked one. The caller writes
     * the destination after this returns.
     */
    void commitFlags() {
        int unmasked = Mxcsr.unmasked(mxcsr);
        int flags = (fp.pre & unmasked) != 0 ? fp.pre : fp.pre | fp.post;
        mxcsr |= flags;
        if ((flags & unmasked) != 0) {
            throw (cpu.mmu.cr4() & CR4_OSXMMEXCPT) != 0 ? CpuException.xm() : CpuException.ud();
        }
    }

    // ---- operands ----------------------------------------------------------------------------------------------

    private long second(DecodedInsn i) {
        return X86Core.addrMask(memEa + 8, i.addrSize);
    }

    /** The xmm/m128 source (ModRM.rm) into {@link #srcLo}/{@link #srcHi}; memory 16-byte aligned when {@code aligned}. */
    void loadSrc128(DecodedInsn i, boolean aligned) {
        if (i.mod == 3) {
            srcLo = xmm[2 * i.rm];
            srcHi = xmm[2 * i.rm + 1];
            return;
        }
        long la = cpu.linear(memSeg, memEa, 16, PageWalker.ACCESS_READ);
        if (aligned && (la & 15) != 0) throw CpuException.gp0();
        srcLo = cpu.readMem(memSeg, memEa, 8);
        srcHi = cpu.readMem(memSeg, second(i), 8);
    }

    /** xmm (ModRM.reg) &lt;- xmm/m128 (MOVAPS, MOVDQU...). */
    void loadReg128(DecodedInsn i, boolean aligned) {
        loadSrc128(i, aligned);
        xmm[2 * i.reg] = srcLo;
        xmm[2 * i.reg + 1] = srcHi;
    }

    /** xmm/m128 &lt;- xmm (ModRM.reg) (the store forms of MOVAPS, MOVDQU...). */
    void storeReg128(DecodedInsn i, boolean aligned) {
        long lo = xmm[2 * i.reg];
        long hi = xmm[2 * i.reg + 1];
        if (i.mod == 3) {
            xmm[2 * i.rm] = lo;
            xmm[2 * i.rm + 1] = hi;
        } else {
            store128(i, lo, hi, aligned);
        }
    }

    /** XMM register {@code r} &lt;- {@code value} zero-extended (MOVD, MOVQ, MOVQ2DQ). */
    void setZeroExtended(int r, long value) {
        xmm[2 * r] = value;
        xmm[2 * r + 1] = 0;
    }

    /** The low quadword of xmm (ModRM.rm) or an m64. */
    long loadSrc64(DecodedInsn i) {
        return i.mod == 3 ? xmm[2 * i.rm] : cpu.readMem(memSeg, memEa, 8);
    }

    /** The low doubleword of xmm (ModRM.rm) or an m32. */
    long loadSrc32(DecodedInsn i) {
        return i.mod == 3 ? xmm[2 * i.rm] & 0xFFFF_FFFFL : cpu.readMem(memSeg, memEa, 4);
    }

    /** mm (ModRM.rm, no REX extension) or an m64. */
    long loadMmOrMem64(DecodedInsn i) {
        return i.mod == 3 ? mm(i.modrm & 7) : cpu.readMem(memSeg, memEa, 8);
    }

    /** Stores 128 bits to the memory operand, all or nothing. */
    void store128(DecodedInsn i, long lo, long hi, boolean aligned) {
        long la = cpu.linear(memSeg, memEa, 16, PageWalker.ACCESS_WRITE);
        if (aligned && (la & 15) != 0) throw CpuException.gp0();
        cpu.mmu.probe(la, 16, PageWalker.ACCESS_WRITE, cpu.mmuIdx());
        cpu.writeMem(memSeg, memEa, 8, lo);
        cpu.writeMem(memSeg, second(i), 8, hi);
    }

    void storeMem(int size, long value) {
        cpu.writeMem(memSeg, memEa, size, value);
    }

    long loadMem(int size) {
        return cpu.readMem(memSeg, memEa, size);
    }

    /** The general-register or memory operand size of MOVD/CVTSI2SS...: 8 with REX.W, else 4. */
    static int gprSize(DecodedInsn i) {
        return (i.rex & 8) != 0 ? 8 : 4;
    }

    /** r/m32 or r/m64 (REX.W) source. */
    long loadGprOrMem(DecodedInsn i) {
        int size = gprSize(i);
        return i.mod == 3 ? cpu.reg(i.rm, size) : cpu.readMem(memSeg, memEa, size);
    }

    /**
     * MASKMOVQ/MASKMOVDQU: stores the bytes of {@code data} (the first {@code n} bytes of hi:lo) whose {@code mask}
     * byte has its top bit set to DS:rDI (segment override allowed); every selected byte is checked before any is
     * written.
     */
    void maskedStore(DecodedInsn i, long lo, long hi, long maskLo, long maskHi, int n) {
        int seg = i.seg >= 0 ? i.seg : DecodedInsn.DS;
        long di = cpu.regs[7];
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < n; k++) {
                long mask = k < 8 ? maskLo : maskHi;
                if (((mask >>> (8 * (k & 7) + 7)) & 1) == 0) continue;
                long off = X86Core.addrMask(di + k, i.addrSize);
                if (pass == 0) {
                    long la = cpu.linear(seg, off, 1, PageWalker.ACCESS_WRITE);
                    cpu.mmu.probe(la, 1, PageWalker.ACCESS_WRITE, cpu.mmuIdx());
                } else {
                    cpu.writeMem(seg, off, 1, (k < 8 ? lo : hi) >>> (8 * (k & 7)));
                }
            }
        }
    }

    // ---- 0F AE: FXSAVE, FXRSTOR, LDMXCSR, STMXCSR --------------------------------------------------------------

    private boolean group15(DecodedInsn i, int pfx) {
        if (!i.hasMem() || pfx == PF3 || pfx == PF2) return false;
        switch ((i.modrm >>> 3) & 7) {
            case 0 -> fxsave(i);
            case 1 -> fxrstor(i);
            case 2 -> {
                checkSse();
                long v = loadMem(4);
                if ((v & ~(long) Mxcsr.WRITABLE) != 0) throw CpuException.gp0();
                mxcsr = (int) v;
            }
            case 3 -> {
                checkSse();
                storeMem(4, mxcsr);
            }
            default -> {
                return false; // XSAVE, XRSTOR, XSAVEOPT: not supported
            }
        }
        return true;
    }

    /** The linear address of the 512-byte FXSAVE area after the #NM, segment and alignment checks. */
    private long fxArea(int access) {
        if ((cpu.mmu.cr0() & (CR0_EM | CR0_TS)) != 0) throw CpuException.nm();
        long la = cpu.linear(memSeg, memEa, 512, access);
        if ((la & 15) != 0) throw CpuException.gp0();
        cpu.mmu.probe(la, 512, access, cpu.mmuIdx());
        return la;
    }

    private int xmmCount() {
        return cpu.codeSize() == 64 ? 16 : 8;
    }

    private long areaOffset(DecodedInsn i, int k) {
        return X86Core.addrMask(memEa + k, i.addrSize);
    }

    private void fxsave(DecodedInsn i) {
        fxArea(PageWalker.ACCESS_WRITE);
        boolean rexW = (i.rex & 8) != 0;
        int end = 160 + 16 * xmmCount();
        for (int k = 0; k < end; k += 8) putLong(image, k, cpu.readMem(memSeg, areaOffset(i, k), 8));
        if (x87 != null) x87.fxsave(image, rexW);
        if ((cpu.mmu.cr4() & CR4_OSFXSR) != 0) {
            putLong(image, 24, (mxcsr & 0xFFFF_FFFFL) | (long) Mxcsr.WRITABLE << 32);
            for (int r = 0; r < 2 * xmmCount(); r++) putLong(image, 160 + 8 * r, xmm[r]);
        }
        for (int k = 0; k < end; k += 8) cpu.writeMem(memSeg, areaOffset(i, k), 8, getLong(image, k));
    }

    private void fxrstor(DecodedInsn i) {
        fxArea(PageWalker.ACCESS_READ);
        boolean rexW = (i.rex & 8) != 0;
        int end = 160 + 16 * xmmCount();
        for (int k = 0; k < end; k += 8) putLong(image, k, cpu.readMem(memSeg, areaOffset(i, k), 8));
        boolean sse = (cpu.mmu.cr4() & CR4_OSFXSR) != 0;
        int newMxcsr = (int) getLong(image, 24);
        if (sse && (newMxcsr & ~Mxcsr.WRITABLE) != 0) throw CpuException.gp0();
        if (x87 != null) x87.fxrstor(image, rexW);
        if (sse) {
            mxcsr = newMxcsr;
            for (int r = 0; r < 2 * xmmCount(); r++) xmm[r] = getLong(image, 160 + 8 * r);
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) b[at + k] = (byte) (v >>> (8 * k));
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) v |= (b[at + k] & 0xFFL) << (8 * k);
        return v;
    }
}
