package org.jemu.cpu.x86.internal.fpu;

import java.math.BigInteger;

/**
 * A binary floating-point number of {@value #PREC} significant bits for the transcendental instructions: the value
 * {@code m * 2^e} with a signed integer {@code m}. Results of operations are truncated to {@link #PREC} bits (far
 * more than the 64 an extended result keeps, so the final rounding is correct except at distances from a rounding
 * boundary below 2^-180). Immutable; the transcendentals are the one place of the x87 unit that allocates.
 */
final class BigFloat {

    static final int PREC = 200;

    static final BigFloat ZERO = new BigFloat(BigInteger.ZERO, 0);
    static final BigFloat ONE = new BigFloat(BigInteger.ONE, 0);
    static final BigFloat TWO = new BigFloat(BigInteger.ONE, 1);

    final BigInteger m;
    final int e;

    private BigFloat(BigInteger m, int e) {
        this.m = m;
        this.e = e;
    }

    /** {@code m * 2^e}, truncated to {@link #PREC} bits. */
    static BigFloat of(BigInteger m, int e) {
        int excess = m.bitLength() - PREC;
        if (excess > 0) {
            // truncation toward zero of the magnitude
            m = m.signum() < 0 ? m.negate().shiftRight(excess).negate() : m.shiftRight(excess);
            e += excess;
        }
        return new BigFloat(m, e);
    }

    static BigFloat of(long v) {
        return of(BigInteger.valueOf(v), 0);
    }

    /** An extended value (finite), exactly. */
    static BigFloat of(int se, long sig) {
        if (sig == 0) return ZERO;
        BigInteger m = new BigInteger(Long.toUnsignedString(sig));
        int exp = (se & Fpu80.EXP_MAX) == 0 ? 1 : se & Fpu80.EXP_MAX;
        if ((se & 0x8000) != 0) m = m.negate();
        return new BigFloat(m, exp - Fpu80.BIAS - 63);
    }

    int signum() {
        return m.signum();
    }

    /** The exponent of the leading bit: the value's magnitude is in [2^top, 2^(top+1)). */
    int top() {
        return e + m.bitLength() - 1;
    }

    BigFloat negate() {
        return new BigFloat(m.negate(), e);
    }

    BigFloat abs() {
        return m.signum() < 0 ? negate() : this;
    }

    BigFloat scale(int n) {
        return m.signum() == 0 ? this : new BigFloat(m, e + n);
    }

    BigFloat add(BigFloat o) {
        if (o.m.signum() == 0) return this;
        if (m.signum() == 0) return o;
        // an addend far below the other's precision only nudges it, in its direction (for directed rounding)
        if (o.top() < top() - PREC - 8) return nudge(this, o.m.signum());
        if (top() < o.top() - PREC - 8) return nudge(o, m.signum());
        if (e == o.e) return of(m.add(o.m), e);
        if (e > o.e) return of(m.shiftLeft(e - o.e).add(o.m), o.e);
        return of(m.add(o.m.shiftLeft(o.e - e)), e);
    }

    private static BigFloat nudge(BigFloat x, int direction) {
        int widen = PREC + 16 - x.m.bitLength();
        BigInteger w = x.m.shiftLeft(widen).add(BigInteger.valueOf(direction));
        return of(w, x.e - widen);
    }

    BigFloat sub(BigFloat o) {
        return add(o.negate());
    }

    BigFloat mul(BigFloat o) {
        return of(m.multiply(o.m), e + o.e);
    }

    BigFloat div(BigFloat o) {
        int shift = PREC + 2 + o.m.bitLength() - m.bitLength();
        if (shift < 0) shift = 0;
        return of(m.shiftLeft(shift).divide(o.m), e - shift - o.e);
    }

    BigFloat sqrt() {
        if (m.signum() <= 0) return ZERO;
        int shift = 2 * PREC - m.bitLength();
        if (shift < 0) shift = 0;
        if (((e - shift) & 1) != 0) shift++;
        return of(m.shiftLeft(shift).sqrt(), (e - shift) / 2);
    }

    int compareTo(BigFloat o) {
        return sub(o).signum();
    }

    /** Rounds an exact value the hardware still reports as inexact (F2XM1(+-1), FYL2X of a power of two). */
    void roundFlaggingInexact(Fpu80 f) {
        round(f, false);
        f.flags |= Fpu80.PE;
        if (m.signum() != 0 && top() + Fpu80.BIAS < Fpu80.EMIN) f.flags |= Fpu80.UE; // tiny and "inexact"
    }

    /**
     * The precision a transcendental result is first rounded to (to nearest): a value within 2^-128 of a 64-bit
     * number counts as that number, exact but for the #P flag. This models what x87s do with tiny arguments (FSIN x
     * = x, FCOS x = 1 without C1 set) and agrees better with hardware than rounding the exact value directly.
     */
    private static final int INTERNAL = 128;

    /**
     * Rounds to an extended result in {@code f} (64-bit precision, the rounding control, #O/#U/#P, C1). With
     * {@code inexact} the value stands for an irrational one: it is always inexact (#P; #U when tiny).
     */
    void round(Fpu80 f, boolean inexact) {
        if (m.signum() == 0) {
            f.zero(0);
            return;
        }
        int sign = m.signum() < 0 ? 1 : 0;
        BigInteger mag = m.abs();
        if (inexact) {
            if (mag.bitLength() > INTERNAL) {
                int drop = mag.bitLength() - INTERNAL;
                BigInteger q = mag.shiftRight(drop);
                boolean half = mag.testBit(drop - 1);
                if (half && (mag.getLowestSetBit() < drop - 1 || q.testBit(0))) q = q.add(BigInteger.ONE);
                new BigFloat(sign == 1 ? q.negate() : q, e + drop).roundFlaggingInexact(f);
            } else {
                roundFlaggingInexact(f);
            }
            return;
        }
        // top 128 bits of the magnitude, and whether anything below them is nonzero
        int len = mag.bitLength();
        BigInteger top128;
        boolean sticky = false;
        if (len > 128) {
            top128 = mag.shiftRight(len - 128);
            if (mag.getLowestSetBit() < len - 128) sticky = true;
        } else {
            top128 = mag.shiftLeft(128 - len);
        }
        long sig = top128.shiftRight(64).longValue();
        long extra = top128.longValue() | (sticky ? 1 : 0);
        int exp = e + len - 1 + Fpu80.BIAS;
        f.roundPack64(sign, exp, sig, extra);
    }
}
