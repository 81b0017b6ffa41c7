package org.jemu.cpu.x86.internal.fpu;

import static org.jemu.cpu.x86.internal.fpu.Fpu80.BIAS;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.DENORMAL;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.EXP_MAX;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INF;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.J;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.RC_DOWN;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.ZE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.ZERO;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.classify;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.normExp;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.normSig;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.sign;

/**
 * Basic x87 arithmetic on extended values, exact and then rounded once: add, subtract, multiply, divide, square root
 * (these five at the precision control), compare, round to integer, FSCALE, FXTRACT and the partial remainders FPREM
 * and FPREM1. Operands are sign/exponent words and significands; results and flags go to the {@link Fpu80} context.
 * Allocation-free.
 */
public final class Arith {

    private Arith() {
    }

    /** a + b, or a - b with {@code subtract}. */
    public static void add(Fpu80 e, int aSe, long aSig, int bSe, long bSig, boolean subtract) {
        add(e, aSe, aSig, classify(aSe, aSig), bSe, bSig, classify(bSe, bSig), subtract);
    }

    /**
     * a + b or a - b with the operands' classes given: a single or double denormal operand is normalized in extended
     * format but still a denormal operand (#D).
     */
    public static void add(Fpu80 e, int aSe, long aSig, int ca, int bSe, long bSig, int cb, boolean subtract) {
        if (e.nans(aSe, aSig, ca, bSe, bSig, cb)) return;
        int sa = sign(aSe);
        int sb = sign(bSe) ^ (subtract ? 1 : 0);
        if (ca == INF || cb == INF) {
            if (ca == INF && cb == INF && sa != sb) {
                e.invalid();
                return;
            }
            if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
            e.infinity(ca == INF ? sa : sb);
            return;
        }
        if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
        if (ca == ZERO && cb == ZERO) {
            e.zero(sa == sb ? sa : e.rc == RC_DOWN ? 1 : 0);
            return;
        }
        if (ca == ZERO) {
            e.roundPack(sb, normExp(bSe, bSig), normSig(bSig), 0);
            return;
        }
        if (cb == ZERO) {
            e.roundPack(sa, normExp(aSe, aSig), normSig(aSig), 0);
            return;
        }
        int ea = normExp(aSe, aSig);
        int eb = normExp(bSe, bSig);
        long ma = normSig(aSig);
        long mb = normSig(bSig);
        // order by magnitude: a is the larger
        if (eb > ea || (eb == ea && Long.compareUnsigned(mb, ma) > 0)) {
            int t = ea;
            ea = eb;
            eb = t;
            long m = ma;
            ma = mb;
            mb = m;
            int s = sa;
            sa = sb;
            sb = s;
        }
        int d = ea - eb;
        // mb:lo = mb shifted right by d, with the bits shifted out of 128 jammed into bit 0
        long hi;
        long lo;
        if (d == 0) {
            hi = mb;
            lo = 0;
        } else if (d < 64) {
            hi = mb >>> d;
            lo = mb << (64 - d);
        } else if (d == 64) {
            hi = 0;
            lo = mb;
        } else if (d < 128) {
            hi = 0;
            lo = (mb >>> (d - 64)) | ((mb << (128 - d)) != 0 ? 1 : 0);
        } else {
            hi = 0;
            lo = 1;
        }
        int exp = ea;
        if (sa == sb) {
            long rHi = ma + hi;
            long rLo = lo;
            if (Long.compareUnsigned(rHi, ma) < 0) { // carry out: shift right one
                rLo = (rLo >>> 1) | (rHi << 63) | (rLo & 1);
                rHi = (rHi >>> 1) | J;
                exp++;
            }
            e.roundPack(sa, exp, rHi, rLo);
            return;
        }
        long rLo = -lo;
        long rHi = ma - hi - (lo != 0 ? 1 : 0);
        if (rHi == 0 && rLo == 0) {
            e.zero(e.rc == RC_DOWN ? 1 : 0);
            return;
        }
        if (rHi == 0) {
            rHi = rLo;
            rLo = 0;
            exp -= 64;
        }
        int k = Long.numberOfLeadingZeros(rHi);
        if (k > 0) {
            rHi = (rHi << k) | (rLo >>> (64 - k));
            rLo <<= k;
            exp -= k;
        }
        e.roundPack(sa, exp, rHi, rLo);
    }

    /** a * b. */
    public static void mul(Fpu80 e, int aSe, long aSig, int bSe, long bSig) {
        mul(e, aSe, aSig, classify(aSe, aSig), bSe, bSig, classify(bSe, bSig));
    }

    /** a * b with the operands' classes given. */
    public static void mul(Fpu80 e, int aSe, long aSig, int ca, int bSe, long bSig, int cb) {
        if (e.nans(aSe, aSig, ca, bSe, bSig, cb)) return;
        int s = sign(aSe) ^ sign(bSe);
        if (ca == INF || cb == INF) {
            if (ca == ZERO || cb == ZERO) {
                e.invalid();
                return;
            }
            if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
            e.infinity(s);
            return;
        }
        if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
        if (ca == ZERO || cb == ZERO) {
            e.zero(s);
            return;
        }
        long ma = normSig(aSig);
        long mb = normSig(bSig);
        long hi = Math.unsignedMultiplyHigh(ma, mb);
        long lo = ma * mb;
        int exp = normExp(aSe, aSig) + normExp(bSe, bSig) - BIAS + 1;
        if (hi >= 0) {
            hi = (hi << 1) | (lo >>> 63);
            lo <<= 1;
            exp--;
        }
        e.roundPack(s, exp, hi, lo);
    }

    /** a / b. */
    public static void div(Fpu80 e, int aSe, long aSig, int bSe, long bSig) {
        div(e, aSe, aSig, classify(aSe, aSig), bSe, bSig, classify(bSe, bSig));
    }

    /** a / b with the operands' classes given. */
    public static void div(Fpu80 e, int aSe, long aSig, int ca, int bSe, long bSig, int cb) {
        if (e.nans(aSe, aSig, ca, bSe, bSig, cb)) return;
        int s = sign(aSe) ^ sign(bSe);
        if (ca == INF) {
            if (cb == INF) {
                e.invalid();
                return;
            }
            if (cb == DENORMAL && e.denormal()) return;
            e.infinity(s);
            return;
        }
        if (cb == INF) {
            if (ca == DENORMAL && e.denormal()) return;
            e.zero(s);
            return;
        }
        if (cb == ZERO) {
            if (ca == ZERO) {
                e.invalid();
                return;
            }
            e.flags |= ZE;
            e.infinity(s);
            return;
        }
        if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
        if (ca == ZERO) {
            e.zero(s);
            return;
        }
        long a = normSig(aSig);
        long b = normSig(bSig);
        int exp = normExp(aSe, aSig) - normExp(bSe, bSig) + BIAS;
        long q;
        long r;
        int steps;
        if (Long.compareUnsigned(a, b) >= 0) {
            q = 1;
            r = a - b;
            steps = 63;
        } else {
            q = 0;
            r = a;
            steps = 64;
            exp--;
        }
        for (int i = 0; i < steps; i++) {
            boolean carry = r < 0;
            r <<= 1;
            q <<= 1;
            if (carry || Long.compareUnsigned(r, b) >= 0) {
                r -= b;
                q |= 1;
            }
        }
        // one more quotient bit for rounding, the remainder for the sticky bit
        boolean carry = r < 0;
        r <<= 1;
        long extra = 0;
        if (carry || Long.compareUnsigned(r, b) >= 0) {
            r -= b;
            extra = J;
        }
        if (r != 0) extra |= 1;
        e.roundPack(s, exp, q, extra);
    }

    /** The square root of a. */
    public static void sqrt(Fpu80 e, int aSe, long aSig) {
        int ca = classify(aSe, aSig);
        if (e.nan(aSe, aSig, ca)) return;
        if (ca == ZERO) {
            e.result(aSe, aSig);
            return;
        }
        if (sign(aSe) != 0) {
            e.invalid();
            return;
        }
        if (ca == INF) {
            e.result(aSe, aSig);
            return;
        }
        if (ca == DENORMAL && e.denormal()) return;
        int unbiased = normExp(aSe, aSig) - BIAS;
        long m = normSig(aSig);
        // N = m * 2^63 (even exponent) or m * 2^64 (odd): the root of N is the 64-bit significand
        long nHi;
        long nLo;
        if ((unbiased & 1) == 0) {
            nHi = m >>> 1;
            nLo = m << 63;
        } else {
            nHi = m;
            nLo = 0;
        }
        long root = 0;
        for (int bit = 63; bit >= 0; bit--) {
            long c = root | (1L << bit);
            long sqHi = Math.unsignedMultiplyHigh(c, c);
            long sqLo = c * c;
            int cmp = Long.compareUnsigned(sqHi, nHi);
            if (cmp < 0 || (cmp == 0 && Long.compareUnsigned(sqLo, nLo) <= 0)) root = c;
        }
        long sqHi = Math.unsignedMultiplyHigh(root, root);
        long sqLo = root * root;
        long remLo = nLo - sqLo;
        long remHi = nHi - sqHi - (Long.compareUnsigned(nLo, sqLo) < 0 ? 1 : 0);
        long extra = 0;
        if (remHi != 0 || remLo != 0) {
            extra = 1;
            // the root is above root + 1/2 when the remainder exceeds root (never exactly at the half)
            if (remHi != 0 || Long.compareUnsigned(remLo, root) > 0) extra |= J;
        }
        e.roundPack(0, Math.floorDiv(unbiased, 2) + BIAS, root, extra);
    }

    // ---- comparison ------------------------------------------------------------------------------------------------

    public static final int LESS = -1, EQUAL = 0, GREATER = 1, UNORDERED = 2;

    /**
     * Compares a with b (FCOM, FUCOM, FTST, FCOMI...). NaNs compare unordered and raise #IA, QNaNs only when not
     * {@code quiet}; unsupported operands are invalid and unordered; denormals raise #D.
     */
    public static int compare(Fpu80 e, int aSe, long aSig, int bSe, long bSig, boolean quiet) {
        return compare(e, aSe, aSig, classify(aSe, aSig), bSe, bSig, classify(bSe, bSig), quiet);
    }

    /** {@link #compare(Fpu80, int, long, int, long, boolean)} with the operands' classes given. */
    public static int compare(Fpu80 e, int aSe, long aSig, int ca, int bSe, long bSig, int cb, boolean quiet) {
        if (ca == Fpu80.UNSUPPORTED || cb == Fpu80.UNSUPPORTED || ca == Fpu80.SNAN || cb == Fpu80.SNAN) {
            e.flags |= Fpu80.IE;
            return UNORDERED;
        }
        if (ca == Fpu80.QNAN || cb == Fpu80.QNAN) {
            if (!quiet) e.flags |= Fpu80.IE;
            return UNORDERED;
        }
        if (ca == DENORMAL || cb == DENORMAL) e.denormal(); // compared even when #D is unmasked
        return compareValues(aSe, aSig, ca, bSe, bSig, cb);
    }

    /** Compares two values that are neither NaNs nor unsupported. */
    static int compareValues(int aSe, long aSig, int ca, int bSe, long bSig, int cb) {
        if (ca == ZERO && cb == ZERO) return EQUAL;
        int sa = sign(aSe);
        int sb = sign(bSe);
        if (sa != sb) return sa == 0 ? GREATER : LESS;
        int mag = compareMagnitude(aSe, aSig, ca, bSe, bSig, cb);
        return sa == 0 ? mag : -mag;
    }

    private static int compareMagnitude(int aSe, long aSig, int ca, int bSe, long bSig, int cb) {
        if (ca == ZERO) return cb == ZERO ? EQUAL : LESS;
        if (cb == ZERO) return GREATER;
        if (ca == INF) return cb == INF ? EQUAL : GREATER;
        if (cb == INF) return LESS;
        int ea = normExp(aSe, aSig);
        int eb = normExp(bSe, bSig);
        if (ea != eb) return ea > eb ? GREATER : LESS;
        return Integer.signum(Long.compareUnsigned(normSig(aSig), normSig(bSig)));
    }

    // ---- FRNDINT, FSCALE, FXTRACT ----------------------------------------------------------------------------------

    /** FRNDINT: a rounded to an integer with the rounding control (64-bit precision). */
    public static void roundToInt(Fpu80 e, int aSe, long aSig) {
        int ca = classify(aSe, aSig);
        if (e.nan(aSe, aSig, ca)) return;
        if (ca == ZERO || ca == INF) {
            e.result(aSe, aSig);
            return;
        }
        if (ca == DENORMAL && e.denormal()) return;
        int s = sign(aSe);
        int exp = normExp(aSe, aSig);
        long m = normSig(aSig);
        int fracBits = BIAS + 63 - exp;
        if (fracBits <= 0) {
            e.result(aSe, aSig);
            return;
        }
        long integer = e.roundToInteger(s, m, fracBits);
        if (!e.inexact) {
            e.result(aSe, aSig);
            return;
        }
        if (integer == 0) {
            e.zero(s);
            return;
        }
        int k = Long.numberOfLeadingZeros(integer);
        e.result(s << 15 | (BIAS + 63 - k), integer << k);
    }

    /** FSCALE: a * 2^trunc(b), rounded to 64 bits. */
    public static void scale(Fpu80 e, int aSe, long aSig, int bSe, long bSig) {
        int ca = classify(aSe, aSig);
        int cb = classify(bSe, bSig);
        if (e.nans(aSe, aSig, ca, bSe, bSig, cb)) return;
        int sa = sign(aSe);
        if (cb == INF) {
            if (sign(bSe) == 0) {
                if (ca == ZERO) {
                    e.invalid();
                    return;
                }
                if (ca == DENORMAL && e.denormal()) return;
                e.infinity(sa);
            } else {
                if (ca == INF) {
                    e.invalid();
                    return;
                }
                if (ca == DENORMAL && e.denormal()) return;
                e.zero(sa);
            }
            return;
        }
        if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return;
        if (ca == INF || ca == ZERO || cb == ZERO) { // scaling by a zero returns the operand: no underflow
            e.resultOperand(aSe, aSig);
            return;
        }
        int n = truncToInt(bSe, bSig, cb);
        e.roundPack64(sa, normExp(aSe, aSig) + n, normSig(aSig), 0);
    }

    /** trunc(b) clamped to +-2^20 (enough to overflow or underflow any extended value). */
    private static int truncToInt(int bSe, long bSig, int cb) {
        if (cb == ZERO) return 0;
        int unbiased = normExp(bSe, bSig) - BIAS;
        int n;
        if (unbiased < 0) {
            n = 0;
        } else if (unbiased >= 20) {
            n = 1 << 20;
        } else {
            n = (int) (normSig(bSig) >>> (63 - unbiased));
        }
        return sign(bSe) != 0 ? -n : n;
    }

    /**
     * FXTRACT: the significand of a (exponent 0, sign of a) in {@code se/sig} and its unbiased exponent as a value in
     * {@code se2/sig2}; a zero raises #Z and gives -infinity as the exponent.
     */
    public static void extract(Fpu80 e, int aSe, long aSig) {
        int ca = classify(aSe, aSig);
        if (e.nan(aSe, aSig, ca)) {
            e.second(e.se, e.sig);
            return;
        }
        if (ca == ZERO) {
            e.flags |= ZE;
            e.second(0x8000 | EXP_MAX, J);
            e.result(aSe, aSig);
            return;
        }
        if (ca == INF) {
            e.second(EXP_MAX, J);
            e.result(aSe, aSig);
            return;
        }
        if (ca == DENORMAL && e.denormal()) return;
        int unbiased = normExp(aSe, aSig) - BIAS;
        if (unbiased == 0) {
            e.second(0, 0);
        } else {
            long mag = Math.abs((long) unbiased);
            int k = Long.numberOfLeadingZeros(mag);
            e.second((unbiased < 0 ? 0x8000 : 0) | (BIAS + 63 - k), mag << k);
        }
        e.result(aSe & 0x8000 | BIAS, normSig(aSig));
    }

    // ---- FPREM, FPREM1 ---------------------------------------------------------------------------------------------

    /**
     * FPREM ({@code ieee} false: quotient truncated) and FPREM1 ({@code ieee}: quotient rounded to nearest even): the
     * partial remainder of a / b. Returns the condition bits C3/C2/C1/C0 in FSW positions (C2 set while the reduction
     * is incomplete, then C0 = Q2, C3 = Q1, C1 = Q0), or -1 when no remainder was computed (NaN, invalid, #D).
     */
    public static int remainder(Fpu80 e, int aSe, long aSig, int bSe, long bSig, boolean ieee) {
        int ca = classify(aSe, aSig);
        int cb = classify(bSe, bSig);
        if (e.nans(aSe, aSig, ca, bSe, bSig, cb)) return -1;
        if (ca == INF || cb == ZERO) {
            e.invalid();
            return -1;
        }
        if ((ca == DENORMAL || cb == DENORMAL) && e.denormal()) return -1;
        if (ca == ZERO) {
            e.result(aSe, aSig);
            return 0;
        }
        int sa = sign(aSe);
        int ea = normExp(aSe, aSig);
        int eb = normExp(bSe, bSig);
        long a = normSig(aSig);
        long b = normSig(bSig);
        if (cb == INF) { // the dividend as it is: no underflow
            e.resultOperand(aSe, aSig);
            return 0;
        }
        int d = ea - eb;
        if (d < 0) {
            if (ieee && d == -1 && Long.compareUnsigned(a, b) > 0) {
                // |a| > |b|/2: the quotient rounds to 1; |a - b| = (2B - A) in units of a's last bit, below B
                normalizeAndPack(e, sa ^ 1, ea, b - (a - b), 0);
                return C1;
            }
            normalizeAndPack(e, sa, ea, a, 0);
            return 0;
        }
        boolean partial = d >= 64;
        int shift = partial ? partialShift(d) : d;
        // R = a * 2^shift mod b; Q = the quotient's low bits
        long r = a;
        long q = 0;
        if (Long.compareUnsigned(r, b) >= 0) {
            r -= b;
            q = 1;
        }
        for (int i = 0; i < shift; i++) {
            boolean carry = r < 0;
            r <<= 1;
            q <<= 1;
            if (carry || Long.compareUnsigned(r, b) >= 0) {
                r -= b;
                q |= 1;
            }
        }
        int rs = sa;
        if (ieee && !partial) {
            // round the quotient to nearest even: compare 2R with b
            int c = r < 0 ? 1 : Long.compareUnsigned(r << 1, b);
            if (c > 0 || (c == 0 && (q & 1) != 0)) {
                q++;
                r = b - r;
                rs ^= 1;
            }
        }
        // the remainder's last bit has the weight of b's at exponent eb (complete) or ea - shift (partial)
        int rExp = partial ? ea - shift : eb;
        if (r == 0) {
            e.zero(sa);
        } else {
            normalizeAndPack(e, rs, rExp, r, 0);
        }
        if (partial) return C2;
        return ((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0);
    }

    /** FSW condition code bits. */
    public static final int C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000;

    /** The exponent difference a partial FPREM step removes when the full difference d is 64 or more. */
    static int partialShift(int d) {
        return 32 + d % 32;
    }

    private static void normalizeAndPack(Fpu80 e, int sign, int exp, long hi, long lo) {
        int k = Long.numberOfLeadingZeros(hi);
        if (k == 64) {
            hi = lo;
            lo = 0;
            exp -= 64;
            k = Long.numberOfLeadingZeros(hi);
        }
        if (k > 0) {
            hi = (hi << k) | (lo >>> (64 - k));
            lo <<= k;
            exp -= k;
        }
        e.roundPack64(sign, exp, hi, lo);
    }
}
