package org.jemu.cpu.x86.internal.fpu;

import static org.jemu.cpu.x86.internal.fpu.Fpu80.BIAS;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.DENORMAL;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.EXP_MAX;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.IE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INF;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.J;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.PE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.QNAN;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.QUIET;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.SNAN;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.UNSUPPORTED;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.ZERO;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.classify;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.normExp;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.normSig;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.sign;

/**
 * Conversions between extended values and the x87 memory formats: 16/32/64-bit integers (FILD, FIST/FISTP with the
 * rounding control), single and double precision (FLD m32/m64 and FST m32/m64 with rounding, overflow and underflow in
 * the destination's range) and 18-digit packed BCD (FBLD, FBSTP). Results go to the {@link Fpu80} context (loads) or
 * are returned (stores; the flags tell whether an unmasked exception forbids the store).
 */
public final class Convert {

    /** The packed BCD indefinite: bits 64-79 and 0-63. */
    public static final long BCD_INDEFINITE_HI = 0xffff;
    public static final long BCD_INDEFINITE_LO = 0xC000_0000_0000_0000L;
    public static final int FLOAT_INDEFINITE = 0xffc0_0000;
    public static final long DOUBLE_INDEFINITE = 0xfff8_0000_0000_0000L;

    private Convert() {
    }

    // ---- loads ----------------------------------------------------------------------------------------------------

    /** A signed integer, exactly. */
    public static void fromInt(Fpu80 e, long v) {
        if (v == 0) {
            e.result(0, 0);
            return;
        }
        int s = v < 0 ? 0x8000 : 0;
        long mag = v < 0 ? -v : v; // -2^63 stays 2^63 as an unsigned magnitude
        int k = Long.numberOfLeadingZeros(mag);
        e.result(s | (BIAS + 63 - k), mag << k);
    }

    /** FLD m32: a single-precision value, exactly; an SNaN raises #IA (made quiet), a denormal #D (loaded anyway). */
    public static void fromFloat32(Fpu80 e, int bits) {
        loaded(e, operandFloat32(e, bits));
    }

    /** FLD m64: a double-precision value, exactly; an SNaN raises #IA (made quiet), a denormal #D (loaded anyway). */
    public static void fromFloat64(Fpu80 e, long bits) {
        loaded(e, operandFloat64(e, bits));
    }

    private static void loaded(Fpu80 e, int cls) {
        if (cls == SNAN) {
            e.flags |= IE;
            e.sig |= QUIET;
        } else if (cls == DENORMAL) {
            e.flags |= Fpu80.DE;
        }
    }

    /**
     * A single-precision arithmetic operand in e.se/e.sig, exactly and with no exception: an SNaN stays signalling (for
     * the NaN rules of the operation). Returns the class, DENORMAL for a single denormal (normalized in extended).
     */
    public static int operandFloat32(Fpu80 e, int bits) {
        return unpack(e, bits >>> 31, (bits >>> 23) & 0xff, (bits & 0x7fffffL) << 40, 0xff, 127);
    }

    /** A double-precision arithmetic operand, as {@link #operandFloat32}. */
    public static int operandFloat64(Fpu80 e, long bits) {
        long frac = (bits & 0xf_ffff_ffff_ffffL) << 11;
        return unpack(e, (int) (bits >>> 63), (int) (bits >>> 52) & 0x7ff, frac, 0x7ff, 1023);
    }

    /** A binary value whose fraction is aligned below the integer bit. */
    private static int unpack(Fpu80 e, int sign, int exp, long frac, int expMax, int bias) {
        int s = sign << 15;
        if (exp == expMax) {
            e.result(s | EXP_MAX, J | frac);
            return frac == 0 ? INF : (frac & QUIET) != 0 ? QNAN : SNAN;
        }
        if (exp == 0) {
            if (frac == 0) {
                e.result(s, 0);
                return ZERO;
            }
            int k = Long.numberOfLeadingZeros(frac);
            e.result(s | (1 - bias + BIAS - k), frac << k);
            return DENORMAL;
        }
        e.result(s | (exp - bias + BIAS), J | frac);
        return Fpu80.NORMAL;
    }

    /** 18 packed BCD digits (bits 0-71) and the sign (bit 79), exactly; digits above 9 count with their value. */
    public static void fromBcd(Fpu80 e, long lo, int hi) {
        long v = 0;
        for (int i = 17; i >= 0; i--) {
            int digit = (int) ((i >= 16 ? (hi >>> ((i - 16) * 4)) : (lo >>> (i * 4))) & 0xf);
            v = v * 10 + digit;
        }
        int s = (hi & 0x8000) != 0 ? 0x8000 : 0;
        if (v == 0) {
            e.result(s, 0);
            return;
        }
        fromInt(e, v);
        e.se |= s;
    }

    // ---- stores ---------------------------------------------------------------------------------------------------

    /** FST m32: the value rounded to single precision; an unmasked #IA, #O or #U in the flags means no store. */
    public static int toFloat32(Fpu80 e, int se, long sig) {
        return (int) toBinary(e, se, sig, 24, 8);
    }

    /** FST m64: the value rounded to double precision; an unmasked #IA, #O or #U in the flags means no store. */
    public static long toFloat64(Fpu80 e, int se, long sig) {
        return toBinary(e, se, sig, 53, 11);
    }

    /**
     * The value rounded to a binary format of {@code p} significant bits and {@code expBits} exponent bits: NaNs keep
     * their sign and top payload bits (made quiet, #IA for an SNaN), unsupported encodings store the indefinite (#IA),
     * overflow and underflow are those of the destination's exponent range. No #D: a store takes denormals as they are.
     */
    private static long toBinary(Fpu80 e, int se, long sig, int p, int expBits) {
        int fracBits = p - 1;
        int bias = (1 << (expBits - 1)) - 1;
        long expField = ((1L << expBits) - 1) << fracBits;
        long quiet = 1L << (fracBits - 1);
        long signBit = (long) sign(se) << (expBits + fracBits);
        int cls = classify(se, sig);
        switch (cls) {
            case UNSUPPORTED -> {
                e.flags |= IE;
                return 1L << (expBits + fracBits) | expField | quiet;
            }
            case SNAN, QNAN -> {
                if (cls == SNAN) e.flags |= IE;
                return signBit | expField | quiet | ((sig >>> (64 - p)) & (quiet - 1));
            }
            case INF -> {
                return signBit | expField;
            }
            case ZERO -> {
                return signBit;
            }
            default -> {
            }
        }
        int emin = BIAS - bias + 1;
        int emax = BIAS + bias;
        e.round(sign(se), normExp(se, sig), normSig(sig), 0, p, emin, emax, false);
        int exp = e.se & EXP_MAX;
        if (exp > emax) return signBit | expField;
        long frac = (e.sig >>> (64 - p)) & ((1L << fracBits) - 1);
        if (exp < emin) return signBit | frac;
        return signBit | (long) (exp - emin + 1) << fracBits | frac;
    }

    /**
     * FIST/FISTP: the value rounded to a signed integer of {@code bits} (16, 32, 64, returned in the low bits) with the
     * rounding control; NaNs, infinities and values out of range are invalid and give the integer indefinite (the most
     * negative value).
     */
    public static long toInt(Fpu80 e, int se, long sig, int bits) {
        long indefinite = Long.MIN_VALUE >>> (64 - bits);
        long mag = roundMagnitude(e, se, sig);
        if (mag == TOO_BIG) {
            e.flags |= IE;
            return indefinite;
        }
        boolean neg = sign(se) != 0;
        long limit = 1L << (bits - 1); // unsigned: 2^15, 2^31, 2^63
        if (Long.compareUnsigned(mag, limit) > 0 || (mag == limit && !neg)) {
            e.flags = e.flags & ~PE | IE;
            e.c1 = false;
            return indefinite;
        }
        long v = neg ? -mag : mag;
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }

    /** FBSTP: the value rounded to an integer as 18 BCD digits: bits 0-63 returned, bits 64-79 in {@link Fpu80#se2}. */
    public static long toBcd(Fpu80 e, int se, long sig) {
        long mag = roundMagnitude(e, se, sig);
        if (mag == TOO_BIG || Long.compareUnsigned(mag, 999_999_999_999_999_999L) > 0) {
            e.flags = e.flags & ~PE | IE;
            e.c1 = false;
            e.se2 = (int) BCD_INDEFINITE_HI;
            return BCD_INDEFINITE_LO;
        }
        long lo = 0;
        int hi = 0;
        for (int i = 0; i < 18; i++) {
            long digit = mag % 10;
            mag /= 10;
            if (i < 16) {
                lo |= digit << (4 * i);
            } else {
                hi |= (int) digit << (4 * (i - 16));
            }
        }
        e.se2 = hi | (se & 0x8000);
        return lo;
    }

    /** Marks a magnitude too large for any integer format (and NaNs, infinities, unsupported encodings). */
    private static final long TOO_BIG = -1L;

    /** The value's magnitude rounded to an integer with the rounding control (#P, C1), or {@link #TOO_BIG}. */
    private static long roundMagnitude(Fpu80 e, int se, long sig) {
        int cls = classify(se, sig);
        if (cls == ZERO) return 0;
        if (cls != Fpu80.NORMAL && cls != DENORMAL) return TOO_BIG;
        int exp = normExp(se, sig);
        long m = normSig(sig);
        int fracBits = BIAS + 63 - exp;
        if (fracBits <= 0) return fracBits == 0 ? m : TOO_BIG; // 2^64 - 1 (TOO_BIG) is too big anyway
        return e.roundToInteger(sign(se), m, fracBits);
    }
}
