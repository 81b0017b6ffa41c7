package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.FlagAssert.assertFlags;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MulDivTest {
    private final LazyFlags f = new LazyFlags();
    private final WideResult w = new WideResult();

    @Test
    void mulSetsCarryAndOverflowWhenTheHighHalfIsNonZero() {
        MulDiv.mul(f, 0x80, 2, 8, w);
        assertEquals(0, w.lo);
        assertEquals(1, w.hi);
        assertFlags(CF | OF | PF, f);
        MulDiv.mul(f, 0x0f, 0x0f, 8, w);
        assertEquals(0xe1, w.lo);
        assertEquals(0, w.hi);
        assertFlags(SF | PF, f);
        MulDiv.mul(f, 0xffff_ffffL, 0xffff_ffffL, 32, w);
        assertEquals(1, w.lo);
        assertEquals(0xffff_fffeL, w.hi);
        assertFlags(CF | OF, f);
        MulDiv.mul(f, -1, -1, 64, w);
        assertEquals(1, w.lo);
        assertEquals(-2L, w.hi);
        MulDiv.mul(f, 0x1234, 0x10, 16, w);
        assertEquals(0x2340, w.lo);
        assertEquals(0x1, w.hi);
    }

    @Test
    void oneOperandImulOverflowsWhenTheHighHalfIsNotTheSignExtension() {
        MulDiv.imul(f, 0x80, 0xff, 8, w); // -128 * -1 = 128
        assertEquals(0x80, w.lo);
        assertEquals(0x00, w.hi);
        assertFlags(CF | OF | SF, f);
        MulDiv.imul(f, 0xff, 1, 8, w); // -1 * 1
        assertEquals(0xff, w.lo);
        assertEquals(0xff, w.hi);
        assertFlags(SF | PF, f);
        MulDiv.imul(f, Long.MIN_VALUE, -1, 64, w);
        assertEquals(Long.MIN_VALUE, w.lo);
        assertEquals(0, w.hi);
        assertFlags(CF | OF | SF | PF, f);
        MulDiv.imul(f, -3, 5, 32, w);
        assertEquals(0xffff_fff1L, w.lo);
        assertEquals(0xffff_ffffL, w.hi);
        assertFlags(SF, f);
    }

    @Test
    void truncatingImulReportsLostSignificantBits() {
        assertEquals(0, MulDiv.imul(f, 0x1_0000, 0x1_0000, 32));
        assertFlags(CF | OF | PF, f);
        assertEquals(1, MulDiv.imul(f, 0xffff, 0xffff, 16));
        assertFlags(0, f);
        assertEquals(Long.MIN_VALUE, MulDiv.imul(f, Long.MIN_VALUE, -1, 64));
        assertFlags(CF | OF | SF | PF, f);
        assertEquals(0x7fff_ffff_0000_0000L, MulDiv.imul(f, 0x1_0000_0000L, 0x7fff_ffff, 64));
        assertFlags(PF, f);
        assertEquals(0xfff6, MulDiv.imul(f, 0xfffe, 5, 16)); // -2 * 5, immediate form
        assertFlags(SF | PF, f);
    }

    @Test
    void divProducesQuotientAndRemainder() throws DivideError {
        MulDiv.div(0x01, 0x00, 2, 8, w);
        assertEquals(0x80, w.lo);
        assertEquals(0, w.hi);
        MulDiv.div(0, 100, 7, 16, w);
        assertEquals(14, w.lo);
        assertEquals(2, w.hi);
        MulDiv.div(1, 0, 2, 64, w);
        assertEquals(Long.MIN_VALUE, w.lo);
        assertEquals(0, w.hi);
        MulDiv.div(0xffff_fffeL, 0xffff_ffffL, 0xffff_ffffL, 32, w);
        assertEquals(0xffff_ffffL, w.lo);
        assertEquals(0xffff_fffeL, w.hi);
    }

    @Test
    void divRaisesDivideErrorOnZeroDivisorOrQuotientOverflow() {
        assertThrows(DivideError.class, () -> MulDiv.div(0, 1, 0, 32, w));
        assertThrows(DivideError.class, () -> MulDiv.div(0x02, 0x00, 2, 8, w));
        assertThrows(DivideError.class, () -> MulDiv.div(5, 0, 5, 64, w));
        assertThrows(DivideError.class, () -> MulDiv.div(1, 0, 1, 16, w));
    }

    @Test
    void idivTruncatesTowardZeroWithRemainderSignOfDividend() throws DivideError {
        MulDiv.idiv(0xffff_ffffL, 0xffff_fff9L, 2, 32, w); // -7 / 2
        assertEquals(0xffff_fffdL, w.lo);
        assertEquals(0xffff_ffffL, w.hi);
        MulDiv.idiv(-1, -7, 2, 64, w);
        assertEquals(-3, w.lo);
        assertEquals(-1, w.hi);
        MulDiv.idiv(0, 7, -2, 64, w);
        assertEquals(-3, w.lo);
        assertEquals(1, w.hi);
        MulDiv.idiv(0, Long.MIN_VALUE, -1, 64, w); // 2^63 / -1 = -2^63 fits
        assertEquals(Long.MIN_VALUE, w.lo);
        assertEquals(0, w.hi);
        MulDiv.idiv(0xff, 0x85, 0x02, 8, w); // AX = -123 / 2
        assertEquals(0xc3, w.lo); // -61
        assertEquals(0xff, w.hi); // -1
    }

    @Test
    void idivRaisesDivideErrorOnMinimumByMinusOneAndOverflow() {
        assertThrows(DivideError.class, () -> MulDiv.idiv(0xff, 0x80, 0xff, 8, w)); // AX = -128 / -1
        assertThrows(DivideError.class, () -> MulDiv.idiv(0xffff_ffffL, 0x8000_0000L, 0xffff_ffffL, 32, w));
        assertThrows(DivideError.class, () -> MulDiv.idiv(-1, Long.MIN_VALUE, -1, 64, w));
        assertThrows(DivideError.class, () -> MulDiv.idiv(0, Long.MIN_VALUE, 1, 64, w)); // 2^63 / 1
        assertThrows(DivideError.class, () -> MulDiv.idiv(0, 1, 0, 16, w));
        assertThrows(DivideError.class, () -> MulDiv.idiv(0x4000, 0, 0x7fff, 16, w)); // 2^30 / 32767 = 32769
    }

    @Test
    void wideDivisionMatchesBigInteger() throws DivideError {
        SplittableRandom rnd = new SplittableRandom(7);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < 20_000; i++) {
            long d = rnd.nextLong() >>> rnd.nextInt(64);
            if (d == 0) {
                continue;
            }
            long hi = Long.remainderUnsigned(rnd.nextLong() >>> rnd.nextInt(64), d);
            long lo = rnd.nextLong();
            BigInteger n = new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64)
                    .add(new BigInteger(Long.toUnsignedString(lo)));
            BigInteger[] qr = n.divideAndRemainder(new BigInteger(Long.toUnsignedString(d)));
            MulDiv.div(hi, lo, d, 64, w);
            assertEquals(qr[0].mod(two64).longValue(), w.lo, () -> hi + ":" + lo + "/" + d);
            assertEquals(qr[1].longValue(), w.hi);

            long shi = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(2) - 0L;
            long sd = rnd.nextLong() >> rnd.nextInt(64);
            if (sd == 0) {
                continue;
            }
            BigInteger sn = BigInteger.valueOf(shi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
            BigInteger[] sqr = sn.divideAndRemainder(BigInteger.valueOf(sd));
            boolean fits = sqr[0].bitLength() < 64;
            try {
                MulDiv.idiv(shi, lo, sd, 64, w);
                assertEquals(true, fits, () -> sn + "/" + sd);
                assertEquals(sqr[0].longValue(), w.lo);
                assertEquals(sqr[1].longValue(), w.hi);
            } catch (DivideError e) {
                assertEquals(false, fits, () -> sn + "/" + sd);
            }
        }
    }
}
