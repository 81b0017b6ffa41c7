package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.FlagAssert.assertFlags;
import static org.jemu.cpu.x86.internal.alu.FlagAssert.with;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.AF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.STATUS;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LazyFlagsTest {
    private final LazyFlags f = new LazyFlags();

    @Test
    void addOfTwoMostNegativeBytesCarriesAndOverflowsToZero() {
        assertEquals(0, f.add(0x80, 0x80, 8));
        assertFlags(CF | ZF | OF | PF, f);
    }

    @Test
    void addCrossingTheSignBoundaryOverflowsWithoutCarry() {
        assertEquals(0x80, f.add(0x7f, 1, 8));
        assertFlags(OF | SF | AF, f);
        assertEquals(0x8000_0000L, f.add(0x7fff_ffff, 1, 32));
        assertFlags(OF | SF | AF | PF, f);
        assertEquals(0, f.add(0xffff, 1, 16));
        assertFlags(CF | ZF | AF | PF, f);
    }

    @Test
    void add64OfMinusOnesCarriesWithoutOverflow() {
        assertEquals(-2L, f.add(-1, -1, 64));
        assertFlags(CF | SF | AF, f);
    }

    @Test
    void addIgnoresOperandBitsAboveTheSize() {
        assertEquals(0x01, f.add(0xABCD_FF00L, 0x01, 8));
        assertFlags(0, f);
    }

    @Test
    void subBorrowsAndSetsAuxiliaryCarry() {
        assertEquals(0xff, f.sub(0, 1, 8));
        assertFlags(CF | SF | AF | PF, f);
        assertEquals(0x7f, f.sub(0x80, 1, 8));
        assertFlags(OF | AF, f);
        assertEquals(0xffff_fffeL, f.sub(3, 5, 32));
        assertFlags(CF | SF | AF, f);
    }

    @Test
    void cmpOfEqualValuesSetsZeroAndLeavesNoResult() {
        assertTrue(f.cmp(5, 5, 32));
        assertFlags(ZF | PF, f);
        assertFalse(f.cmp(Long.MIN_VALUE, 1, 64));
        assertFlags(OF | AF | PF, f);
    }

    @Test
    void adcAddsTheCarryIn() {
        LazyFlags c = with(CF);
        assertEquals(0, c.adc(0xff, 0, 8));
        assertFlags(CF | ZF | AF | PF, c);
        LazyFlags n = with(0);
        assertEquals(0xff, n.adc(0xff, 0, 8));
        assertFlags(SF | PF, n);
        LazyFlags w = with(CF);
        assertEquals(-1L, w.adc(-1, -1, 64));
        assertFlags(CF | SF | AF | PF, w);
    }

    @Test
    void sbbSubtractsTheCarryIn() {
        LazyFlags c = with(CF);
        assertEquals(0xff, c.sbb(0, 0, 8));
        assertFlags(CF | SF | AF | PF, c);
        LazyFlags o = with(CF);
        assertEquals(0, o.sbb(0x8000, 0x7fff, 16));
        assertFlags(ZF | PF | OF | AF, o);
        LazyFlags n = with(0);
        assertEquals(1, n.sbb(3, 2, 32));
        assertFlags(0, n);
    }

    @Test
    void incAndDecPreserveCarry() {
        LazyFlags c = with(CF);
        assertEquals(0, c.inc(0xff, 8));
        assertFlags(CF | ZF | PF | AF, c);
        LazyFlags n = with(0);
        assertEquals(0x80, n.inc(0x7f, 8));
        assertFlags(OF | SF | AF, n);
        assertEquals(0x7fff, n.dec(0x8000, 16));
        assertFlags(OF | AF | PF, n);
        LazyFlags c2 = with(CF);
        assertEquals(0, c2.dec(1, 32));
        assertFlags(CF | ZF | PF, c2);
        assertEquals(0, c2.inc(-1, 64));
        assertFlags(CF | ZF | PF | AF, c2);
    }

    @Test
    void negSetsCarryUnlessZeroAndOverflowsOnMinimum() {
        assertEquals(0, f.neg(0, 8));
        assertFlags(ZF | PF, f);
        assertEquals(0x80, f.neg(0x80, 8));
        assertFlags(CF | OF | SF, f);
        assertEquals(0xffff_ffffL, f.neg(1, 32));
        assertFlags(CF | SF | PF | AF, f);
    }

    @Test
    void logicOpsClearCarryAndOverflow() {
        LazyFlags g = with(STATUS);
        assertEquals(0, g.and(0xf0, 0x0f, 8));
        assertFlags(ZF | PF, g);
        assertEquals(0x8001, g.or(0x8000, 1, 16));
        assertFlags(SF, g);
        assertEquals(0, g.xor(0x1234, 0x1234, 64));
        assertFlags(ZF | PF, g);
        g.test(0x8000_0000L, -1, 32);
        assertFlags(SF | PF, g);
    }

    @Test
    void shlSetsCarryFromLastBitOutAndOverflowFromTheTopTwoBits() {
        assertEquals(0x02, f.shl(0x81, 1, 8));
        assertFlags(CF | OF, f);
        assertEquals(0, f.shl(0x81, 8, 8));
        assertFlags(CF | ZF | PF | OF, f);
        assertEquals(0, f.shl(0x81, 9, 8));
        assertFlags(ZF | PF | OF, f);
        assertEquals(0x8000_0000L, f.shl(1, 31, 32));
        assertFlags(SF | PF, f);
        assertEquals(Long.MIN_VALUE, f.shl(1, 63, 64));
        assertFlags(SF | PF, f);
        assertEquals(0xfffe, f.shl(0xffff, 1, 16));
        assertFlags(CF | SF, f);
    }

    @Test
    void shiftByMaskedZeroCountLeavesFlagsUnchanged() {
        LazyFlags g = with(CF | ZF | OF);
        assertEquals(0x81, g.shl(0x81, 32, 8));
        assertEquals(0x1234, g.shr(0x1234, 0, 16));
        assertEquals(5, g.sar(5, 32, 32));
        assertEquals(7, g.shl(7, 64, 64));
        assertFlags(CF | ZF | OF, g);
        assertEquals(0x1_0000_0000L, g.shl(1, 32, 64));
    }

    @Test
    void shrShiftsInZerosAndTakesOverflowFromTheOperandSign() {
        assertEquals(0x40, f.shr(0x81, 1, 8));
        assertFlags(CF | OF, f);
        assertEquals(1, f.shr(0x8000, 15, 16));
        assertFlags(OF, f);
        assertEquals(0, f.shr(0x8000, 16, 16));
        assertFlags(CF | ZF | PF | OF, f);
        assertEquals(1, f.shr(-1, 63, 64));
        assertFlags(CF | OF, f);
        assertEquals(0x7fff_ffffL, f.shr(0xffff_ffffL, 33, 32));
        assertFlags(CF | OF | PF, f);
    }

    @Test
    void sarReplicatesTheSignAndClearsOverflow() {
        assertEquals(0xc0, f.sar(0x80, 1, 8));
        assertFlags(SF | PF, f);
        assertEquals(0xff, f.sar(0x80, 31, 8));
        assertFlags(CF | SF | PF, f);
        assertEquals(0, f.sar(0x4000, 15, 16));
        assertFlags(CF | ZF | PF, f);
        assertEquals(-1L, f.sar(Long.MIN_VALUE, 63, 64));
        assertFlags(SF | PF, f);
    }

    @Test
    void materializeMergesStatusFlagsIntoRflags() {
        f.add(0xff, 1, 8);
        assertEquals(0x202 | CF | ZF | AF | PF, f.materialize(0x202 | SF | OF));
        assertEquals(~STATUS | CF | ZF | AF | PF, f.materialize(-1L));
    }

    @Test
    void loadReplacesAllStatusFlags() {
        f.add(0xff, 1, 8);
        f.load(0x246 | OF | 0x100);
        assertFlags(ZF | PF | OF, f);
        assertEquals(0x202 | ZF | PF | OF, f.materialize(0x202));
    }

    @Test
    void sahfKeepsOverflowAndLahfReadsTheLowByte() {
        LazyFlags g = with(OF);
        g.sahf(0xff);
        assertFlags(OF | SF | ZF | AF | PF | CF, g);
        assertEquals(0xd7, g.lahf());
        g.sahf(0);
        assertFlags(OF, g);
        assertEquals(0x02, g.lahf());
    }

    @Test
    void clcStcCmcChangeOnlyCarryOfALazyState() {
        f.sub(0, 1, 8);
        f.setCf(false);
        assertFlags(SF | AF | PF, f);
        f.cmc();
        assertFlags(CF | SF | AF | PF, f);
        f.add(1, 1, 32);
        f.setCf(true);
        assertFlags(CF, f);
    }

    @Test
    void conditionCodesFollowTheFlags() {
        f.cmp(3, 5, 32); // 3 < 5 both ways
        assertTrue(f.condition(0x2)); // B
        assertTrue(f.condition(0x6)); // BE
        assertFalse(f.condition(0x7)); // A
        assertTrue(f.condition(0xC)); // L
        assertTrue(f.condition(0xE)); // LE
        assertFalse(f.condition(0xF)); // G
        assertFalse(f.condition(0x4)); // E
        assertTrue(f.condition(0x5)); // NE
        assertTrue(f.condition(0x8)); // S
        assertFalse(f.condition(0x0)); // O
        f.cmp(-1, 1, 32); // signed less, unsigned above
        assertFalse(f.condition(0x2));
        assertTrue(f.condition(0x7));
        assertTrue(f.condition(0xC));
        f.cmp(0x80, 1, 8); // -128 - 1 overflows
        assertTrue(f.condition(0x0));
        assertTrue(f.condition(0xC)); // SF=0, OF=1: -128 < 1
    }

    @Test
    void conditionCodesAfterCmpAgreeWithTheMaterializedFlags() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        long[] edge = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fff_ffffL, 0x8000_0000L, -1, Long.MIN_VALUE};
        for (int i = 0; i < 20_000; i++) {
            int size = 8 << rnd.nextInt(4);
            long a = rnd.nextBoolean() ? edge[rnd.nextInt(edge.length)] : rnd.nextLong();
            long b = rnd.nextInt(4) == 0 ? a : rnd.nextBoolean() ? edge[rnd.nextInt(edge.length)] : rnd.nextLong();
            f.cmp(a, b, size);
            LazyFlags eager = with(f.flags());
            for (int cc = 0; cc < 16; cc++) {
                assertEquals(eager.condition(cc), f.condition(cc), "cc " + cc + " " + a + " " + b + " " + size);
            }
        }
    }
}
