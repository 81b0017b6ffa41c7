package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.mask;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.signExtend;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.szp;

/**
 * MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV for 8-, 16-, 32- and 64-bit operands. Two-output forms
 * write into a caller-owned {@link WideResult}; nothing allocates except the {@link DivideError} on a #DE.
 *
 * <p>Flags: MUL/IMUL set CF = OF = "the product does not fit the low half" (signed for IMUL); SF, ZF, AF, PF are undefined
 * and set as the Intel host does: SF = MSB and PF = parity of the low half, ZF = AF = 0. DIV/IDIV leave all six flags
 * (undefined) unchanged, as the Intel host does.
 */
public final class MulDiv {
    private MulDiv() {
    }

    private static void mulFlags(LazyFlags f, long lo, int size, boolean overflow) {
        f.setEager((szp(lo, size) & (SF | PF)) | (overflow ? CF | OF : 0));
    }

    /** MUL: unsigned {@code a * b}; {@code out.lo} is AL/AX/EAX/RAX, {@code out.hi} is AH/DX/EDX/RDX. */
    public static void mul(LazyFlags f, long a, long b, int size, WideResult out) {
        long m = mask(size);
        a &= m;
        b &= m;
        long lo;
        long hi;
        if (size == 64) {
            lo = a * b;
            hi = Math.unsignedMultiplyHigh(a, b);
        } else if (size == 32) {
            long p = a * b;
            lo = p & m;
            hi = p >>> 32;
        } else {
            long p = a * b;
            lo = p & m;
            hi = (p >>> size) & m;
        }
        out.lo = lo;
        out.hi = hi;
        mulFlags(f, lo, size, hi != 0);
    }

    /** IMUL with one operand: signed {@code a * b} into {@code out.lo} (low half) and {@code out.hi} (high half). */
    public static void imul(LazyFlags f, long a, long b, int size, WideResult out) {
        long m = mask(size);
        long sa = signExtend(a, size);
        long sb = signExtend(b, size);
        long lo;
        long hi;
        if (size == 64) {
            lo = sa * sb;
            hi = Math.multiplyHigh(sa, sb);
        } else {
            long p = sa * sb; // fits: |p| <= 2^62
            lo = p & m;
            hi = (p >> size) & m;
        }
        out.lo = lo;
        out.hi = hi;
        boolean overflow = hi != ((lo & LazyFlags.signBit(size)) != 0 ? m : 0);
        mulFlags(f, lo, size, overflow);
    }

    /**
     * IMUL with two or three operands (16/32/64-bit): returns the signed product truncated to {@code size}; CF = OF = the
     * truncation lost significant bits. The three-operand form passes the sign-extended immediate as {@code b}.
     */
    public static long imul(LazyFlags f, long a, long b, int size) {
        long m = mask(size);
        long sa = signExtend(a, size);
        long sb = signExtend(b, size);
        long lo;
        boolean overflow;
        if (size == 64) {
            lo = sa * sb;
            overflow = Math.multiplyHigh(sa, sb) != (lo >> 63);
        } else {
            long p = sa * sb;
            lo = p & m;
            overflow = p != signExtend(p, size);
        }
        mulFlags(f, lo, size, overflow);
        return lo;
    }

    /**
     * DIV: unsigned division of the {@code 2*size}-bit dividend {@code hi:lo} (AH:AL, DX:AX, EDX:EAX, RDX:RAX) by
     * {@code divisor}; {@code out.lo} gets the quotient, {@code out.hi} the remainder. Flags are left unchanged.
     *
     * @throws DivideError when the divisor is 0 or the quotient does not fit {@code size} bits
     */
    public static void div(long hi, long lo, long divisor, int size, WideResult out) throws DivideError {
        long m = mask(size);
        hi &= m;
        lo &= m;
        divisor &= m;
        if (divisor == 0) {
            throw new DivideError("divide by zero");
        }
        if (Long.compareUnsigned(hi, divisor) >= 0) {
            throw new DivideError("quotient too large");
        }
        if (size == 64) {
            divideUnsigned128(hi, lo, divisor, out);
        } else {
            long n = (hi << size) | lo;
            out.lo = Long.divideUnsigned(n, divisor);
            out.hi = Long.remainderUnsigned(n, divisor);
        }
    }

    /**
     * IDIV: signed division of {@code hi:lo} by {@code divisor}, quotient truncated toward zero into {@code out.lo},
     * remainder (sign of the dividend) into {@code out.hi}, both zero-extended from {@code size} bits. Flags are unchanged.
     *
     * @throws DivideError when the divisor is 0 or the quotient is outside the signed range of {@code size} bits
     */
    public static void idiv(long hi, long lo, long divisor, int size, WideResult out) throws DivideError {
        long m = mask(size);
        hi &= m;
        lo &= m;
        divisor &= m;
        if (divisor == 0) {
            throw new DivideError("divide by zero");
        }
        long sd = signExtend(divisor, size);
        if (size < 64) {
            long n = size == 32 ? (hi << 32) | lo : signExtend((hi << size) | lo, 2 * size);
            if (n == Long.MIN_VALUE && sd == -1) {
                throw new DivideError("quotient too large");
            }
            long q = n / sd;
            if (q != signExtend(q, size)) {
                throw new DivideError("quotient too large");
            }
            out.lo = q & m;
            out.hi = (n % sd) & m;
            return;
        }
        boolean negN = hi < 0;
        long nHi = hi;
        long nLo = lo;
        if (negN) { // two's complement negation of the 128-bit dividend
            nLo = -lo;
            nHi = ~hi + (lo == 0 ? 1 : 0);
        }
        boolean negD = sd < 0;
        long d = negD ? -sd : sd; // magnitude as unsigned; MIN_VALUE stays 2^63
        if (Long.compareUnsigned(nHi, d) >= 0) {
            throw new DivideError("quotient too large");
        }
        divideUnsigned128(nHi, nLo, d, out);
        long q = out.lo;
        long r = out.hi;
        if (negN != negD) {
            if (Long.compareUnsigned(q, Long.MIN_VALUE) > 0) {
                throw new DivideError("quotient too large");
            }
            q = -q;
        } else if (q < 0) {
            throw new DivideError("quotient too large");
        }
        out.lo = q;
        out.hi = negN ? -r : r;
    }

    /**
     * Divides the unsigned 128-bit value {@code u1:u0} by {@code v}, requiring {@code u1 < v} (unsigned) so the quotient
     * fits 64 bits (Hacker's Delight, divlu, with 32-bit digits).
     */
    static void divideUnsigned128(long u1, long u0, long v, WideResult out) {
        if (u1 == 0) {
            out.lo = Long.divideUnsigned(u0, v);
            out.hi = Long.remainderUnsigned(u0, v);
            return;
        }
        final long b = 1L << 32;
        int s = Long.numberOfLeadingZeros(v);
        v <<= s;
        long vn1 = v >>> 32;
        long vn0 = v & 0xffff_ffffL;
        long un32 = (u1 << s) | (s == 0 ? 0 : u0 >>> (64 - s));
        long un10 = u0 << s;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xffff_ffffL;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (q1 >= b || Long.compareUnsigned(q1 * vn0, (rhat << 32) + un1) > 0) {
            q1--;
            rhat += vn1;
            if (rhat >= b) {
                break;
            }
        }
        long un21 = (un32 << 32) + un1 - q1 * v;

        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (q0 >= b || Long.compareUnsigned(q0 * vn0, (rhat << 32) + un0) > 0) {
            q0--;
            rhat += vn1;
            if (rhat >= b) {
                break;
            }
        }
        out.lo = (q1 << 32) + q0;
        out.hi = ((un21 << 32) + un0 - q0 * v) >>> s;
    }
}
