package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87State.C0;
import static org.jemu.cpu.x86.internal.exec.X87State.C1;
import static org.jemu.cpu.x86.internal.exec.X87State.C2;
import static org.jemu.cpu.x86.internal.exec.X87State.C3;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INDEFINITE_SE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INDEFINITE_SIG;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.fpu.Arith;
import org.jemu.cpu.x86.internal.fpu.Convert;
import org.jemu.cpu.x86.internal.fpu.Fpu80;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * The x87 FPU: executes the D8-DF escapes ({@code Op.X87}) and WAIT/FWAIT on an {@link X87State}, with the
 * arithmetic of {@code internal.fpu} in true 80-bit extended precision.
 *
 * <p>Every escape raises #NM when CR0.EM or CR0.TS is set (WAIT only when TS and MP are). Waiting instructions (all
 * but FNINIT, FNCLEX, FNSTCW, FNSTSW, FNSTENV, FNSAVE and the 287 leftovers FNENI/FNDISI/FNSETPM, which are no-ops)
 * first report a pending unmasked exception (FSW.ES): #MF when CR0.NE is set, else the FERR# output is raised
 * ({@link X86Core#raiseFerr()}) and the instruction proceeds, as with QEMU on a PC whose IGNNE# logic lets it. An
 * unmasked #IA (also stack faults), #Z or #D leaves registers, TOP and the memory destination unchanged; an unmasked
 * #O or #U stores a register result with its exponent adjusted by 24576 and stores nothing to memory. Non-control
 * instructions record FOP, FIP/FCS and (with a memory operand) FDP/FDS, as the classic x87 does (CPUID advertises
 * neither FDP_EXCPTN_ONLY nor the FCS/FDS deprecation). Memory operands are read before and written after the
 * state changes are computed and committed only when the writes succeeded, so a page fault leaves the x87 state
 * as it was. FISTTP (SSE3) is not supported: #UD, as CPUID does not advertise SSE3. The undocumented aliases Intel
 * processors execute (FSTP1/8/9, FCOM2, FCOMP3/5, FXCH4/7, FFREEP) are implemented.
 */
final class X87Unit {

    static final long CR0_MP = 1L << 1, CR0_EM = 1L << 2, CR0_TS = 1L << 3, CR0_NE = 1L << 5;

    private final X86Core cpu;
    final X87State st = new X87State();
    private final Fpu80 e = new Fpu80();
    private final X87Env env;
    /** Condition code bits the current instruction writes, and their values. */
    private int ccMask;
    private int cc;
    /** The current instruction's memory operand (when it has one). */
    private int memSeg;
    private long memEa;

    X87Unit(X86Core cpu) {
        this.cpu = cpu;
        this.env = new X87Env(cpu, st);
        st.powerOn();
    }

    /** Power-on (RESET) state; INIT leaves the x87 state alone. */
    void reset() {
        st.powerOn();
    }

    /** What the SSE/MMX unit uses: MMX aliasing and the x87 half of FXSAVE/FXRSTOR. */
    X87Sharing sharing() {
        return st;
    }

    /** The x87 state as a value (for state export; call only while the CPU is not running). */
    X87State.Snapshot snapshot() {
        return st.snapshot();
    }

    /** Replaces the x87 state (for state import; call only while the CPU is not running). */
    void restore(X87State.Snapshot s) {
        st.restore(s);
    }

    // ---- entry points ---------------------------------------------------------------------------------------------

    /** WAIT/FWAIT: #NM when CR0.TS and CR0.MP, then a pending unmasked exception is reported. */
    void fwait() {
        if ((cpu.mmu.cr0() & (CR0_TS | CR0_MP)) == (CR0_TS | CR0_MP)) throw CpuException.nm();
        checkPending();
    }

    void execute(DecodedInsn i, int seg, long ea) {
        if ((cpu.mmu.cr0() & (CR0_EM | CR0_TS)) != 0) throw CpuException.nm();
        int esc = i.opcode & 7;
        int reg = (i.modrm >>> 3) & 7;
        if (i.hasMem()) {
            memSeg = seg;
            memEa = ea;
            if (esc == 1 && reg >= 4 || esc == 5 && (reg == 4 || reg >= 6)) {
                controlMemory(i, esc, reg);
                return;
            }
            if (esc == 1 && reg == 1 || esc == 3 && (reg == 1 || reg == 4 || reg == 6)
                    || esc == 5 && (reg == 1 || reg == 5) || esc == 7 && reg == 1) {
                throw CpuException.ud(); // reserved, and FISTTP (SSE3)
            }
            checkPending();
            begin();
            memoryOp(i, esc, reg);
            finish(i, true);
        } else {
            int rm = i.modrm & 7;
            if (esc == 3 && i.modrm >= 0xe0 && i.modrm <= 0xe4) { // no-wait: FNCLEX, FNINIT; FNENI, FNDISI, FNSETPM
                if (i.modrm == 0xe2) {
                    st.fsw &= ~0x7f; // FNCLEX: exception flags, SF (ES and B follow)
                    cpu.lowerFerr();
                } else if (i.modrm == 0xe3) {
                    st.init();
                    cpu.lowerFerr();
                }
                return; // FNENI, FNDISI, FNSETPM: no-ops since the 387
            }
            if (esc == 7 && i.modrm == 0xe0) {
                cpu.setReg(0, 2, st.status()); // FNSTSW AX
                return;
            }
            if (!validRegisterForm(esc, reg, rm)) throw CpuException.ud();
            checkPending();
            begin();
            registerOp(i, esc, reg, rm);
            finish(i, false);
        }
    }

    private void checkPending() {
        if (!st.pending()) return;
        if ((cpu.mmu.cr0() & CR0_NE) != 0) throw CpuException.mf();
        cpu.raiseFerr();
    }

    private void begin() {
        e.control(st.fcw);
        e.begin();
        ccMask = C1;
        cc = 0;
    }

    /** Commits the flags and condition codes and records the instruction in FOP/FIP/FCS (and FDP/FDS). */
    private void finish(DecodedInsn i, boolean mem) {
        st.fsw = (st.fsw & ~ccMask) | (cc & ccMask) | (e.flags & 0x7f);
        st.fop = (i.opcode & 7) << 8 | i.modrm;
        st.fip = cpu.currentRip;
        st.fcs = cpu.segs[Segmentation.CS].selector();
        if (mem) {
            st.fdp = memEa;
            st.fds = cpu.segs[memSeg].selector();
        }
    }

    private void c1(boolean v) {
        cc = v ? C1 : 0;
    }

    // ---- stack faults -----------------------------------------------------------------------------------------------

    /** A source register is empty: #IS with C1 = 0; true when unmasked (nothing happens then). */
    private boolean underflow() {
        e.flags |= Fpu80.IE | Fpu80.SF;
        ccMask |= C1;
        cc &= ~C1;
        return (e.masks & Fpu80.IE) == 0;
    }

    /** The register a push would overwrite is not empty: #IS with C1 = 1; true when unmasked. */
    private boolean overflow() {
        e.flags |= Fpu80.IE | Fpu80.SF;
        ccMask |= C1;
        cc |= C1;
        return (e.masks & Fpu80.IE) == 0;
    }

    /**
     * Before a push: false after a stack overflow (the register below ST(0) is not empty), when the masked response
     * has pushed the indefinite or the unmasked one has left everything alone.
     */
    private boolean canPush() {
        if (st.empty(7)) return true;
        if (!overflow()) st.push(INDEFINITE_SE, INDEFINITE_SIG);
        return false;
    }

    /** FLD m32/m64: the value is pushed unless an unmasked #IA (SNaN) stops it; an unmasked #D does not. */
    private void pushLoaded() {
        if (!e.unmasked(Fpu80.IE)) st.push(e.se, e.sig);
    }

    /** Pushes e's result unless an unmasked exception stopped the operation. */
    private void pushResult() {
        if (!e.stopped()) st.push(e.se, e.sig);
    }

    // ---- memory forms ----------------------------------------------------------------------------------------------

    private void memoryOp(DecodedInsn i, int esc, int reg) {
        switch (esc) {
            case 0, 2, 4, 6 -> {
                int cls = loadArithOperand(esc);
                arithMemory(reg, e.se, e.sig, cls);
            }
            case 1 -> {
                switch (reg) {
                    case 0 -> {
                        int bits = (int) read(4);
                        if (canPush()) {
                            Convert.fromFloat32(e, bits);
                            pushLoaded();
                        }
                    }
                    case 2, 3 -> storeFloat(4, reg == 3);
                    default -> throw CpuException.ud();
                }
            }
            case 3 -> {
                switch (reg) {
                    case 0 -> loadInt((int) read(4));
                    case 2, 3 -> storeInt(4, reg == 3);
                    case 5 -> { // FLD m80: the value as it is
                        long lo = read(8);
                        int hi = (int) cpu.readMem(memSeg, X86Core.addrMask(memEa + 8, i.addrSize), 2);
                        if (canPush()) st.push(hi, lo);
                    }
                    case 7 -> store80(i);
                    default -> throw CpuException.ud(); // FISTTP (SSE3) and reserved
                }
            }
            case 5 -> {
                switch (reg) {
                    case 0 -> {
                        long bits = read(8);
                        if (canPush()) {
                            Convert.fromFloat64(e, bits);
                            pushLoaded();
                        }
                    }
                    case 2, 3 -> storeFloat(8, reg == 3);
                    default -> throw CpuException.ud();
                }
            }
            default -> { // DF
                switch (reg) {
                    case 0 -> loadInt((short) read(2));
                    case 2, 3 -> storeInt(2, reg == 3);
                    case 4 -> {
                        long lo = read(8);
                        int hi = (int) cpu.readMem(memSeg, X86Core.addrMask(memEa + 8, i.addrSize), 2);
                        if (canPush()) {
                            Convert.fromBcd(e, lo, hi);
                            pushResult();
                        }
                    }
                    case 5 -> loadInt(read(8));
                    case 6 -> storeBcd(i);
                    case 7 -> storeInt(8, true);
                    default -> throw CpuException.ud();
                }
            }
        }
    }

    private void loadInt(long v) {
        if (canPush()) {
            Convert.fromInt(e, v);
            pushResult();
        }
    }

    private long read(int size) {
        return cpu.readMem(memSeg, memEa, size);
    }

    /**
     * Reads the arithmetic operand of D8/DA/DC/DE into e.se/e.sig, unconverted (an SNaN stays signalling for the NaN
     * rules), and returns its class (DENORMAL for a single or double denormal, though normalized here).
     */
    private int loadArithOperand(int esc) {
        switch (esc) {
            case 0 -> {
                return Convert.operandFloat32(e, (int) read(4));
            }
            case 4 -> {
                return Convert.operandFloat64(e, read(8));
            }
            case 2 -> Convert.fromInt(e, (int) read(4));
            default -> Convert.fromInt(e, (short) read(2));
        }
        return e.sig == 0 ? Fpu80.ZERO : Fpu80.NORMAL;
    }

    /** D8/DA/DC/DE with a memory operand m: ST(0) = ST(0) op m (op m, ST(0) for the reversed forms), FCOM/FCOMP. */
    private void arithMemory(int reg, int mSe, long mSig, int mCls) {
        if (st.empty(0)) {
            boolean unmasked = underflow();
            if (reg == 2 || reg == 3) {
                compareResult(Arith.UNORDERED, false);
                if (reg == 3 && !unmasked) st.pop();
            } else if (!unmasked) {
                st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            }
            return;
        }
        int aSe = st.stSe(0);
        long aSig = st.stSig(0);
        int aCls = Fpu80.classify(aSe, aSig);
        if (reg == 2 || reg == 3) {
            compareResult(Arith.compare(e, aSe, aSig, aCls, mSe, mSig, mCls, false), false);
            if (reg == 3 && !e.stopped()) st.pop();
            return;
        }
        boolean reversed = reg == 5 || reg == 7;
        if (reversed) {
            compute(reg, mSe, mSig, mCls, aSe, aSig, aCls);
        } else {
            compute(reg, aSe, aSig, aCls, mSe, mSig, mCls);
        }
        if (!e.stopped()) st.set(0, e.se, e.sig);
        c1(e.c1);
    }

    /** x op y for the arithmetic group (reg 0 add, 1 mul, 4/5 subtract, 6/7 divide). */
    private void compute(int reg, int xSe, long xSig, int xCls, int ySe, long ySig, int yCls) {
        switch (reg) {
            case 0 -> Arith.add(e, xSe, xSig, xCls, ySe, ySig, yCls, false);
            case 1 -> Arith.mul(e, xSe, xSig, xCls, ySe, ySig, yCls);
            case 4, 5 -> Arith.add(e, xSe, xSig, xCls, ySe, ySig, yCls, true);
            default -> Arith.div(e, xSe, xSig, xCls, ySe, ySig, yCls);
        }
    }

    private void storeFloat(int size, boolean pop) {
        long v;
        if (st.empty(0)) {
            if (underflow()) return;
            v = size == 4 ? Convert.FLOAT_INDEFINITE & 0xffff_ffffL : Convert.DOUBLE_INDEFINITE;
        } else {
            v = size == 4 ? Convert.toFloat32(e, st.stSe(0), st.stSig(0)) & 0xffff_ffffL
                    : Convert.toFloat64(e, st.stSe(0), st.stSig(0));
            if (e.unmasked(Fpu80.IE | Fpu80.DE | Fpu80.OE | Fpu80.UE)) return;
            c1(e.c1);
        }
        cpu.writeMem(memSeg, memEa, size, v);
        if (pop) st.pop();
    }

    private void storeInt(int size, boolean pop) {
        long v;
        if (st.empty(0)) {
            if (underflow()) return;
            v = Long.MIN_VALUE >>> (64 - size * 8);
        } else {
            v = Convert.toInt(e, st.stSe(0), st.stSig(0), size * 8);
            if (e.unmasked(Fpu80.IE)) return;
            c1(e.c1);
        }
        cpu.writeMem(memSeg, memEa, size, v);
        if (pop) st.pop();
    }

    private void store80(DecodedInsn i) {
        int se;
        long sig;
        if (st.empty(0)) {
            if (underflow()) return;
            se = INDEFINITE_SE;
            sig = INDEFINITE_SIG;
        } else {
            se = st.stSe(0);
            sig = st.stSig(0);
        }
        write80(i, se, sig);
        st.pop();
    }

    private void storeBcd(DecodedInsn i) {
        long lo;
        int hi;
        if (st.empty(0)) {
            if (underflow()) return;
            lo = Convert.BCD_INDEFINITE_LO;
            hi = (int) Convert.BCD_INDEFINITE_HI;
        } else {
            lo = Convert.toBcd(e, st.stSe(0), st.stSig(0));
            hi = e.se2;
            if (e.unmasked(Fpu80.IE)) return;
            c1(e.c1);
        }
        write80(i, hi, lo);
        st.pop();
    }

    private void write80(DecodedInsn i, int hi, long lo) {
        // both parts are checked before either is written: a fault leaves memory unchanged
        long ea2 = X86Core.addrMask(memEa + 8, i.addrSize);
        cpu.readMem(memSeg, ea2, 2);
        cpu.writeMem(memSeg, memEa, 8, lo);
        cpu.writeMem(memSeg, ea2, 2, hi);
    }

    private void controlMemory(DecodedInsn i, int esc, int reg) {
        if (esc == 1) {
            switch (reg) {
                case 4 -> {
                    checkPending();
                    env.load(i, memSeg, memEa, false);
                }
                case 5 -> {
                    checkPending();
                    st.setControl((int) read(2));
                }
                case 6 -> env.store(i, memSeg, memEa, false);
                default -> cpu.writeMem(memSeg, memEa, 2, st.fcw);
            }
        } else {
            switch (reg) {
                case 4 -> {
                    checkPending();
                    env.load(i, memSeg, memEa, true);
                }
                case 6 -> env.store(i, memSeg, memEa, true);
                default -> cpu.writeMem(memSeg, memEa, 2, st.status());
            }
        }
    }

    // ---- register forms --------------------------------------------------------------------------------------------

    /** Whether a mod=3 encoding exists (anything else is #UD). */
    private static boolean validRegisterForm(int esc, int reg, int rm) {
        return switch (esc) {
            case 1 -> switch (reg) {
                case 2 -> rm == 0;
                case 4 -> rm != 2 && rm != 3 && rm != 6 && rm != 7;
                case 5 -> rm != 7;
                default -> true;
            };
            case 2 -> reg < 4 || (reg == 5 && rm == 1);
            case 3 -> reg != 4 && reg != 7;
            case 5 -> reg < 6;
            case 6 -> reg != 3 || rm == 1;
            case 7 -> reg < 4 || reg == 5 || reg == 6;
            default -> true;
        };
    }

    private void registerOp(DecodedInsn i, int esc, int reg, int rm) {
        switch (esc) {
            case 0 -> {
                if (reg == 2 || reg == 3) {
                    compareRegs(rm, false, reg == 3 ? 1 : 0, false);
                } else {
                    arithRegs(reg, rm, false, false);
                }
            }
            case 1 -> X87Special.execute(this, reg, rm);
            case 2 -> {
                if (reg == 5) {
                    compareRegs(1, true, 2, false); // FUCOMPP
                } else {
                    fcmov(rm, condition(reg), false);
                }
            }
            case 3 -> {
                switch (reg) {
                    case 5 -> compareRegs(rm, true, 0, true); // FUCOMI
                    case 6 -> compareRegs(rm, false, 0, true); // FCOMI
                    default -> fcmov(rm, condition(reg), true);
                }
            }
            case 4 -> {
                if (reg == 2 || reg == 3) {
                    compareRegs(rm, false, reg == 3 ? 1 : 0, false); // FCOM2, FCOMP3
                } else {
                    arithRegs(reg, rm, true, false);
                }
            }
            case 5 -> {
                switch (reg) {
                    case 0 -> st.free(rm); // FFREE
                    case 1 -> fxch(rm); // FXCH4
                    case 2, 3 -> fstReg(rm, reg == 3);
                    case 4, 5 -> compareRegs(rm, true, reg == 5 ? 1 : 0, false); // FUCOM, FUCOMP
                    default -> throw CpuException.ud();
                }
            }
            case 6 -> {
                switch (reg) {
                    case 2 -> compareRegs(rm, false, 1, false); // FCOMP5
                    case 3 -> compareRegs(1, false, 2, false); // FCOMPP
                    default -> arithRegs(reg, rm, true, true);
                }
            }
            default -> {
                switch (reg) {
                    case 0 -> { // FFREEP
                        st.free(rm);
                        st.pop();
                    }
                    case 1 -> fxch(rm); // FXCH7
                    case 2, 3 -> fstReg(rm, true); // FSTP8, FSTP9
                    case 5 -> compareRegs(rm, true, 1, true); // FUCOMIP
                    default -> compareRegs(rm, false, 1, true); // FCOMIP
                }
            }
        }
    }

    /** D8/DC/DE register arithmetic: the result goes to ST(0) (D8) or ST(i) ({@code toSti}), then an optional pop. */
    private void arithRegs(int reg, int i, boolean toSti, boolean pop) {
        int dest = toSti ? i : 0;
        if (st.empty(0) || st.empty(i)) {
            if (underflow()) return;
            st.set(dest, INDEFINITE_SE, INDEFINITE_SIG);
            if (pop) st.pop();
            return;
        }
        int x = reg == 5 || reg == 7 ? i : 0;
        int y = x == 0 ? i : 0;
        int xSe = st.stSe(x);
        long xSig = st.stSig(x);
        int ySe = st.stSe(y);
        long ySig = st.stSig(y);
        compute(reg, xSe, xSig, Fpu80.classify(xSe, xSig), ySe, ySig, Fpu80.classify(ySe, ySig));
        c1(e.c1);
        if (e.stopped()) return;
        st.set(dest, e.se, e.sig);
        if (pop) st.pop();
    }

    /**
     * FCOM/FUCOM family with ST(i): condition codes (or ZF/PF/CF with {@code eflags}), then {@code pops} pops. As on
     * Intel hardware the result is set even when an unmasked exception (#IA, #D, stack underflow) is raised; only the
     * pops are suppressed then.
     */
    private void compareRegs(int i, boolean quiet, int pops, boolean eflags) {
        if (st.empty(0) || st.empty(i)) {
            boolean unmasked = underflow();
            compareResult(Arith.UNORDERED, eflags);
            ccMask |= C1;
            cc &= ~C1;
            if (!unmasked) for (int p = 0; p < pops; p++) st.pop();
            return;
        }
        int r = Arith.compare(e, st.stSe(0), st.stSig(0), Fpu80.classify(st.stSe(0), st.stSig(0)),
                st.stSe(i), st.stSig(i), Fpu80.classify(st.stSe(i), st.stSig(i)), quiet);
        compareResult(r, eflags);
        if (!e.stopped()) for (int p = 0; p < pops; p++) st.pop();
    }

    /** Sets C3/C2/C0 (C1 = 0), or ZF/PF/CF with OF/SF/AF cleared (C1 kept), from a comparison result. */
    void compareResult(int r, boolean eflags) {
        if (eflags) {
            long f = switch (r) {
                case Arith.LESS -> LazyFlags.CF;
                case Arith.EQUAL -> LazyFlags.ZF;
                case Arith.GREATER -> 0;
                default -> LazyFlags.ZF | LazyFlags.PF | LazyFlags.CF;
            };
            cpu.flags.load(f);
            ccMask = 0;
            return;
        }
        ccMask = C0 | C1 | C2 | C3;
        cc = switch (r) {
            case Arith.LESS -> C0;
            case Arith.EQUAL -> C3;
            case Arith.GREATER -> 0;
            default -> C0 | C2 | C3;
        };
    }

    private boolean condition(int reg) {
        LazyFlags f = cpu.flags;
        return switch (reg & 3) {
            case 0 -> f.cf();
            case 1 -> f.zf();
            case 2 -> f.cf() || f.zf();
            default -> f.pf();
        };
    }

    /** FCMOVcc: ST(0) = ST(i) when the condition holds ({@code negate}: when it does not). */
    private void fcmov(int i, boolean cond, boolean negate) {
        ccMask = 0; // C1 is left alone unless the stack underflows
        if (st.empty(0) || st.empty(i)) {
            if (underflow()) return;
            st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            return;
        }
        if (cond != negate) st.set(0, st.stSe(i), st.stSig(i));
    }

    void fxch(int i) {
        boolean e0 = st.empty(0);
        boolean ei = st.empty(i);
        if (e0 || ei) {
            if (underflow()) return;
            if (e0) st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            if (ei) st.set(i, INDEFINITE_SE, INDEFINITE_SIG);
        }
        int se = st.stSe(0);
        long sig = st.stSig(0);
        st.set(0, st.stSe(i), st.stSig(i));
        st.set(i, se, sig);
    }

    /** FST/FSTP ST(i): a copy, unchanged. */
    void fstReg(int i, boolean pop) {
        if (st.empty(0)) {
            if (underflow()) return;
            st.set(i, INDEFINITE_SE, INDEFINITE_SIG);
        } else {
            st.set(i, st.stSe(0), st.stSig(0));
        }
        if (pop) st.pop();
    }

    // ---- for X87Special ---------------------------------------------------------------------------------------------

    X87State state() {
        return st;
    }

    Fpu80 fpu() {
        return e;
    }

    boolean stackUnderflow() {
        return underflow();
    }

    boolean stackOverflow() {
        return overflow();
    }

    boolean canPushValue() {
        return canPush();
    }

    void setC1(boolean v) {
        c1(v);
    }

    /** Sets the condition codes in {@code mask} to {@code values}. */
    void setCc(int mask, int values) {
        ccMask = mask;
        cc = values;
    }
}
