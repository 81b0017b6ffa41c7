package org.jemu.cpu.x86.internal.simd;

import static org.jemu.cpu.x86.internal.simd.Mxcsr.DE;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.IE;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.OE;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.PE;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.RC_DOWN;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.RC_NEAREST;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.RC_UP;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.UE;
import static org.jemu.cpu.x86.internal.simd.Mxcsr.ZE;

/**
 * IEEE-754 binary32 and binary64 arithmetic as the SSE unit performs it under MXCSR (SDM vol. 1, 4.8-4.9 and 11.5):
 * the four rounding modes, denormals-are-zero on the inputs, flush-to-zero of tiny results when underflow is masked,
 * tininess detected after rounding, and the exception flags with their priorities: per operation, an SNaN operand,
 * then a QNaN operand (no flag), then the other invalid operations and division by zero, then a denormal operand are
 * pre-computation conditions ({@link #pre}); overflow, underflow and precision are post-computation ({@link #post}).
 * NaN results: the first source operand's NaN wins, an SNaN comes out quieted, invalid operations give the default
 * QNaN (0xFFC00000, 0xFFF8000000000000).
 *
 * <p>Values are raw bit patterns in a {@code long} (binary32 in the low 32 bits, upper bits zero). One instance per
 * SSE unit: {@link #begin} takes MXCSR's controls and clears the flags, the operations accumulate flags, and the
 * caller decides from {@link #pre}/{@link #post} whether the instruction completes or raises #XM. The arithmetic is
 * exact integer arithmetic on significands (Java's {@code double} operations are used only where they are provably
 * exact or correctly rounded with an exact error term: {@code Math.sqrt} with {@code Math.fma}); nothing allocates.
 */
public final class SoftFloat {
    /** Formats. */
    public static final int F32 = 0, F64 = 1;

    private static final int[] FRAC = {23, 52};
    private static final int[] EXP_FIELD = {0xFF, 0x7FF};
    private static final int[] BIAS = {127, 1023};
    private static final long[] SIGN = {0x8000_0000L, 0x8000_0000_0000_0000L};
    private static final long[] INF = {0x7F80_0000L, 0x7FF0_0000_0000_0000L};
    private static final long[] QUIET = {0x0040_0000L, 0x0008_0000_0000_0000L};
    private static final long[] DEFAULT_NAN = {0xFFC0_0000L, 0xFFF8_0000_0000_0000L};

    private int rc;
    private boolean daz;
    private boolean ftz;
    /** Mask bits (1 = masked) in flag positions. */
    private int masked;
    /** Flags raised by the operations since {@link #begin}: pre-computation (IE DE ZE) and post-computation (OE UE PE). */
    public int pre, post;

    // the operand unpacked by unpack(): value = (-1)^sign * sig * 2^(exp - 62), sig normalized to bit 62
    private boolean uSign;
    private int uExp;
    private long uSig;

    /** Starts an instruction under {@code mxcsr}'s rounding control, DAZ, FZ and masks; clears the flags. */
    public void begin(int mxcsr) {
        rc = (mxcsr >>> Mxcsr.RC_SHIFT) & 3;
        daz = (mxcsr & Mxcsr.DAZ) != 0;
        ftz = (mxcsr & Mxcsr.FZ) != 0;
        masked = (mxcsr >>> Mxcsr.MASK_SHIFT) & Mxcsr.FLAGS;
        pre = 0;
        post = 0;
    }

    // ---- classification ----------------------------------------------------------------------------------------

    private static long abs(int fmt, long a) {
        return a & (SIGN[fmt] - 1);
    }

    public static boolean isNaN(int fmt, long a) {
        return abs(fmt, a) > INF[fmt];
    }

    public static boolean isSNaN(int fmt, long a) {
        return isNaN(fmt, a) && (a & QUIET[fmt]) == 0;
    }

    static boolean isInf(int fmt, long a) {
        return abs(fmt, a) == INF[fmt];
    }

    static boolean isZero(int fmt, long a) {
        return abs(fmt, a) == 0;
    }

    public static boolean isDenormal(int fmt, long a) {
        long m = abs(fmt, a);
        return m != 0 && m < 1L << FRAC[fmt];
    }

    public static long defaultNaN(int fmt) {
        return DEFAULT_NAN[fmt];
    }

    /** The operand after DAZ: a denormal becomes a zero of the same sign (without flag). */
    private long in(int fmt, long a) {
        return daz && isDenormal(fmt, a) ? a & SIGN[fmt] : a;
    }

    private long propagateNaN(int fmt, long a, long b) {
        if (isSNaN(fmt, a) || isSNaN(fmt, b)) pre |= IE;
        return (isNaN(fmt, a) ? a : b) | QUIET[fmt];
    }

    private void denormalCheck(int fmt, long a, long b) {
        if (isDenormal(fmt, a) || isDenormal(fmt, b)) pre |= DE;
    }

    private void unpack(int fmt, long a) {
        int f = FRAC[fmt];
        uSign = (a & SIGN[fmt]) != 0;
        int e = (int) (a >>> f) & EXP_FIELD[fmt];
        long m = a & ((1L << f) - 1);
        if (e == 0) {
            int lz = Long.numberOfLeadingZeros(m);
            uSig = m << (lz - 1);
            uExp = 1 - BIAS[fmt] - f - lz + 63;
        } else {
            uSig = (m | 1L << f) << (62 - f);
            uExp = e - BIAS[fmt];
        }
    }

    static long shiftRightJam(long x, int n) {
        if (n <= 0) return x;
        if (n >= 63) return x != 0 ? 1 : 0;
        return (x >>> n) | ((x << (64 - n)) != 0 ? 1 : 0);
    }

    // ---- rounding ----------------------------------------------------------------------------------------------

    private boolean roundsUp(boolean sign, long kept, long rest, long half) {
        if (rest == 0) return false;
        return switch (rc) {
            case RC_NEAREST -> rest > half || (rest == half && (kept & 1) != 0);
            case RC_DOWN -> sign;
            case RC_UP -> !sign;
            default -> false;
        };
    }

    /**
     * Rounds {@code (-1)^sign * sig * 2^(exp - 62)} ({@code sig} normalized to bit 62, lower bits sticky) to the
     * format and packs it, raising overflow, underflow (tininess after rounding) and precision.
     */
    private long roundPack(int fmt, boolean sign, int exp, long sig) {
        int p = FRAC[fmt] + 1;
        int rb = 63 - p;
        long half = 1L << (rb - 1);
        long rmask = (1L << rb) - 1;
        int emin = 1 - BIAS[fmt];
        long s = sign ? SIGN[fmt] : 0;
        if (exp < emin) {
            boolean tiny = true;
            if (exp == emin - 1) {
                long k = sig >>> rb;
                tiny = !(k == (1L << p) - 1 && roundsUp(sign, k, sig & rmask, half));
            }
            if (tiny && (masked & UE) == 0) {
                // unmasked: no result is delivered; precision as for the result with unbounded exponent
                post |= UE | ((sig & rmask) != 0 ? PE : 0);
                return s;
            }
            if (tiny && ftz) {
                post |= UE | PE;
                return s;
            }
            long d = shiftRightJam(sig, emin - exp);
            long kept = d >>> rb;
            long rest = d & rmask;
            if (roundsUp(sign, kept, rest, half)) kept++;
            if (rest != 0) post |= tiny ? UE | PE : PE;
            return s | kept; // a carry into bit p-1 gives the smallest normal: it lands in the exponent field
        }
        long kept = sig >>> rb;
        long rest = sig & rmask;
        if (roundsUp(sign, kept, rest, half)) {
            kept++;
            if (kept == 1L << p) {
                kept >>>= 1;
                exp++;
            }
        }
        if (rest != 0) post |= PE;
        if (exp > BIAS[fmt]) {
            if ((masked & OE) == 0) { // unmasked: no result, precision as for the result with unbounded exponent
                post |= OE;
                return s;
            }
            return overflow(fmt, sign);
        }
        return s | (long) (exp + BIAS[fmt]) << FRAC[fmt] | kept & ((1L << FRAC[fmt]) - 1);
    }

    private long overflow(int fmt, boolean sign) {
        post |= OE | PE;
        boolean toInf = switch (rc) {
            case RC_NEAREST -> true;
            case RC_DOWN -> sign;
            case RC_UP -> !sign;
            default -> false;
        };
        return (sign ? SIGN[fmt] : 0) | (toInf ? INF[fmt] : INF[fmt] - 1);
    }

    /** A finite non-zero operand passed through unchanged, except that a denormal result is tiny (FZ, unmasked UE). */
    private long exact(int fmt, long a) {
        if (!isDenormal(fmt, a)) return a;
        unpack(fmt, a);
        return roundPack(fmt, uSign, uExp, uSig);
    }

    // ---- arithmetic --------------------------------------------------------------------------------------------

    /** Operation codes for {@link #binary}. */
    public static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MIN = 4, MAX = 5;

    /** {@code a op b} for ADD, SUB, MUL, DIV, MIN, MAX. */
    public long binary(int op, int fmt, long a, long b) {
        return switch (op) {
            case ADD -> add(fmt, a, b, false);
            case SUB -> add(fmt, a, b, true);
            case MUL -> mul(fmt, a, b);
            case DIV -> div(fmt, a, b);
            case MIN -> minMax(fmt, a, b, false);
            default -> minMax(fmt, a, b, true);
        };
    }

    public long add(int fmt, long a, long b, boolean subtract) {
        a = in(fmt, a);
        b = in(fmt, b);
        if (isNaN(fmt, a) || isNaN(fmt, b)) return propagateNaN(fmt, a, b);
        long sign = SIGN[fmt];
        if (subtract) b ^= sign;
        boolean infA = isInf(fmt, a);
        boolean infB = isInf(fmt, b);
        if (infA && infB && ((a ^ b) & sign) != 0) {
            pre |= IE;
            return DEFAULT_NAN[fmt];
        }
        denormalCheck(fmt, a, b);
        if (infA) return a;
        if (infB) return b;
        boolean zeroA = isZero(fmt, a);
        boolean zeroB = isZero(fmt, b);
        if (zeroA && zeroB) {
            boolean negative = ((a ^ b) & sign) == 0 ? (a & sign) != 0 : rc == RC_DOWN;
            return negative ? sign : 0;
        }
        if (zeroB) return exact(fmt, a);
        if (zeroA) return exact(fmt, b);
        unpack(fmt, a);
        boolean sa = uSign;
        int ea = uExp;
        long ma = uSig;
        unpack(fmt, b);
        boolean sb = uSign;
        int eb = uExp;
        long mb = uSig;
        if (ea < eb || (ea == eb && ma < mb)) {
            boolean ts = sa;
            sa = sb;
            sb = ts;
            int te = ea;
            ea = eb;
            eb = te;
            long tm = ma;
            ma = mb;
            mb = tm;
        }
        mb = shiftRightJam(mb, ea - eb);
        if (sa == sb) {
            long sum = ma + mb;
            if (sum < 0) {
                sum = (sum >>> 1) | (sum & 1);
                ea++;
            }
            return roundPack(fmt, sa, ea, sum);
        }
        long diff = ma - mb;
        if (diff == 0) return rc == RC_DOWN ? sign : 0;
        int shift = Long.numberOfLeadingZeros(diff) - 1;
        return roundPack(fmt, sa, ea - shift, diff << shift);
    }

    public long mul(int fmt, long a, long b) {
        a = in(fmt, a);
        b = in(fmt, b);
        if (isNaN(fmt, a) || isNaN(fmt, b)) return propagateNaN(fmt, a, b);
        boolean infA = isInf(fmt, a);
        boolean infB = isInf(fmt, b);
        boolean zeroA = isZero(fmt, a);
        boolean zeroB = isZero(fmt, b);
        if ((infA && zeroB) || (zeroA && infB)) {
            pre |= IE;
            return DEFAULT_NAN[fmt];
        }
        denormalCheck(fmt, a, b);
        long sign = (a ^ b) & SIGN[fmt];
        if (infA || infB) return sign | INF[fmt];
        if (zeroA || zeroB) return sign;
        unpack(fmt, a);
        int ea = uExp;
        long ma = uSig;
        unpack(fmt, b);
        long hi = Math.unsignedMultiplyHigh(ma << 1, uSig << 1);
        long lo = (ma << 1) * (uSig << 1);
        int e = ea + uExp;
        long sig = hi | (lo != 0 ? 1 : 0);
        if (sig < 0) {
            sig = (sig >>> 1) | (sig & 1);
            e++;
        }
        return roundPack(fmt, sign != 0, e, sig);
    }

    public long div(int fmt, long a, long b) {
        a = in(fmt, a);
        b = in(fmt, b);
        if (isNaN(fmt, a) || isNaN(fmt, b)) return propagateNaN(fmt, a, b);
        boolean infA = isInf(fmt, a);
        boolean infB = isInf(fmt, b);
        boolean zeroA = isZero(fmt, a);
        boolean zeroB = isZero(fmt, b);
        if ((infA && infB) || (zeroA && zeroB)) {
            pre |= IE;
            return DEFAULT_NAN[fmt];
        }
        long sign = (a ^ b) & SIGN[fmt];
        if (zeroB && !infA) {
            pre |= ZE;
            return sign | INF[fmt];
        }
        denormalCheck(fmt, a, b);
        if (infA) return sign | INF[fmt];
        if (infB || zeroA) return sign;
        unpack(fmt, a);
        int e = uExp;
        long na = uSig >>> 10; // exact: at most 53 significant bits
        unpack(fmt, b);
        long nb = uSig >>> 10;
        e -= uExp;
        if (na < nb) {
            na <<= 1;
            e--;
        }
        long q = na / nb;
        long r = na % nb;
        for (int n = 62; n > 0; ) {
            int k = Math.min(n, 10);
            r <<= k;
            q = q << k | r / nb;
            r %= nb;
            n -= k;
        }
        return roundPack(fmt, sign != 0, e, q | (r != 0 ? 1 : 0));
    }

    public long sqrt(int fmt, long a) {
        a = in(fmt, a);
        if (isNaN(fmt, a)) return propagateNaN(fmt, a, a);
        if (isZero(fmt, a)) return a;
        if ((a & SIGN[fmt]) != 0) {
            pre |= IE;
            return DEFAULT_NAN[fmt];
        }
        if (isInf(fmt, a)) return a;
        denormalCheck(fmt, a, a);
        unpack(fmt, a);
        double v = (double) (uSig >>> 10) * 0x1p-52;
        if ((uExp & 1) != 0) v *= 2;
        int e = uExp >> 1;
        double r = Math.sqrt(v);
        double residual = Math.fma(-r, r, v); // exact: v - r*r, whose sign says where the true root lies
        long sig = ((Double.doubleToRawLongBits(r) & ((1L << 52) - 1)) | 1L << 52) << 10;
        if (residual > 0) {
            sig |= 1;
        } else if (residual < 0) {
            sig -= 1;
            if (sig < 1L << 62) {
                sig = sig << 1 | 1;
                e--;
            }
        }
        return roundPack(fmt, false, e, sig);
    }

    /** MINPS/MAXPS...: a NaN operand (quiet or not) or two zeros give the second operand; IE on any NaN. */
    public long minMax(int fmt, long a, long b, boolean max) {
        a = in(fmt, a);
        b = in(fmt, b);
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            pre |= IE;
            return b;
        }
        denormalCheck(fmt, a, b);
        if (isZero(fmt, a) && isZero(fmt, b)) return b;
        return (max ? less(fmt, b, a) : less(fmt, a, b)) ? a : b;
    }

    private static long key(int fmt, long a) {
        long m = abs(fmt, a);
        return (a & SIGN[fmt]) != 0 ? -m : m;
    }

    private static boolean less(int fmt, long a, long b) {
        return key(fmt, a) < key(fmt, b);
    }

    // ---- comparisons -------------------------------------------------------------------------------------------

    /** COMISS/UCOMISS results. */
    public static final int GREATER = 0, LESS = 1, EQUAL = 2, UNORDERED = 3;

    /** The relation of {@code a} to {@code b}; IE on an SNaN, and on a QNaN too when {@code signaling}. */
    public int compare(int fmt, long a, long b, boolean signaling) {
        a = in(fmt, a);
        b = in(fmt, b);
        if (isNaN(fmt, a) || isNaN(fmt, b)) {
            if (signaling || isSNaN(fmt, a) || isSNaN(fmt, b)) pre |= IE;
            return UNORDERED;
        }
        denormalCheck(fmt, a, b);
        long ka = key(fmt, a);
        long kb = key(fmt, b);
        return ka == kb ? EQUAL : ka < kb ? LESS : GREATER;
    }

    /**
     * CMPPS/CMPSS... predicate {@code pred} (0 EQ, 1 LT, 2 LE, 3 UNORD, 4 NEQ, 5 NLT, 6 NLE, 7 ORD); LT, LE, NLT and
     * NLE signal IE on a QNaN too.
     */
    public boolean predicate(int fmt, long a, long b, int pred) {
        pred &= 7;
        boolean signaling = pred == 1 || pred == 2 || pred == 5 || pred == 6;
        int rel = compare(fmt, a, b, signaling);
        return switch (pred) {
            case 0 -> rel == EQUAL;
            case 1 -> rel == LESS;
            case 2 -> rel == LESS || rel == EQUAL;
            case 3 -> rel == UNORDERED;
            case 4 -> rel != EQUAL;
            case 5 -> rel != LESS;
            case 6 -> rel != LESS && rel != EQUAL;
            default -> rel != UNORDERED;
        };
    }

    // ---- conversions -------------------------------------------------------------------------------------------

    /**
     * CVTSS2SD/CVTPS2PD (exact) and CVTSD2SS/CVTPD2PS (rounded under MXCSR) from format {@code from} to {@code to}:
     * IE for an SNaN, DE for a denormal; a NaN keeps the top of its payload.
     */
    public long convert(int from, int to, long a) {
        a = in(from, a);
        long sign = (a & SIGN[from]) != 0 ? SIGN[to] : 0;
        if (isNaN(from, a)) {
            if (isSNaN(from, a)) pre |= IE;
            long payload = a & ((1L << FRAC[from]) - 1);
            payload = from == F32 ? payload << (FRAC[F64] - FRAC[F32]) : payload >>> (FRAC[F64] - FRAC[F32]);
            return sign | INF[to] | QUIET[to] | payload;
        }
        if (isInf(from, a)) return sign | INF[to];
        if (isZero(from, a)) return sign;
        denormalCheck(from, a, a);
        unpack(from, a);
        return roundPack(to, uSign, uExp, uSig);
    }

    /**
     * CVT(T)SS2SI, CVT(T)PD2DQ...: to a 32-bit ({@code wide} false, result in the low 32 bits) or 64-bit integer,
     * rounded under MXCSR or truncated; NaN, infinity and out-of-range values give the integer indefinite
     * (0x80000000, 0x8000000000000000) with IE.
     */
    public long toInt(int fmt, long a, boolean wide, boolean truncate) {
        long indefinite = wide ? Long.MIN_VALUE : 0x8000_0000L;
        a = in(fmt, a);
        if (isNaN(fmt, a) || isInf(fmt, a)) {
            pre |= IE;
            return indefinite;
        }
        if (isZero(fmt, a)) return 0;
        unpack(fmt, a);
        if (uExp > 63) {
            pre |= IE;
            return indefinite;
        }
        int shift = 62 - uExp;
        long kept;
        long frac; // the fraction, left-aligned (bit 63 = one half), with a sticky bit
        if (shift < 0) {
            kept = uSig << -shift;
            frac = 0;
        } else if (shift == 0) {
            kept = uSig;
            frac = 0;
        } else if (shift < 64) {
            kept = uSig >>> shift;
            frac = uSig << (64 - shift);
        } else {
            kept = 0;
            frac = shiftRightJam(uSig, shift - 64);
        }
        boolean up = false;
        if (frac != 0 && !truncate) {
            up = switch (rc) {
                case RC_NEAREST -> Long.compareUnsigned(frac, 1L << 63) > 0 || (frac == 1L << 63 && (kept & 1) != 0);
                case RC_DOWN -> uSign;
                case RC_UP -> !uSign;
                default -> false;
            };
        }
        if (up) kept++;
        long limit = wide ? Long.MIN_VALUE : 0x8000_0000L; // 2^63 (unsigned) or 2^31
        int c = Long.compareUnsigned(kept, limit);
        if (uSign ? c > 0 : c >= 0) {
            pre |= IE;
            return indefinite;
        }
        if (frac != 0) post |= PE;
        long v = uSign ? -kept : kept;
        return wide ? v : v & 0xFFFF_FFFFL;
    }

    /** CVTSI2SS, CVTDQ2PD...: a signed integer rounded under MXCSR (PE when inexact). */
    public long fromInt(int fmt, long v) {
        if (v == 0) return 0;
        boolean sign = v < 0;
        long m = sign ? -v : v;
        int lz = Long.numberOfLeadingZeros(m);
        long sig = lz == 0 ? (m >>> 1) | (m & 1) : m << (lz - 1);
        return roundPack(fmt, sign, 63 - lz, sig);
    }

    // ---- approximations ----------------------------------------------------------------------------------------

    /**
     * RCPSS/RCPPS: an approximation of 1/a within the architectural bound (relative error at most 1.5 * 2^-12; this
     * returns 1/a rounded to nearest). Denormal inputs count as zero (infinity of the same sign), tiny results are
     * flushed to zero; no flags, MXCSR is not used.
     */
    public static long reciprocal(long a) {
        if (isNaN(F32, a)) return a | QUIET[F32];
        long sign = a & SIGN[F32];
        if (abs(F32, a) < 1L << FRAC[F32]) return sign | INF[F32];
        if (isInf(F32, a)) return sign;
        double r = 1.0 / Float.intBitsToFloat((int) a);
        if (Math.abs(r) < 0x1p-126) return sign;
        return Float.floatToRawIntBits((float) r) & 0xFFFF_FFFFL;
    }

    /**
     * RSQRTSS/RSQRTPS: an approximation of 1/sqrt(a) within the architectural bound (this returns the value rounded
     * to nearest); zero and denormals give infinity of the same sign, negative values the default NaN; no flags.
     */
    public static long reciprocalSqrt(long a) {
        if (isNaN(F32, a)) return a | QUIET[F32];
        long sign = a & SIGN[F32];
        if (abs(F32, a) < 1L << FRAC[F32]) return sign | INF[F32];
        if (sign != 0) return DEFAULT_NAN[F32];
        if (isInf(F32, a)) return 0;
        double r = 1.0 / Math.sqrt(Float.intBitsToFloat((int) a));
        return Float.floatToRawIntBits((float) r) & 0xFFFF_FFFFL;
    }
}
