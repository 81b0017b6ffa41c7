package org.jemu.cpu.x86.internal.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The extended arithmetic checked against Java's IEEE double and float arithmetic, the easy cases only: with precision
 * control 53 (24) and rounding to nearest, a result in the normal double (single) range is rounded once to the same
 * value Java computes. Transcendentals are compared with StrictMath within two double ulps. (The bit-exact reference
 * for everything else is the differential test against the host x87.)
 */
class DoubleOracleTest {

    private static final int CASES = 20000;

    private static Fpu80 fpu(int fcw) {
        Fpu80 e = new Fpu80();
        e.control(fcw);
        e.begin();
        return e;
    }

    /** A double as an extended value (exact). */
    static void load(Fpu80 e, double d) {
        Convert.fromFloat64(e, Double.doubleToRawLongBits(d));
    }

    static double toDouble(int se, long sig) {
        Fpu80 e = fpu(0x037f);
        return Double.longBitsToDouble(Convert.toFloat64(e, se, sig));
    }

    private static double random(SplittableRandom rnd) {
        double m = rnd.nextDouble() * 2 - 1;
        return m * Math.scalb(1.0, rnd.nextInt(-300, 300));
    }

    private interface Op {
        void apply(Fpu80 e, int aSe, long aSig, int bSe, long bSig);
    }

    private static void check(String name, Op op, java.util.function.DoubleBinaryOperator oracle, boolean positiveB) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int checked = 0;
        for (int k = 0; k < CASES; k++) {
            double a = random(rnd);
            double b = positiveB ? Math.abs(random(rnd)) : random(rnd);
            double want = oracle.applyAsDouble(a, b);
            if (!Double.isFinite(want) || want == 0 || Math.abs(want) < Double.MIN_NORMAL) continue;
            Fpu80 e = fpu(0x027f); // 53 bits, to nearest
            load(e, a);
            int aSe = e.se;
            long aSig = e.sig;
            load(e, b);
            op.apply(e, aSe, aSig, e.se, e.sig);
            assertEquals(want, toDouble(e.se, e.sig), () -> name + "(" + a + ", " + b + ")");
            checked++;
        }
        assertTrue(checked > CASES / 2, name + ": too few cases in range");
    }

    @Test
    void addSubtractMultiplyDivideAtDoublePrecisionMatchJavaDoubles() {
        check("add", (e, as, am, bs, bm) -> Arith.add(e, as, am, bs, bm, false), Double::sum, false);
        check("sub", (e, as, am, bs, bm) -> Arith.add(e, as, am, bs, bm, true), (a, b) -> a - b, false);
        check("mul", Arith::mul, (a, b) -> a * b, false);
        check("div", Arith::div, (a, b) -> a / b, false);
        check("sqrt", (e, as, am, bs, bm) -> Arith.sqrt(e, bs, bm), (a, b) -> Math.sqrt(b), true);
    }

    @Test
    void singlePrecisionControlMatchesJavaFloats() {
        SplittableRandom rnd = new SplittableRandom(24);
        for (int k = 0; k < CASES; k++) {
            float a = (float) (rnd.nextDouble() * 200 - 100);
            float b = (float) (rnd.nextDouble() * 200 - 100);
            float want = a / b;
            Fpu80 e = fpu(0x007f); // 24 bits
            Convert.fromFloat32(e, Float.floatToRawIntBits(a));
            int aSe = e.se;
            long aSig = e.sig;
            Convert.fromFloat32(e, Float.floatToRawIntBits(b));
            Arith.div(e, aSe, aSig, e.se, e.sig);
            Fpu80 s = fpu(0x037f);
            float got = Float.intBitsToFloat(Convert.toFloat32(s, e.se, e.sig));
            assertEquals(want, got, () -> a + " / " + b);
            assertEquals(0, s.flags & Fpu80.PE, "a 24-bit result stores to single exactly");
        }
    }

    @Test
    void doublesSurviveTheRoundTripThroughExtendedExactly() {
        SplittableRandom rnd = new SplittableRandom(64);
        for (int k = 0; k < CASES; k++) {
            long bits = rnd.nextLong();
            double d = Double.longBitsToDouble(bits);
            if (Double.isNaN(d)) continue;
            Fpu80 e = fpu(0x037f);
            Convert.fromFloat64(e, bits);
            Fpu80 s = fpu(0x037f);
            assertEquals(bits, Convert.toFloat64(s, e.se, e.sig));
            assertEquals(0, s.flags & (Fpu80.PE | Fpu80.UE | Fpu80.OE));
        }
    }

    @Test
    void integerConversionRoundsLikeRint() {
        SplittableRandom rnd = new SplittableRandom(32);
        for (int k = 0; k < CASES; k++) {
            double d = (rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(1, 40));
            Fpu80 e = fpu(0x037f);
            load(e, d);
            long got = Convert.toInt(e, e.se, e.sig, 64);
            assertEquals((long) Math.rint(d), got, () -> "rint " + d);
            Fpu80 f = fpu(0x0f7f); // toward zero
            load(f, d);
            assertEquals((long) d, Convert.toInt(f, f.se, f.sig, 64), () -> "trunc " + d);
        }
    }

    @Test
    void transcendentalsAgreeWithStrictMathWithinTwoDoubleUlps() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 3000; k++) {
            double x = rnd.nextDouble() * 2 - 1; // [-1, 1)
            double y = rnd.nextDouble() * 100 - 50;
            // the x87 reduces by multiples of its 66-bit pi: an absolute error up to about |y| * 2^-66 near zeros
            double reduction = Math.abs(y) * 0x1p-64;
            close("sin", StrictMath.sin(y), trig(y, Transcendental.SIN), reduction);
            close("cos", StrictMath.cos(y), trig(y, Transcendental.COS), reduction);
            close("tan", StrictMath.tan(x), trig(x, Transcendental.TAN), 0);
            Fpu80 e = fpu(0x037f);
            load(e, x);
            Transcendental.f2xm1(e, e.se, e.sig);
            close("2^x-1", StrictMath.expm1(x * StrictMath.log(2)), toDouble(e.se, e.sig), 0);
            double p = Math.abs(y) + 1e-3;
            e = fpu(0x037f);
            load(e, p);
            int pSe = e.se;
            long pSig = e.sig;
            load(e, 1.0);
            Transcendental.fyl2x(e, pSe, pSig, e.se, e.sig);
            close("log2", StrictMath.log(p) / StrictMath.log(2), toDouble(e.se, e.sig), 2 * Math.ulp(1.0));
            e = fpu(0x037f);
            load(e, x);
            int xSe = e.se;
            long xSig = e.sig;
            load(e, y);
            Transcendental.fpatan(e, xSe, xSig, e.se, e.sig);
            close("atan2", StrictMath.atan2(y, x), toDouble(e.se, e.sig), 0);
        }
    }

    private static double trig(double x, int what) {
        Fpu80 e = fpu(0x037f);
        load(e, x);
        assertTrue(Transcendental.trig(e, e.se, e.sig, what));
        return toDouble(e.se, e.sig);
    }

    private static void close(String what, double want, double got, double extra) {
        double tolerance = 2 * Math.ulp(want) + extra;
        assertTrue(Math.abs(want - got) <= tolerance, () -> what + ": " + got + " vs " + want);
    }
}
