package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.FlagAssert.assertFlags;
import static org.jemu.cpu.x86.internal.alu.FlagAssert.with;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.AF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitOpsTest {
    @Test
    void btCopiesTheSelectedBitToCarryWithOffsetModuloSize() {
        LazyFlags f = with(ZF | OF);
        Alu.bt(f, 0x8000_0000L, 31, 32);
        assertFlags(CF | ZF | OF, f);
        Alu.bt(f, 0x8000_0000L, 63, 32);
        assertFlags(CF | ZF | OF, f);
        Alu.bt(f, 0x0002, 0x11, 16);
        assertFlags(CF | ZF | OF, f);
        Alu.bt(f, 0x0002, 0x10, 16);
        assertFlags(ZF | OF, f);
    }

    @Test
    void btsBtrBtcModifyTheBitAfterTestingIt() {
        LazyFlags f = with(0);
        assertEquals(0x8000, Alu.bts(f, 0, 15, 16));
        assertFlags(0, f);
        assertEquals(Long.MAX_VALUE, Alu.btr(f, -1, 63, 64));
        assertFlags(CF, f);
        assertEquals(4, Alu.btc(f, 5, 32, 32));
        assertFlags(CF, f);
    }

    @Test
    void bsfAndBsrReturnBitIndexes() {
        LazyFlags f = with(CF | SF | OF | AF);
        assertEquals(7, Alu.bsf(f, 0, 0x80, 32));
        assertFlags(0, f);
        assertEquals(63, Alu.bsr(f, 0, Long.MIN_VALUE, 64));
        assertFlags(PF, f);
        assertEquals(4, Alu.bsr(f, 0, 0x1f, 16));
        assertFlags(0, f);
    }

    @Test
    void bsfAndBsrOfZeroSetZeroFlagAndKeepTheDestination() {
        LazyFlags f = with(0);
        assertEquals(0x1234, Alu.bsf(f, 0x1234, 0, 32));
        assertFlags(ZF | PF, f);
        assertEquals(0x5678, Alu.bsr(f, 0x5678, 0x1_0000, 16)); // source bits above the size do not count
        assertFlags(ZF | PF, f);
    }

    @Test
    void popcntCountsBitsAndClearsAllButZero() {
        LazyFlags f = with(CF | OF | SF);
        assertEquals(64, Alu.popcnt(f, -1, 64));
        assertFlags(0, f);
        assertEquals(0, Alu.popcnt(f, 0xffff_0000L, 16));
        assertFlags(ZF, f);
    }

    @Test
    void lzcntAndTzcntReportAZeroSourceInCarry() {
        LazyFlags f = with(SF | PF);
        assertEquals(32, Alu.lzcnt(f, 0, 32));
        assertFlags(CF, f);
        assertEquals(15, Alu.lzcnt(f, 1, 16));
        assertFlags(0, f);
        assertEquals(0, Alu.lzcnt(f, Long.MIN_VALUE, 64));
        assertFlags(ZF, f);
        assertEquals(16, Alu.tzcnt(f, 0, 16));
        assertFlags(CF, f);
        assertEquals(31, Alu.tzcnt(f, 0x8000_0000L, 32));
        assertFlags(0, f);
        assertEquals(0, Alu.tzcnt(f, 1, 64));
        assertFlags(ZF, f);
    }

    @Test
    void bswapReversesBytes() {
        assertEquals(0x7856_3412L, Alu.bswap(0x1234_5678L, 32));
        assertEquals(0xf0de_bc9a_7856_3412L, Alu.bswap(0x1234_5678_9abc_def0L, 64));
        assertEquals(0, Alu.bswap(0x1234, 16));
    }

    @Test
    void accumulatorSignExtensions() {
        assertEquals(0xff80, Alu.cbw(0x1280, 16));
        assertEquals(0x7fff, Alu.cbw(0x7fff, 32));
        assertEquals(0xffff_ffff_8000_0000L, Alu.cbw(0x8000_0000L, 64));
        assertEquals(0xffff, Alu.cwd(0x8000, 16));
        assertEquals(0, Alu.cwd(0x7fff_ffffL, 32));
        assertEquals(-1L, Alu.cwd(Long.MIN_VALUE, 64));
        assertEquals(0xffff_ff80L, Alu.signExtend(0x80, 8, 32));
        assertEquals(0x7f, Alu.signExtend(0x7f, 8, 64));
        assertEquals(0x80, Alu.zeroExtend(0xff80, 8));
        assertEquals(0xffff_fffeL, Alu.not(1, 32));
        assertEquals(0xfe, Alu.not(0xff01, 8));
    }

    @Test
    void parityLooksAtTheLowByteOnly() {
        assertTrue(Alu.parity(0));
        assertFalse(Alu.parity(1));
        assertTrue(Alu.parity(3));
        assertTrue(Alu.parity(0x100));
        assertFalse(Alu.parity(0x7f));
    }

    @Test
    void cmpxchgComparesTheAccumulatorWithTheDestination() {
        LazyFlags f = new LazyFlags();
        assertTrue(Alu.cmpxchg(f, 0x1234, 0xff_1234, 16));
        assertFlags(ZF | PF, f);
        assertFalse(Alu.cmpxchg(f, 1, 2, 8));
        assertFlags(CF | SF | AF | PF, f);
    }

    @Test
    void xaddAddsWithAddFlags() {
        LazyFlags f = new LazyFlags();
        assertEquals(0, Alu.xadd(f, 0xff, 1, 8));
        assertFlags(CF | ZF | AF | PF, f);
        assertEquals(0x8000_0000L, Alu.xadd(f, 0x7fff_ffff, 1, 32));
        assertFlags(OF | SF | AF | PF, f);
    }
}
