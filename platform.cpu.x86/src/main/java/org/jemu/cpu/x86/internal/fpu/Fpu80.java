package org.jemu.cpu.x86.internal.fpu;

/**
 * The arithmetic context of the x87 unit and the rounding every operation ends with: rounding control, precision
 * control and the exception masks from FCW going in; the exception flags raised, C1 ("rounded up") and the result
 * coming out. Values are x87 double extended-precision numbers kept as a 16-bit sign/exponent word ({@code se}: sign in
 * bit 15, biased exponent in bits 14-0) and a 64-bit significand with an explicit integer bit ({@code sig}). A unit
 * owns one context and reuses it, so operations allocate nothing.
 *
 * <p>Operations ({@link Arith}, {@link Convert}, {@link Transcendental}) follow the x87 exception priorities (SDM vol 1
 * 4.9.2 and 8.5): unsupported encodings and SNaNs (#IA), QNaN propagation, other invalid operations and division by
 * zero, denormal operands (#D), then overflow, underflow and precision. An unmasked #IA, #Z or #D stops the operation
 * before it has a result ({@link #stopped()}); an unmasked #O or #U on a register destination delivers the result with
 * its exponent adjusted by {@link #BIAS_ADJUST}; tininess is detected before rounding.
 */
public final class Fpu80 {

    // FSW exception flag bits (the flags share the layout of the FCW mask bits)
    public static final int IE = 0x01, DE = 0x02, ZE = 0x04, OE = 0x08, UE = 0x10, PE = 0x20, SF = 0x40;
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    public static final int BIAS = 16383;
    public static final int EXP_MAX = 0x7fff;
    /** The explicit integer bit of the significand. */
    public static final long J = 0x8000_0000_0000_0000L;
    /** The quiet bit of a NaN. */
    public static final long QUIET = 1L << 62;
    /** The real indefinite (default QNaN): negative, quiet bit only. */
    public static final int INDEFINITE_SE = 0xffff;
    public static final long INDEFINITE_SIG = 0xC000_0000_0000_0000L;
    /** What an unmasked overflow subtracts from (underflow adds to) the exponent of a register result. */
    public static final int BIAS_ADJUST = 0x6000;
    /** Smallest and largest normal exponent of the extended format. */
    public static final int EMIN = 1, EMAX = 0x7ffe;

    // operand classes
    public static final int ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

    /** Rounding control (RC_*), precision in bits (24, 53 or 64) and the exception masks (FCW bits 0-5). */
    public int rc;
    public int precision = 64;
    public int masks = 0x3f;
    /** Exception flags raised by the operations since {@link #begin()}. */
    public int flags;
    /** C1 after a rounding: the result was rounded away from zero. */
    public boolean c1;
    /** The result. */
    public int se;
    public long sig;
    /** The second result of FXTRACT (the exponent), FSINCOS (the cosine) and FPTAN (the 1.0 pushed). */
    public int se2;
    public long sig2;

    /** Takes rounding control, precision control and masks from a control word. */
    public void control(int fcw) {
        masks = fcw & 0x3f;
        rc = (fcw >>> 10) & 3;
        precision = switch ((fcw >>> 8) & 3) {
            case 0 -> 24;
            case 2 -> 53;
            default -> 64;
        };
    }

    /** Clears the flags and C1 before an instruction. */
    public void begin() {
        flags = 0;
        c1 = false;
    }

    /** Whether an unmasked invalid-operation, zero-divide or denormal exception stopped the operation (no result). */
    public boolean stopped() {
        return (flags & ~masks & (IE | ZE | DE)) != 0;
    }

    /** Whether an unmasked exception of {@code bits} was raised. */
    public boolean unmasked(int bits) {
        return (flags & ~masks & bits) != 0;
    }

    // ---- classification ------------------------------------------------------------------------------------------

    /** The class of an extended value: unnormals, pseudo-infinities and pseudo-NaNs are UNSUPPORTED. */
    public static int classify(int se, long sig) {
        int e = se & EXP_MAX;
        if (e == 0) return sig == 0 ? ZERO : DENORMAL; // pseudo-denormals (J set) are denormal operands
        if (sig >= 0) return UNSUPPORTED;
        if (e == EXP_MAX) {
            if (sig << 1 == 0) return INF;
            return (sig & QUIET) != 0 ? QNAN : SNAN;
        }
        return NORMAL;
    }

    public static boolean isNaN(int cls) {
        return cls == QNAN || cls == SNAN;
    }

    public static int sign(int se) {
        return (se >>> 15) & 1;
    }

    /** The exponent of a finite nonzero value with its significand normalized (denormals below 1). */
    static int normExp(int se, long sig) {
        int e = se & EXP_MAX;
        return e != 0 ? e : 1 - Long.numberOfLeadingZeros(sig);
    }

    /** The significand of a finite nonzero value, normalized (bit 63 set). */
    static long normSig(long sig) {
        return sig << Long.numberOfLeadingZeros(sig);
    }

    // ---- results --------------------------------------------------------------------------------------------------

    void result(int se, long sig) {
        this.se = se;
        this.sig = sig;
    }

    /** An operand returned as the result: a pseudo-denormal comes out with exponent 1, as the same value. */
    void resultOperand(int se, long sig) {
        result((se & EXP_MAX) == 0 && sig < 0 ? se | 1 : se, sig);
    }

    void second(int se, long sig) {
        this.se2 = se;
        this.sig2 = sig;
    }

    /** An invalid operation: #IA and the real indefinite. */
    void invalid() {
        flags |= IE;
        result(INDEFINITE_SE, INDEFINITE_SIG);
    }

    /** Raises #D; true when it is unmasked (the operation stops). */
    boolean denormal() {
        flags |= DE;
        return (masks & DE) == 0;
    }

    void zero(int sign) {
        result(sign << 15, 0);
    }

    void infinity(int sign) {
        result(sign << 15 | EXP_MAX, J);
    }

    /**
     * The NaN rules of a two-operand operation (SDM vol 1 table 4-7) when either operand is unsupported or a NaN: an
     * unsupported operand is invalid (indefinite); an SNaN raises #IA; of two NaNs a QNaN wins over an SNaN, else the
     * larger significand (the positive one when they are equal); the result is quiet. Returns false when neither
     * operand is a NaN or unsupported.
     */
    boolean nans(int aSe, long aSig, int ca, int bSe, long bSig, int cb) {
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            invalid();
            return true;
        }
        boolean an = isNaN(ca), bn = isNaN(cb);
        if (!an && !bn) return false;
        if (ca == SNAN || cb == SNAN) flags |= IE;
        boolean pickA;
        if (an && bn) {
            if (ca != cb) {
                pickA = ca == QNAN;
            } else {
                int c = Long.compareUnsigned(aSig, bSig);
                pickA = c > 0 || (c == 0 && sign(aSe) <= sign(bSe));
            }
        } else {
            pickA = an;
        }
        if (pickA) {
            result(aSe, aSig | QUIET);
        } else {
            result(bSe, bSig | QUIET);
        }
        return true;
    }

    /** The NaN rules of a one-operand operation; false when the operand is neither a NaN nor unsupported. */
    boolean nan(int aSe, long aSig, int ca) {
        if (ca == UNSUPPORTED) {
            invalid();
            return true;
        }
        if (!isNaN(ca)) return false;
        if (ca == SNAN) flags |= IE;
        result(aSe, aSig | QUIET);
        return true;
    }

    // ---- rounding -----------------------------------------------------------------------------------------------

    /** Rounds to the extended format at the current precision control (register destination). */
    void roundPack(int sign, int exp, long sig, long extra) {
        round(sign, exp, sig, extra, precision, EMIN, EMAX, true);
    }

    /** Rounds to the extended format with 64-bit precision (register destination). */
    void roundPack64(int sign, int exp, long sig, long extra) {
        round(sign, exp, sig, extra, 64, EMIN, EMAX, true);
    }

    /**
     * Rounds the exact value {@code (-1)^sign * (sig + extra / 2^64) * 2^(exp - BIAS - 63)} ({@code sig} normalized,
     * {@code exp} unbounded) to {@code p} significant bits within the normal exponent range {@code [emin, emax]}
     * (extended bias), raising #O, #U and #P and setting C1. The result goes to {@link #se}/{@link #sig} with the
     * exponent in extended bias: {@code emax + 1} with significand {@link #J} is infinity, {@code emin - 1} a
     * denormal or zero of the destination format, whose significand is then aligned to {@code emin}. With
     * {@code register}, an unmasked #O/#U delivers the rounded result with the exponent adjusted by
     * {@link #BIAS_ADJUST}; for a memory destination an unmasked #O/#U means nothing is stored (the caller checks).
     */
    void round(int sign, int exp, long sig, long extra, int p, int emin, int emax, boolean register) {
        int drop = 64 - p;
        if (exp < emin) {
            if ((masks & UE) == 0) {
                flags |= UE;
                if (!register) { // nothing is stored: neither #P nor C1
                    c1 = false;
                    return;
                }
                long s = roundAt(sign, sig, extra, drop);
                if (s == 0) { // carried out of bit 63
                    s = J;
                    exp++;
                }
                exp += BIAS_ADJUST;
                if (exp >= emin) {
                    result(sign << 15 | exp, s);
                    return;
                }
                // still tiny after the adjustment (FSCALE): zero, inexact
                flags |= PE;
                c1 = false;
                zero(sign);
                return;
            }
            int shift = emin - exp;
            long lo;
            long hi;
            if (shift < 64) {
                lo = (sig << (64 - shift)) | (extra >>> shift) | ((extra << (64 - shift)) != 0 ? 1 : 0);
                hi = sig >>> shift;
            } else if (shift == 64) {
                lo = sig | (extra != 0 ? 1 : 0);
                hi = 0;
            } else if (shift < 128) {
                lo = (sig >>> (shift - 64)) | ((sig << (128 - shift)) != 0 || extra != 0 ? 1 : 0);
                hi = 0;
            } else {
                lo = 1; // sig is nonzero
                hi = 0;
            }
            long s = roundAt(sign, hi, lo, drop);
            if (inexact) flags |= UE; // a masked underflow is signalled only when the result is also inexact
            if (s < 0) {
                result(sign << 15 | emin, s); // rounded up to the smallest normal
            } else {
                result(sign << 15 | (emin - 1), s);
            }
            return;
        }
        int before = flags;
        long s = roundAt(sign, sig, extra, drop);
        if (s == 0) {
            s = J;
            exp++;
        }
        if (exp > emax) {
            flags |= OE;
            if ((masks & OE) == 0) {
                if (!register) { // nothing is stored: neither #P nor C1
                    flags = before | OE;
                    c1 = false;
                    return;
                }
                exp -= BIAS_ADJUST;
                if (exp > emax) { // still too large after the adjustment (FSCALE): infinity, inexact, rounded up
                    flags |= PE;
                    c1 = true;
                    infinity(sign);
                    return;
                }
                result(sign << 15 | (exp & EXP_MAX), s);
                return;
            }
            flags |= PE;
            boolean toInfinity = rc == RC_NEAREST || (rc == RC_UP && sign == 0) || (rc == RC_DOWN && sign == 1);
            if (toInfinity) {
                c1 = true;
                result(sign << 15 | (emax + 1), J);
            } else {
                c1 = false;
                result(sign << 15 | emax, -1L << drop);
            }
            return;
        }
        result(sign << 15 | exp, s);
    }

    /** Whether the last {@link #roundAt} or {@link #roundToInteger} was inexact. */
    boolean inexact;

    /**
     * The magnitude {@code m / 2^fracBits} (fracBits &gt; 0) rounded to an integer with the rounding control: #P and
     * C1 when inexact (FRNDINT, FIST, FBSTP).
     */
    long roundToInteger(int sign, long m, int fracBits) {
        long integer;
        boolean half;
        boolean rest;
        if (fracBits < 64) {
            integer = m >>> fracBits;
            long frac = m << (64 - fracBits);
            half = frac < 0;
            rest = (frac << 1) != 0;
        } else {
            integer = 0;
            half = fracBits == 64;
            rest = fracBits != 64 || (m << 1) != 0;
        }
        inexact = half || rest;
        if (!inexact) return integer;
        flags |= PE;
        boolean up = switch (rc) {
            case RC_NEAREST -> half && (rest || (integer & 1) != 0);
            case RC_DOWN -> sign == 1;
            case RC_UP -> sign == 0;
            default -> false;
        };
        c1 = up;
        return up ? integer + 1 : integer;
    }

    /**
     * Rounds {@code sig + extra / 2^64} to a multiple of {@code 2^drop} with the rounding control; raises #P when
     * inexact and sets C1 when rounded up. Returns the rounded significand, 0 when it carried out of bit 63 (the
     * caller turns that into J with the exponent one higher).
     */
    private long roundAt(int sign, long sig, long extra, int drop) {
        boolean half;
        boolean rest;
        boolean lsb;
        if (drop == 0) {
            half = extra < 0;
            rest = (extra << 1) != 0;
            lsb = (sig & 1) != 0;
        } else {
            half = ((sig >>> (drop - 1)) & 1) != 0;
            rest = (sig & ((1L << (drop - 1)) - 1)) != 0 || extra != 0;
            lsb = ((sig >>> drop) & 1) != 0;
        }
        boolean inexact = half || rest;
        this.inexact = inexact;
        if (!inexact) {
            c1 = false;
            return sig;
        }
        flags |= PE;
        boolean up = switch (rc) {
            case RC_NEAREST -> half && (rest || lsb);
            case RC_DOWN -> sign == 1;
            case RC_UP -> sign == 0;
            default -> false;
        };
        c1 = up;
        long s = drop == 0 ? sig : sig & (-1L << drop);
        return up ? s + (1L << drop) : s;
    }
}
