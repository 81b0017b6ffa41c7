package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.List;

import org.jemu.cpu.x86.internal.fpu.Fpu80;

/**
 * The x87 unit's architectural state: the physical registers R0-R7 (sign/exponent word and 64-bit significand), TOP,
 * FCW, FSW, the tags, the last instruction opcode (FOP) and the instruction and operand pointers (FIP/FCS, FDP/FDS).
 * Tags are kept as one "not empty" bit per physical register; the full tag word (valid, zero, special, empty) is
 * computed from the register contents when it is read, as FSTENV/FSAVE do, and only emptiness is taken from a loaded
 * one. FSW's ES and B bits are derived: set while an exception flag is set whose FCW mask is clear.
 *
 * <p>Also the x87 side of {@link X87Sharing}: the MMX registers alias the significands of R0-R7, and the x87 part of
 * the FXSAVE image.
 */
final class X87State implements X87Sharing {

    /** FSW: condition codes, stack fault, exception flags (ES, B and TOP are not stored here). */
    static final int C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000, CC = C0 | C1 | C2 | C3;
    static final int ES = 0x80, B = 0x8000;
    private static final int FSW_STORED = CC | 0x7f;

    final int[] se = new int[8];
    final long[] sig = new long[8];
    int top;
    int fcw;
    /** FSW without TOP, ES and B. */
    int fsw;
    /** Bit i set: physical register i is not empty. */
    int valid;
    int fop;
    long fip;
    int fcs;
    long fdp;
    int fds;

    /** Power-on state (SDM vol 3 table 9-1): FCW 0040, FSW 0, all registers +0.0 with tag "zero" (FTW 5555). */
    void powerOn() {
        java.util.Arrays.fill(se, 0);
        java.util.Arrays.fill(sig, 0);
        init();
        fcw = 0x40;
        valid = 0xff;
    }

    /** FNINIT: FCW 037F, FSW 0, all tags empty, pointers and opcode 0; register contents stay. */
    void init() {
        top = 0;
        fcw = 0x37f;
        fsw = 0;
        valid = 0;
        fop = 0;
        fip = fdp = 0;
        fcs = fds = 0;
    }

    // ---- words ----------------------------------------------------------------------------------------------------

    /** Whether an exception flag is set whose mask is clear (FSW.ES): the next waiting instruction reports it. */
    boolean pending() {
        return (fsw & ~fcw & 0x3f) != 0;
    }

    int status() {
        return fsw | top << 11 | (pending() ? ES | B : 0);
    }

    void setStatus(int v) {
        fsw = v & FSW_STORED;
        top = (v >>> 11) & 7;
    }

    /** FLDCW and the other loads: reserved bits 6 (reads as 1) and 13-15 (as 0); bit 12 (X) is kept. */
    void setControl(int v) {
        fcw = (v & 0x1f3f) | 0x40;
    }

    /**
     * The tag of physical register {@code r}: 0 valid, 1 zero, 2 special (NaN, infinity, denormal, unsupported),
     * 3 empty.
     */
    int tag(int r) {
        if ((valid & (1 << r)) == 0) return 3;
        return switch (Fpu80.classify(se[r], sig[r])) {
            case Fpu80.NORMAL -> 0;
            case Fpu80.ZERO -> 1;
            default -> 2;
        };
    }

    /** The full tag word (two bits per physical register). */
    int tagWord() {
        int tw = 0;
        for (int r = 0; r < 8; r++) tw |= tag(r) << (2 * r);
        return tw;
    }

    /** Loads a full tag word: only empty (11) or not is taken. */
    void setTagWord(int tw) {
        int v = 0;
        for (int r = 0; r < 8; r++) {
            if (((tw >>> (2 * r)) & 3) != 3) v |= 1 << r;
        }
        valid = v;
    }

    // ---- the stack --------------------------------------------------------------------------------------------------

    /** The physical register of ST(i). */
    int phys(int i) {
        return (top + i) & 7;
    }

    boolean empty(int i) {
        return (valid & (1 << phys(i))) == 0;
    }

    int stSe(int i) {
        return se[phys(i)];
    }

    long stSig(int i) {
        return sig[phys(i)];
    }

    /** Writes ST(i) and marks it not empty. */
    void set(int i, int signExp, long significand) {
        int r = phys(i);
        se[r] = signExp & 0xffff;
        sig[r] = significand;
        valid |= 1 << r;
    }

    /** Decrements TOP and writes the new ST(0). */
    void push(int signExp, long significand) {
        top = (top - 1) & 7;
        set(0, signExp, significand);
    }

    /** Marks ST(0) empty and increments TOP. */
    void pop() {
        valid &= ~(1 << top);
        top = (top + 1) & 7;
    }

    void free(int i) {
        valid &= ~(1 << phys(i));
    }

    // ---- snapshot ---------------------------------------------------------------------------------------------------

    /** One physical register. */
    record Register(int signExponent, long significand) {
    }

    /**
     * The whole x87 state as a value: control, status (with TOP) and full tag words, FOP, the pointers, and the
     * physical registers R0-R7.
     */
    record Snapshot(int fcw, int fsw, int ftw, int fop, long fip, int fcs, long fdp, int fds,
            List<Register> registers) {
        Snapshot {
            registers = List.copyOf(registers);
            if (registers.size() != 8) throw new IllegalArgumentException("8 registers, not " + registers.size());
        }
    }

    Snapshot snapshot() {
        List<Register> regs = new ArrayList<>(8);
        for (int r = 0; r < 8; r++) regs.add(new Register(se[r], sig[r]));
        return new Snapshot(fcw, status(), tagWord(), fop, fip, fcs, fdp, fds, regs);
    }

    void restore(Snapshot s) {
        setControl(s.fcw());
        setStatus(s.fsw());
        setTagWord(s.ftw());
        fop = s.fop() & 0x7ff;
        fip = s.fip();
        fcs = s.fcs() & 0xffff;
        fdp = s.fdp();
        fds = s.fds() & 0xffff;
        for (int r = 0; r < 8; r++) {
            se[r] = s.registers().get(r).signExponent() & 0xffff;
            sig[r] = s.registers().get(r).significand();
        }
    }

    // ---- X87Sharing -------------------------------------------------------------------------------------------------

    @Override
    public long mmx(int i) {
        return sig[i & 7];
    }

    @Override
    public void setMmx(int i, long value) {
        sig[i & 7] = value;
        se[i & 7] = 0xffff;
        mmxTransition();
    }

    @Override
    public void mmxTransition() {
        top = 0;
        valid = 0xff;
    }

    @Override
    public void emms() {
        valid = 0;
    }

    @Override
    public void fxsave(byte[] image, boolean rexW) {
        put(image, 0, 2, fcw);
        put(image, 2, 2, status());
        image[4] = (byte) valid;
        image[5] = 0;
        put(image, 6, 2, fop);
        if (rexW) {
            put(image, 8, 8, fip);
            put(image, 16, 8, fdp);
        } else {
            put(image, 8, 4, fip);
            put(image, 12, 2, fcs);
            put(image, 14, 2, 0);
            put(image, 16, 4, fdp);
            put(image, 20, 2, fds);
            put(image, 22, 2, 0);
        }
        for (int i = 0; i < 8; i++) {
            int r = phys(i);
            int at = 32 + 16 * i;
            put(image, at, 8, sig[r]);
            put(image, at + 8, 2, se[r]);
            put(image, at + 10, 6, 0);
        }
    }

    @Override
    public void fxrstor(byte[] image, boolean rexW) {
        setControl((int) get(image, 0, 2));
        setStatus((int) get(image, 2, 2));
        valid = image[4] & 0xff;
        fop = (int) get(image, 6, 2) & 0x7ff;
        if (rexW) {
            fip = get(image, 8, 8);
            fdp = get(image, 16, 8);
            fcs = fds = 0;
        } else {
            fip = get(image, 8, 4);
            fcs = (int) get(image, 12, 2);
            fdp = get(image, 16, 4);
            fds = (int) get(image, 20, 2);
        }
        for (int i = 0; i < 8; i++) {
            int r = phys(i);
            int at = 32 + 16 * i;
            sig[r] = get(image, at, 8);
            se[r] = (int) get(image, at + 8, 2);
        }
    }

    static void put(byte[] b, int at, int size, long v) {
        for (int i = 0; i < size; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static long get(byte[] b, int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v |= (b[at + i] & 0xffL) << (8 * i);
        return v;
    }
}
