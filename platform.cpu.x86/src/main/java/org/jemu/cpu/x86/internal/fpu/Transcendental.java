package org.jemu.cpu.x86.internal.fpu;

import static org.jemu.cpu.x86.internal.fpu.Fpu80.DENORMAL;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INF;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.ZE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.ZERO;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.classify;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.sign;

import java.math.BigInteger;

/**
 * The x87 transcendental instructions F2XM1, FYL2X, FYL2XP1, FSIN, FCOS, FSINCOS, FPTAN and FPATAN, and the
 * constants of FLDL2T, FLDL2E, FLDPI, FLDLG2 and FLDLN2. Each result is computed in {@link BigFloat} ({@value
 * BigFloat#PREC} bits) and rounded once to 64 bits with the rounding control (precision control does not apply), so
 * it is the correctly rounded value where real x87s are within about one unit in the last place. FSIN, FCOS, FSINCOS
 * and FPTAN reduce their argument by multiples of pi/2 with the 66-bit approximation of pi the x87 uses (so results
 * near multiples of pi match hardware rather than the true function) and leave operands of magnitude 2^63 or more
 * alone with C2 set. The special operands follow the SDM's tables for each instruction.
 */
public final class Transcendental {

    private Transcendental() {
    }

    // ---- constants ------------------------------------------------------------------------------------------------

    /** The x87's pi: 66 bits, C90FDAA22168C234C (times 2^-64), used for argument reduction. */
    private static final BigFloat PI66 = BigFloat.of(new BigInteger("C90FDAA22168C234C", 16), 1 - 67);
    /** pi/2 with 66 bits, the reduction step. */
    private static final BigFloat HALF_PI66 = PI66.scale(-1);

    static final BigFloat LN2 = atanhSeries(BigFloat.ONE.div(BigFloat.of(3))).scale(1);
    static final BigFloat PI = atanSeries(BigFloat.ONE.div(BigFloat.of(5))).scale(4)
            .sub(atanSeries(BigFloat.ONE.div(BigFloat.of(239))).scale(2));
    private static final BigFloat LN10 = ln(BigFloat.of(10));

    /** The constant of FLDL2T (1), FLDL2E (2), FLDPI (3), FLDLG2 (4), FLDLN2 (5), rounded with the rounding control. */
    public static void constant(Fpu80 f, int which) {
        BigFloat c = switch (which) {
            case 1 -> LN10.div(LN2);
            case 2 -> BigFloat.ONE.div(LN2);
            case 3 -> PI;
            case 4 -> LN2.div(LN10);
            default -> LN2;
        };
        int flags = f.flags;
        c.round(f, true);
        f.flags = flags; // the constants raise no exception and leave C1 alone
        f.c1 = false;
    }

    // ---- F2XM1, FYL2X, FYL2XP1 --------------------------------------------------------------------------------------

    /** F2XM1: 2^x - 1 (defined for -1 <= x <= 1; beyond, x87s return x itself, flagged inexact). */
    public static void f2xm1(Fpu80 f, int se, long sig) {
        int c = classify(se, sig);
        if (f.nan(se, sig, c)) return;
        if (c == ZERO) {
            f.result(se, sig);
            return;
        }
        if (c == INF) {
            if (sign(se) == 0) {
                f.result(se, sig);
            } else {
                f.result(0x8000 | Fpu80.BIAS, Fpu80.J); // -1
            }
            return;
        }
        if (c == DENORMAL && f.denormal()) return;
        BigFloat x = BigFloat.of(se, sig);
        if (x.compareTo(BigFloat.ONE) == 0 || x.compareTo(BigFloat.ONE.negate()) == 0) {
            f.result(sign(se) == 0 ? Fpu80.BIAS : 0x8000 | (Fpu80.BIAS - 1), Fpu80.J); // 1, -1/2: flagged inexact
            f.flags |= Fpu80.PE;
            return;
        }
        if (x.abs().compareTo(BigFloat.ONE) > 0) { // outside the defined range x87s return the operand, inexact
            f.result(se, sig);
            f.flags |= Fpu80.PE;
            return;
        }
        expm1(x.mul(LN2)).round(f, true);
    }

    /** FYL2X: y * log2(x) (x = ST(0), y = ST(1)). */
    public static void fyl2x(Fpu80 f, int xSe, long xSig, int ySe, long ySig) {
        int cx = classify(xSe, xSig);
        int cy = classify(ySe, ySig);
        if (f.nans(ySe, ySig, cy, xSe, xSig, cx)) return;
        int sx = sign(xSe);
        int sy = sign(ySe);
        if (sx != 0 && cx != ZERO) {
            f.invalid(); // log of a negative number
            return;
        }
        if (cx == ZERO) {
            if (cy == ZERO) {
                f.invalid();
                return;
            }
            if (cy != INF) f.flags |= ZE; // and no #D for a denormal y
            f.infinity(sy ^ 1);
            return;
        }
        if (cx == INF) {
            if (cy == ZERO) {
                f.invalid();
                return;
            }
            if (cy == DENORMAL && f.denormal()) return;
            f.infinity(sy);
            return;
        }
        if ((cx == DENORMAL || cy == DENORMAL) && f.denormal()) return;
        BigFloat x = BigFloat.of(xSe, xSig);
        int cmp = x.compareTo(BigFloat.ONE);
        if (cmp == 0) {
            if (cy == INF) {
                f.invalid();
                return;
            }
            f.zero(sy);
            return;
        }
        int s = cmp < 0 ? sy ^ 1 : sy;
        if (cy == ZERO) {
            f.zero(s);
            return;
        }
        if (cy == INF) {
            f.infinity(s);
            return;
        }
        BigFloat y = BigFloat.of(ySe, ySig);
        // log2 of a power of two is an integer: the product is exact but for the final rounding (still flagged)
        if (x.m.abs().bitCount() == 1) {
            y.mul(BigFloat.of(x.top())).roundFlaggingInexact(f);
            return;
        }
        y.mul(log2(x)).round(f, true);
    }

    /**
     * FYL2XP1: y * log2(x + 1) (x = ST(0), defined within +-(1 - sqrt(2)/2), computed for any x > -1; for x <= -1
     * x87s return x, flagged inexact; y = ST(1)).
     */
    public static void fyl2xp1(Fpu80 f, int xSe, long xSig, int ySe, long ySig) {
        int cx = classify(xSe, xSig);
        int cy = classify(ySe, ySig);
        if (f.nans(ySe, ySig, cy, xSe, xSig, cx)) return;
        int sx = sign(xSe);
        int sy = sign(ySe);
        if (cx == ZERO) {
            if (cy == INF) {
                f.invalid();
                return;
            }
            if (cy == DENORMAL && f.denormal()) return;
            f.zero(sx ^ sy);
            return;
        }
        if (cx == INF) { // outside the defined range: log2(+inf) or log of a negative number
            if (sx != 0 || cy == ZERO) {
                f.invalid();
                return;
            }
            if (cy == DENORMAL && f.denormal()) return;
            f.infinity(sy);
            return;
        }
        if ((cx == DENORMAL || cy == DENORMAL) && f.denormal()) return;
        if (cy == ZERO) {
            f.zero(sx ^ sy);
            return;
        }
        if (cy == INF) {
            f.infinity(sx ^ sy);
            return;
        }
        BigFloat x = BigFloat.of(xSe, xSig);
        BigFloat xp1 = x.add(BigFloat.ONE);
        if (xp1.signum() <= 0) { // x <= -1, far outside the defined range: x87s return x, inexact
            f.result(xSe, xSig);
            f.flags |= Fpu80.PE;
            return;
        }
        BigFloat y = BigFloat.of(ySe, ySig);
        BigFloat ln1p = x.top() > -2 ? ln(xp1) : atanhSeries(x.div(x.add(BigFloat.TWO))).scale(1);
        y.mul(ln1p.div(LN2)).round(f, true);
    }

    // ---- FPATAN -----------------------------------------------------------------------------------------------------

    /** FPATAN: the angle of (x, y) (x = ST(0), y = ST(1)), in [-pi, pi]. */
    public static void fpatan(Fpu80 f, int xSe, long xSig, int ySe, long ySig) {
        int cx = classify(xSe, xSig);
        int cy = classify(ySe, ySig);
        if (f.nans(ySe, ySig, cy, xSe, xSig, cx)) return;
        if ((cx == DENORMAL || cy == DENORMAL) && f.denormal()) return;
        int sx = sign(xSe);
        int sy = sign(ySe);
        BigFloat angle;
        if (cy == ZERO) {
            if (sx == 0) {
                f.zero(sy);
                return;
            }
            angle = PI;
        } else if (cy == INF) {
            angle = cx != INF ? PI.scale(-1) : sx == 0 ? PI.scale(-2) : PI.scale(-2).mul(BigFloat.of(3));
        } else if (cx == INF) {
            if (sx == 0) {
                f.zero(sy);
                return;
            }
            angle = PI;
        } else if (cx == ZERO) {
            angle = PI.scale(-1);
        } else {
            BigFloat ax = BigFloat.of(xSe & 0x7fff, xSig);
            BigFloat ay = BigFloat.of(ySe & 0x7fff, ySig);
            BigFloat a = ay.compareTo(ax) <= 0 ? atan(ay.div(ax)) : PI.scale(-1).sub(atan(ax.div(ay)));
            angle = sx == 0 ? a : PI.sub(a);
        }
        (sy == 0 ? angle : angle.negate()).round(f, true);
    }

    // ---- FSIN, FCOS, FSINCOS, FPTAN ---------------------------------------------------------------------------------

    /** What {@link #trig} computes. */
    public static final int SIN = 0, COS = 1, SINCOS = 2, TAN = 3;

    /**
     * FSIN, FCOS, FSINCOS (sine in se/sig, cosine in se2/sig2) and FPTAN (tangent in se/sig). Returns false, with
     * nothing computed, when |x| >= 2^63 (the caller sets C2 and leaves the operand).
     */
    public static boolean trig(Fpu80 f, int se, long sig, int what) {
        int c = classify(se, sig);
        if (f.nan(se, sig, c)) {
            f.second(f.se, f.sig);
            return true;
        }
        if (c == INF) {
            f.invalid();
            f.second(f.se, f.sig);
            return true;
        }
        if ((se & Fpu80.EXP_MAX) >= Fpu80.BIAS + 63) return false;
        if (c == DENORMAL && f.denormal()) return true;
        if (c == ZERO) {
            if (what == COS) {
                f.result(Fpu80.BIAS, Fpu80.J);
            } else {
                f.result(se, sig);
                f.second(Fpu80.BIAS, Fpu80.J);
            }
            return true;
        }
        // x = k * (pi66 / 2) + r, |r| <= pi66 / 4, computed exactly
        BigFloat x = BigFloat.of(se, sig);
        int lo = Math.min(x.e, HALF_PI66.e);
        BigInteger xi = x.m.shiftLeft(x.e - lo);
        BigInteger pi = HALF_PI66.m.shiftLeft(HALF_PI66.e - lo);
        BigInteger[] qr = xi.divideAndRemainder(pi);
        BigInteger k = qr[0];
        BigInteger r = qr[1];
        // round the quotient to nearest: |2r| > pi moves one step
        if (r.abs().shiftLeft(1).compareTo(pi) > 0) {
            k = k.add(BigInteger.valueOf(r.signum()));
            r = r.subtract(pi.multiply(BigInteger.valueOf(r.signum())));
        }
        BigFloat red = BigFloat.of(r, lo);
        int quadrant = k.intValue() & 3;
        BigFloat s = sin(red);
        BigFloat co = cos(red);
        BigFloat sinX = switch (quadrant) {
            case 0 -> s;
            case 1 -> co;
            case 2 -> s.negate();
            default -> co.negate();
        };
        BigFloat cosX = switch (quadrant) {
            case 0 -> co;
            case 1 -> s.negate();
            case 2 -> co.negate();
            default -> s;
        };
        switch (what) {
            case SIN -> sinX.round(f, true);
            case COS -> cosX.round(f, true);
            case TAN -> sinX.div(cosX).round(f, true);
            default -> {
                cosX.round(f, true);
                int cSe = f.se;
                long cSig = f.sig;
                boolean cosUp = f.c1;
                sinX.round(f, true);
                f.second(cSe, cSig);
                f.c1 |= cosUp;
            }
        }
        return true;
    }

    // ---- series -----------------------------------------------------------------------------------------------------

    private static boolean small(BigFloat term, BigFloat sum) {
        return term.signum() == 0 || term.top() < sum.top() - BigFloat.PREC - 4;
    }

    /** e^x - 1 for |x| below about 1. */
    static BigFloat expm1(BigFloat x) {
        BigFloat sum = x;
        BigFloat term = x;
        for (int n = 2; n < 400; n++) {
            term = term.mul(x).div(BigFloat.of(n));
            sum = sum.add(term);
            if (small(term, sum)) break;
        }
        return sum;
    }

    /** atanh(z) = z + z^3/3 + z^5/5 + ... for |z| well below 1. */
    static BigFloat atanhSeries(BigFloat z) {
        return oddPowerSeries(z, false);
    }

    /** atan(z) = z - z^3/3 + z^5/5 - ... for |z| well below 1. */
    static BigFloat atanSeries(BigFloat z) {
        return oddPowerSeries(z, true);
    }

    /** z + z^3/3 + z^5/5 + ..., the signs alternating with {@code alternate}. */
    private static BigFloat oddPowerSeries(BigFloat z, boolean alternate) {
        BigFloat z2 = alternate ? z.mul(z).negate() : z.mul(z);
        BigFloat power = z;
        BigFloat sum = z;
        for (int n = 3; n < 2000; n += 2) {
            power = power.mul(z2);
            BigFloat term = power.div(BigFloat.of(n));
            sum = sum.add(term);
            if (small(term, sum)) break;
        }
        return sum;
    }

    /** atan(z) for 0 <= z <= 1: halved twice (atan z = 2 atan(z / (1 + sqrt(1 + z^2)))), then the series. */
    static BigFloat atan(BigFloat z) {
        for (int i = 0; i < 2; i++) z = z.div(BigFloat.ONE.add(BigFloat.ONE.add(z.mul(z)).sqrt()));
        return atanSeries(z).scale(2);
    }

    /** The natural logarithm of x > 0: x = 2^k * m with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh((m-1)/(m+1)). */
    static BigFloat ln(BigFloat x) {
        int k = x.top();
        BigFloat m = x.scale(-k);
        if (m.compareTo(BigFloat.of(181).scale(-7)) > 0) { // 1.414...
            m = m.scale(-1);
            k++;
        }
        BigFloat lnM = atanhSeries(m.sub(BigFloat.ONE).div(m.add(BigFloat.ONE))).scale(1);
        return k == 0 ? lnM : lnM.add(LN2.mul(BigFloat.of(k)));
    }

    /** log2 of x > 0, with full relative precision also near 1. */
    static BigFloat log2(BigFloat x) {
        int k = x.top();
        BigFloat m = x.scale(-k);
        if (m.compareTo(BigFloat.of(181).scale(-7)) > 0) {
            m = m.scale(-1);
            k++;
        }
        BigFloat l = atanhSeries(m.sub(BigFloat.ONE).div(m.add(BigFloat.ONE))).scale(1).div(LN2);
        return k == 0 ? l : l.add(BigFloat.of(k));
    }

    /** sin(r) for |r| <= pi/4. */
    static BigFloat sin(BigFloat r) {
        BigFloat r2 = r.mul(r);
        BigFloat term = r;
        BigFloat sum = r;
        for (int n = 2; n < 400; n += 2) {
            term = term.mul(r2).div(BigFloat.of((long) n * (n + 1))).negate();
            sum = sum.add(term);
            if (small(term, sum)) break;
        }
        return sum;
    }

    /** cos(r) for |r| <= pi/4. */
    static BigFloat cos(BigFloat r) {
        BigFloat r2 = r.mul(r);
        BigFloat term = BigFloat.ONE;
        BigFloat sum = BigFloat.ONE;
        for (int n = 1; n < 400; n += 2) {
            term = term.mul(r2).div(BigFloat.of((long) n * (n + 1))).negate();
            sum = sum.add(term);
            if (small(term, sum)) break;
        }
        return sum;
    }
}
