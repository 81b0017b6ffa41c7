package org.jemu.cpu.x86.internal.simd;

import static org.jemu.cpu.x86.internal.simd.SoftFloat.F32;
import static org.jemu.cpu.x86.internal.simd.SoftFloat.F64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The soft-float core on its own: directed rounding, conversions, round-to-nearest against Java, the approximations. */
class SoftFloatTest {

    private final SoftFloat fp = new SoftFloat();

    private static int mxcsr(int rc) {
        return Mxcsr.RESET | rc << Mxcsr.RC_SHIFT;
    }

    private long f(float v) {
        return Float.floatToRawIntBits(v) & 0xFFFF_FFFFL;
    }

    private long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void divisionRoundsInEachMode() {
        long[] third = {0x3EAAAAABL, 0x3EAAAAAAL, 0x3EAAAAABL, 0x3EAAAAAAL};
        long[] minusThird = {0xBEAAAAABL, 0xBEAAAAABL, 0xBEAAAAAAL, 0xBEAAAAAAL};
        for (int rc = 0; rc < 4; rc++) {
            fp.begin(mxcsr(rc));
            assertEquals(third[rc], fp.div(F32, f(1), f(3)), "rc " + rc);
            assertEquals(minusThird[rc], fp.div(F32, f(-1), f(3)), "rc " + rc);
            assertEquals(Mxcsr.PE, fp.post);
        }
        fp.begin(mxcsr(Mxcsr.RC_UP));
        assertEquals(0x3FD5555555555556L, fp.div(F64, d(1), d(3)));
    }

    @Test
    void squareRootRoundsInEachMode() {
        long[] root2 = {0x3FF6A09E667F3BCDL, 0x3FF6A09E667F3BCCL, 0x3FF6A09E667F3BCDL, 0x3FF6A09E667F3BCCL};
        for (int rc = 0; rc < 4; rc++) {
            fp.begin(mxcsr(rc));
            assertEquals(root2[rc], fp.sqrt(F64, d(2)), "rc " + rc);
        }
        fp.begin(Mxcsr.RESET);
        assertEquals(d(3), fp.sqrt(F64, d(9)));
        assertEquals(0, fp.post, "an exact root is not inexact");
    }

    @Test
    void floatToIntegerRoundsHalvesPerMode() {
        double[] in = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5};
        long[][] out = {{-2, -2, 0, 0, 2, 2}, {-3, -2, -1, 0, 1, 2}, {-2, -1, 0, 1, 2, 3}, {-2, -1, 0, 0, 1, 2}};
        for (int rc = 0; rc < 4; rc++) {
            fp.begin(mxcsr(rc));
            for (int k = 0; k < in.length; k++) {
                assertEquals(out[rc][k], fp.toInt(F64, d(in[k]), true, false), "rc " + rc + " " + in[k]);
                assertEquals((long) in[k], fp.toInt(F64, d(in[k]), true, true), "truncated " + in[k]);
            }
        }
    }

    @Test
    void integerToFloatRoundsPerMode() {
        long big = (1 << 24) + 1;
        long[] up = {0x4B800000L, 0x4B800000L, 0x4B800001L, 0x4B800000L};
        long[] down = {0xCB800000L, 0xCB800001L, 0xCB800000L, 0xCB800000L};
        for (int rc = 0; rc < 4; rc++) {
            fp.begin(mxcsr(rc));
            assertEquals(up[rc], fp.fromInt(F32, big), "rc " + rc);
            assertEquals(down[rc], fp.fromInt(F32, -big), "rc " + rc);
        }
        fp.begin(Mxcsr.RESET);
        assertEquals(0xDF000000L, fp.fromInt(F32, Long.MIN_VALUE));
        assertEquals(0, fp.post);
    }

    @Test
    void overflowGivesInfinityOrTheLargestFinitePerModeAndSign() {
        long max = 0x7F7FFFFFL;
        long[] pos = {0x7F800000L, max, 0x7F800000L, max};
        long[] neg = {0xFF800000L, 0xFF800000L, max | 0x8000_0000L, max | 0x8000_0000L};
        for (int rc = 0; rc < 4; rc++) {
            fp.begin(mxcsr(rc));
            assertEquals(pos[rc], fp.mul(F32, max, f(2)), "rc " + rc);
            assertEquals(neg[rc], fp.mul(F32, max, f(-2)), "rc " + rc);
            assertEquals(Mxcsr.OE | Mxcsr.PE, fp.post);
        }
    }

    @Test
    void roundToNearestAgreesWithJavaOnRandomOperands() {
        Random rnd = new Random(42);
        fp.begin(Mxcsr.RESET);
        for (int k = 0; k < 200_000; k++) {
            double a = Double.longBitsToDouble(rnd.nextLong());
            double b = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            check(a + b, fp.add(F64, d(a), d(b), false), a, b, "+");
            check(a - b, fp.add(F64, d(a), d(b), true), a, b, "-");
            check(a * b, fp.mul(F64, d(a), d(b)), a, b, "*");
            check(a / b, fp.div(F64, d(a), d(b)), a, b, "/");
            if (a >= 0) check(Math.sqrt(a), fp.sqrt(F64, d(a)), a, a, "sqrt");
            float x = Float.intBitsToFloat(rnd.nextInt());
            float y = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(x) || Float.isNaN(y)) continue;
            checkF(x + y, fp.add(F32, f(x), f(y), false), x, y, "+");
            checkF(x * y, fp.mul(F32, f(x), f(y)), x, y, "*");
            checkF(x / y, fp.div(F32, f(x), f(y)), x, y, "/");
            checkF((float) (double) a, fp.convert(F64, F32, d(a)), (float) a, 0, "cvt");
        }
    }

    private void check(double expected, long actual, double a, double b, String op) {
        if (Double.isNaN(expected)) {
            assertEquals(SoftFloat.defaultNaN(F64), actual, a + " " + op + " " + b);
        } else {
            assertEquals(d(expected), actual, a + " " + op + " " + b);
        }
    }

    private void checkF(float expected, long actual, float a, float b, String op) {
        if (Float.isNaN(expected)) {
            assertEquals(SoftFloat.defaultNaN(F32), actual, a + " " + op + " " + b);
        } else {
            assertEquals(f(expected), actual, a + " " + op + " " + b);
        }
    }

    @Test
    void approximationsStayWithinTheArchitecturalBound() {
        Random rnd = new Random(7);
        double bound = 1.5 * 0x1p-12;
        for (int k = 0; k < 100_000; k++) {
            float x = Math.abs(Float.intBitsToFloat(rnd.nextInt()));
            if (!Float.isFinite(x) || x < 0x1p-125f || x > 0x1p125f) continue;
            double r = Float.intBitsToFloat((int) SoftFloat.reciprocal(f(x)));
            assertTrue(Math.abs(r * x - 1) <= bound, () -> "rcp " + x);
            double q = Float.intBitsToFloat((int) SoftFloat.reciprocalSqrt(f(x)));
            assertTrue(Math.abs(q * Math.sqrt(x) - 1) <= bound, () -> "rsqrt " + x);
        }
    }

    @Test
    void denormalsAreNormalizedExactly() {
        fp.begin(Mxcsr.RESET);
        assertEquals(0x0010000000000000L, fp.mul(F64, 1, d(0x1p52)));
        assertEquals(Mxcsr.DE, fp.pre);
        assertEquals(0, fp.post);
        fp.begin(Mxcsr.RESET | Mxcsr.DAZ);
        assertEquals(0, fp.mul(F64, 1, d(0x1p52)), "DAZ: the denormal is a zero");
        assertEquals(0, fp.pre);
    }
}
