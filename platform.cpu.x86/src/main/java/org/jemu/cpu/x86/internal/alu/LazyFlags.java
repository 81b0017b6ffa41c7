package org.jemu.cpu.x86.internal.alu;

/**
 * The six arithmetic status flags (CF, PF, AF, ZF, SF, OF) of one CPU, evaluated lazily.
 *
 * <p>The common operations (ADD, ADC, SUB, SBB, CMP, NEG, AND, OR, XOR, TEST, INC, DEC, SHL, SHR, SAR) store their kind,
 * operand size, result and operands in plain fields and return the result; each flag is derived from those fields only
 * when read. Every other operation, and explicit writes (POPF, SAHF, CLC, STC, CMC), store the flags eagerly. One instance
 * belongs to one CPU and is not thread-safe; no method allocates.
 *
 * <p>Operands may carry garbage above the operand size; the methods mask them. Results are zero-extended to 64 bits.
 */
public final class LazyFlags {
    /** Carry flag, RFLAGS bit 0. */
    public static final long CF = 1L;
    /** Parity flag, RFLAGS bit 2: set when the low byte of the result has an even number of one bits. */
    public static final long PF = 1L << 2;
    /** Auxiliary carry flag, RFLAGS bit 4: carry or borrow out of bit 3. */
    public static final long AF = 1L << 4;
    /** Zero flag, RFLAGS bit 6. */
    public static final long ZF = 1L << 6;
    /** Sign flag, RFLAGS bit 7. */
    public static final long SF = 1L << 7;
    /** Overflow flag, RFLAGS bit 11. */
    public static final long OF = 1L << 11;
    /** All six status flags. */
    public static final long STATUS = CF | PF | AF | ZF | SF | OF;

    static final int EAGER = 0;
    static final int ADD = 1;
    static final int ADC = 2;
    static final int SUB = 3;
    static final int SBB = 4;
    static final int LOGIC = 5;
    static final int INC = 6;
    static final int DEC = 7;
    static final int SHL = 8;
    static final int SHR = 9;
    static final int SAR = 10;

    /** Operation kind of the recorded operation, one of the constants above. */
    private int op = EAGER;
    /** Operand size in bits of the recorded operation. */
    private int size = 32;
    /** Result, zero-extended. */
    private long res;
    /** First source operand (destination's old value), zero-extended. */
    private long src1;
    /** Second source operand, zero-extended; the masked count for shifts. */
    private long src2;
    /** EAGER: the six flags; ADC/SBB: carry-in (0/1); INC/DEC: preserved CF (0/1). */
    private long aux;

    // ---------------------------------------------------------------- size helpers

    /** Returns the all-ones mask of an operand size in bits (8, 16, 32 or 64). */
    public static long mask(int size) {
        return -1L >>> (64 - size);
    }

    /** Returns the sign bit of an operand size in bits. */
    public static long signBit(int size) {
        return 1L << (size - 1);
    }

    /** Sign-extends the low {@code size} bits of {@code v} to 64 bits. */
    public static long signExtend(long v, int size) {
        int s = 64 - size;
        return (v << s) >> s;
    }

    /** Returns true when the low byte of {@code v} has an even number of one bits (the PF rule). */
    public static boolean parity(long v) {
        return (Integer.bitCount((int) v & 0xff) & 1) == 0;
    }

    /** Returns the SF, ZF and PF bits that a result of the given size produces. */
    public static long szp(long result, int size) {
        long r = result & mask(size);
        long f = parity(r) ? PF : 0;
        if (r == 0) {
            f |= ZF;
        }
        if ((r & signBit(size)) != 0) {
            f |= SF;
        }
        return f;
    }

    // ---------------------------------------------------------------- recording (fast path)

    private long record(int kind, int sz, long r, long a, long b) {
        op = kind;
        size = sz;
        res = r;
        src1 = a;
        src2 = b;
        return r;
    }

    /** ADD: returns {@code a + b} truncated to {@code size} and records the flags. Also the flag rule of XADD. */
    public long add(long a, long b, int size) {
        long m = mask(size);
        a &= m;
        b &= m;
        return record(ADD, size, (a + b) & m, a, b);
    }

    /** ADC: returns {@code a + b + CF} truncated to {@code size} and records the flags. */
    public long adc(long a, long b, int size) {
        long c = cf() ? 1 : 0;
        long m = mask(size);
        a &= m;
        b &= m;
        aux = c;
        return record(ADC, size, (a + b + c) & m, a, b);
    }

    /** SUB: returns {@code a - b} truncated to {@code size} and records the flags. */
    public long sub(long a, long b, int size) {
        long m = mask(size);
        a &= m;
        b &= m;
        return record(SUB, size, (a - b) & m, a, b);
    }

    /** SBB: returns {@code a - b - CF} truncated to {@code size} and records the flags. */
    public long sbb(long a, long b, int size) {
        long c = cf() ? 1 : 0;
        long m = mask(size);
        a &= m;
        b &= m;
        aux = c;
        return record(SBB, size, (a - b - c) & m, a, b);
    }

    /** CMP (and the flag rule of CMPXCHG, SCAS, CMPS): records the flags of {@code a - b}; returns true when equal (ZF). */
    public boolean cmp(long a, long b, int size) {
        return sub(a, b, size) == 0;
    }

    /** NEG: returns {@code -a} truncated to {@code size}; flags as {@code 0 - a} (CF set unless a is 0). */
    public long neg(long a, int size) {
        return sub(0, a, size);
    }

    /** AND: returns {@code a & b}; CF=OF=0, AF=0 (architecturally undefined; hardware clears it), SF/ZF/PF from the result. */
    public long and(long a, long b, int size) {
        return record(LOGIC, size, a & b & mask(size), 0, 0);
    }

    /** OR: returns {@code a | b}; flags as {@link #and}. */
    public long or(long a, long b, int size) {
        return record(LOGIC, size, (a | b) & mask(size), 0, 0);
    }

    /** XOR: returns {@code a ^ b}; flags as {@link #and}. */
    public long xor(long a, long b, int size) {
        return record(LOGIC, size, (a ^ b) & mask(size), 0, 0);
    }

    /** TEST: records the flags of {@code a & b}. */
    public void test(long a, long b, int size) {
        record(LOGIC, size, a & b & mask(size), 0, 0);
    }

    /** INC: returns {@code a + 1}; flags as ADD except CF, which is preserved. */
    public long inc(long a, int size) {
        long c = op == INC || op == DEC ? aux : cf() ? 1 : 0; // a run of INC/DEC keeps carrying the same CF
        long m = mask(size);
        a &= m;
        aux = c;
        return record(INC, size, (a + 1) & m, a, 1);
    }

    /** DEC: returns {@code a - 1}; flags as SUB except CF, which is preserved. */
    public long dec(long a, int size) {
        long c = op == INC || op == DEC ? aux : cf() ? 1 : 0; // a run of INC/DEC keeps carrying the same CF
        long m = mask(size);
        a &= m;
        aux = c;
        return record(DEC, size, (a - 1) & m, a, 1);
    }

    private static int countMask(int size) {
        return size == 64 ? 63 : 31;
    }

    /**
     * SHL/SAL: shifts left by {@code count} masked to 5 bits (6 for 64-bit operands). A masked count of 0 returns the operand
     * and leaves the flags unchanged. CF is the last bit shifted out (0 when the count exceeds an 8/16-bit operand's width),
     * AF = 0, SF/ZF/PF from the result. OF = MSB(operand) xor bit size-2 of the operand: the count-1 rule, which Intel
     * processors also apply to larger counts (for which the SDM leaves OF undefined).
     */
    public long shl(long a, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        return record(SHL, size, (a << c) & m, a, c);
    }

    /**
     * SHR: logical right shift, count masked as {@link #shl}. CF is the last bit shifted out, OF = MSB(operand) for every
     * count (the count-1 rule, as Intel processors do), AF = 0, SF/ZF/PF from the result.
     */
    public long shr(long a, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        return record(SHR, size, a >>> c, a, c);
    }

    /** SAR: arithmetic right shift, count masked as {@link #shl}. CF is the last bit shifted out, OF = 0, AF = 0 (undefined). */
    public long sar(long a, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        return record(SAR, size, (signExtend(a, size) >> c) & m, a, c);
    }

    // ---------------------------------------------------------------- explicit writes

    /** Stores all six flags from an RFLAGS image (POPF, IRET, task switch, state import); other bits are ignored. */
    public void load(long rflags) {
        op = EAGER;
        aux = rflags & STATUS;
    }

    /** Stores the flags computed eagerly by an operation; bits outside {@link #STATUS} are ignored. */
    public void setEager(long flags) {
        load(flags);
    }

    /** Replaces the flags selected by {@code which} with the corresponding bits of {@code values}, keeping the others. */
    public void update(long which, long values) {
        load((flags() & ~which) | (values & which));
    }

    /** SAHF: loads SF, ZF, AF, PF and CF from bits 7, 6, 4, 2, 0 of {@code ah}; OF is kept. */
    public void sahf(int ah) {
        update(SF | ZF | AF | PF | CF, ah);
    }

    /** LAHF: returns SF:ZF:0:AF:0:PF:1:CF as the value for AH. */
    public int lahf() {
        return (int) (flags() & (SF | ZF | AF | PF | CF)) | 2;
    }

    /** CLC/STC: sets CF to {@code value}, keeping the other flags. */
    public void setCf(boolean value) {
        update(CF, value ? CF : 0);
    }

    /** CMC: complements CF. */
    public void cmc() {
        setCf(!cf());
    }

    // ---------------------------------------------------------------- evaluation

    private long msb(long v) {
        return (v >>> (size - 1)) & 1;
    }

    /** Returns the carry flag. */
    public boolean cf() {
        switch (op) {
            case EAGER:
                return (aux & CF) != 0;
            case ADD:
                return Long.compareUnsigned(res, src1) < 0;
            case ADC:
                return aux != 0 ? Long.compareUnsigned(res, src1) <= 0 : Long.compareUnsigned(res, src1) < 0;
            case SUB:
                return Long.compareUnsigned(src1, src2) < 0;
            case SBB:
                return aux != 0 ? Long.compareUnsigned(src1, src2) <= 0 : Long.compareUnsigned(src1, src2) < 0;
            case INC:
            case DEC:
                return aux != 0;
            case SHL: {
                int c = (int) src2;
                return c <= size && ((src1 >>> (size - c)) & 1) != 0;
            }
            case SHR:
                return ((src1 >>> (src2 - 1)) & 1) != 0;
            case SAR:
                return ((signExtend(src1, size) >> (src2 - 1)) & 1) != 0;
            default:
                return false;
        }
    }

    /** Returns the zero flag. */
    public boolean zf() {
        return op == EAGER ? (aux & ZF) != 0 : res == 0;
    }

    /** Returns the sign flag. */
    public boolean sf() {
        return op == EAGER ? (aux & SF) != 0 : msb(res) != 0;
    }

    /** Returns the parity flag. */
    public boolean pf() {
        return op == EAGER ? (aux & PF) != 0 : parity(res);
    }

    /** Returns the auxiliary carry flag. */
    public boolean af() {
        switch (op) {
            case EAGER:
                return (aux & AF) != 0;
            case ADD:
            case ADC:
            case SUB:
            case SBB:
            case INC:
            case DEC:
                return ((src1 ^ src2 ^ res) & 0x10) != 0;
            default:
                return false;
        }
    }

    /** Returns the overflow flag. */
    public boolean of() {
        switch (op) {
            case EAGER:
                return (aux & OF) != 0;
            case ADD:
            case ADC:
            case INC:
                return msb((src1 ^ res) & (src2 ^ res)) != 0;
            case SUB:
            case SBB:
            case DEC:
                return msb((src1 ^ src2) & (src1 ^ res)) != 0;
            case SHL: // the count-1 rule on the operand, for every count
                return (msb(src1) ^ msb(src1 << 1)) != 0;
            case SHR:
                return msb(src1) != 0;
            default:
                return false;
        }
    }

    /** Returns the six status flags in their RFLAGS positions. */
    public long flags() {
        if (op == EAGER) {
            return aux;
        }
        long f = cf() ? CF : 0;
        if (pf()) {
            f |= PF;
        }
        if (af()) {
            f |= AF;
        }
        if (res == 0) {
            f |= ZF;
        }
        if (msb(res) != 0) {
            f |= SF;
        }
        if (of()) {
            f |= OF;
        }
        return f;
    }

    /** Returns {@code rflags} with its six status flags replaced by the current ones (PUSHF, state export, interrupts). */
    public long materialize(long rflags) {
        return (rflags & ~STATUS) | flags();
    }

    /**
     * Evaluates condition code {@code cc} (the low 4 bits of Jcc/SETcc/CMOVcc opcodes): 0 O, 1 NO, 2 B, 3 AE, 4 E, 5 NE,
     * 6 BE, 7 A, 8 S, 9 NS, 10 P, 11 NP, 12 L, 13 GE, 14 LE, 15 G. After SUB/CMP the unsigned and signed comparisons are
     * answered from the operands directly.
     */
    public boolean condition(int cc) {
        boolean r;
        if (op == SUB) {
            switch (cc >>> 1 & 7) {
                case 1 -> r = Long.compareUnsigned(src1, src2) < 0;
                case 2 -> r = src1 == src2;
                case 3 -> r = Long.compareUnsigned(src1, src2) <= 0;
                case 6 -> r = signExtend(src1, size) < signExtend(src2, size);
                case 7 -> r = signExtend(src1, size) <= signExtend(src2, size);
                default -> r = flagCondition(cc);
            }
        } else {
            r = flagCondition(cc);
        }
        return r ^ ((cc & 1) != 0);
    }

    /** The positive (even) form of condition {@code cc}, evaluated from the individual flags. */
    private boolean flagCondition(int cc) {
        return switch (cc >>> 1 & 7) {
            case 0 -> of();
            case 1 -> cf();
            case 2 -> zf();
            case 3 -> cf() || zf();
            case 4 -> sf();
            case 5 -> pf();
            case 6 -> sf() != of();
            default -> zf() || sf() != of();
        };
    }
}
