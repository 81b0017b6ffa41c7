package org.jemu.cpu.x86.internal.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The rounding core and classification of {@link Fpu80}, and the BCD and integer conversions of {@link Convert}. */
class Fpu80Test {

    private static final long J = Fpu80.J;

    private static Fpu80 fpu(int fcw) {
        Fpu80 e = new Fpu80();
        e.control(fcw);
        e.begin();
        return e;
    }

    @Test
    void classifiesEveryEncoding() {
        assertEquals(Fpu80.ZERO, Fpu80.classify(0x8000, 0));
        assertEquals(Fpu80.DENORMAL, Fpu80.classify(0, 1));
        assertEquals(Fpu80.DENORMAL, Fpu80.classify(0, J), "pseudo-denormal");
        assertEquals(Fpu80.NORMAL, Fpu80.classify(0x3fff, J));
        assertEquals(Fpu80.UNSUPPORTED, Fpu80.classify(0x3fff, J >>> 1), "unnormal");
        assertEquals(Fpu80.INF, Fpu80.classify(0xffff, J));
        assertEquals(Fpu80.UNSUPPORTED, Fpu80.classify(0x7fff, 0), "pseudo-infinity");
        assertEquals(Fpu80.UNSUPPORTED, Fpu80.classify(0x7fff, 1), "pseudo-NaN");
        assertEquals(Fpu80.QNAN, Fpu80.classify(0xffff, 0xC000_0000_0000_0000L));
        assertEquals(Fpu80.SNAN, Fpu80.classify(0x7fff, J | 1));
    }

    @Test
    void roundingCarriesIntoTheExponent() {
        Fpu80 e = fpu(0x0b7f); // up
        e.roundPack(0, 0x3fff, -1L, 1);
        assertEquals(0x4000, e.se);
        assertEquals(J, e.sig);
        assertTrue(e.c1);
        assertEquals(Fpu80.PE, e.flags);
    }

    @Test
    void maskedOverflowFollowsTheRoundingControlAndSign() {
        int[] fcw = {0x037f, 0x077f, 0x0b7f, 0x0f7f}; // nearest, down, up, toward zero
        // whether the result is infinity (else the largest finite value), for a positive and a negative result
        boolean[][] infinity = {{true, true}, {false, true}, {true, false}, {false, false}};
        for (int k = 0; k < 4; k++) {
            for (int sign = 0; sign < 2; sign++) {
                Fpu80 e = fpu(fcw[k]);
                e.roundPack(sign, 0x7fff, J, 0);
                String what = "rc " + k + " sign " + sign;
                if (infinity[k][sign]) {
                    assertEquals(sign << 15 | 0x7fff, e.se, what);
                    assertEquals(J, e.sig, what);
                    assertTrue(e.c1, what);
                } else {
                    assertEquals(sign << 15 | 0x7ffe, e.se, what);
                    assertEquals(-1L, e.sig, what);
                    assertFalse(e.c1, what);
                }
                assertEquals(Fpu80.OE | Fpu80.PE, e.flags, what);
            }
        }
    }

    @Test
    void unmaskedOverflowAndUnderflowScaleTheRegisterResult() {
        Fpu80 e = fpu(0x0377);
        e.roundPack(0, 0x8000, J, 0);
        assertEquals(0x2000, e.se);
        assertEquals(Fpu80.OE, e.flags);
        Fpu80 u = fpu(0x036f);
        u.roundPack(1, -5, J, 0);
        assertEquals(0x8000 | (0x6000 - 5), u.se);
        assertEquals(Fpu80.UE, u.flags, "unmasked underflow is signalled even when exact");
    }

    @Test
    void tininessIsDetectedBeforeRoundingAndMaskedUnderflowNeedsInexactness() {
        Fpu80 e = fpu(0x037f);
        e.roundPack(0, 0, -1L, -1L); // just below the smallest normal: rounds up to it
        assertEquals(0x0001, e.se);
        assertEquals(J, e.sig);
        assertEquals(Fpu80.UE | Fpu80.PE, e.flags);
        Fpu80 exact = fpu(0x037f);
        exact.roundPack(0, 0, J, 0); // exactly representable denormal
        assertEquals(0, exact.se);
        assertEquals(J >>> 1, exact.sig);
        assertEquals(0, exact.flags);
    }

    @Test
    void denormalResultsAtReducedPrecisionRoundAtTheFixedBitPosition() {
        Fpu80 e = fpu(0x007f); // 24 bits
        e.roundPack(0, -10, 0xFFFF_FF80_0000_0000L, 0); // shifted 11 bits right: the kept bits end at bit 40
        assertEquals(0, e.se);
        assertEquals(0x0020_0000_0000_0000L, e.sig);
        assertEquals(Fpu80.UE | Fpu80.PE, e.flags);
        assertTrue(e.c1);
    }

    @Test
    void memoryDestinationsWithUnmaskedOverflowGetNeitherPrecisionNorC1() {
        Fpu80 e = fpu(0x0377);
        Convert.toFloat32(e, 0x7000, 0xC000_0000_0000_0001L); // the value is not stored
        assertTrue(e.unmasked(Fpu80.OE));
        assertEquals(Fpu80.OE, e.flags);
        assertFalse(e.c1);
    }

    @Test
    void bcdRoundTripsEveryMagnitudeBelowTenToTheEighteen() {
        SplittableRandom rnd = new SplittableRandom(18);
        for (int k = 0; k < 5000; k++) {
            long v = rnd.nextLong(1_000_000_000_000_000_000L) * (rnd.nextBoolean() ? -1 : 1);
            Fpu80 e = fpu(0x037f);
            Convert.fromInt(e, v);
            long lo = Convert.toBcd(e, e.se, e.sig);
            int hi = e.se2;
            String digits = String.format("%02x%016x", hi & 0xff, lo).replaceFirst("^0+(?=.)", "");
            assertEquals(Long.toString(Math.abs(v)), digits);
            assertEquals(v < 0, (hi & 0x8000) != 0);
            Fpu80 back = fpu(0x037f);
            Convert.fromBcd(back, lo, hi);
            Fpu80 i = fpu(0x037f);
            assertEquals(v, Convert.toInt(i, back.se, back.sig, 64));
        }
    }

    @Test
    void integersConvertExactlyAndOutOfRangeIsTheIndefinite() {
        Fpu80 e = fpu(0x037f);
        Convert.fromInt(e, Long.MIN_VALUE);
        assertEquals(0xc03e, e.se);
        assertEquals(J, e.sig);
        assertEquals(Long.MIN_VALUE, Convert.toInt(e, e.se, e.sig, 64));
        Fpu80 f = fpu(0x037f);
        assertEquals(0x8000_0000L, Convert.toInt(f, 0x401f, J, 32), "2^32 does not fit 32 bits");
        assertEquals(Fpu80.IE, f.flags);
    }
}
