package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.FlagAssert.assertFlags;
import static org.jemu.cpu.x86.internal.alu.FlagAssert.with;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RotateAndDoubleShiftTest {
    @Test
    void rolSetsCarryFromTheLowBitAndKeepsOtherFlags() {
        LazyFlags f = with(ZF);
        assertEquals(0x03, Alu.rol(f, 0x81, 1, 8));
        assertFlags(ZF | CF | OF, f);
        assertEquals(0x81, Alu.rol(with(0), 0x81, 8, 8)); // full rotation still sets flags
        LazyFlags g = with(0);
        Alu.rol(g, 0x81, 8, 8);
        assertFlags(CF | OF, g);
        LazyFlags h = with(0);
        assertEquals(1, Alu.rol(h, 0x8000, 17, 16));
        assertFlags(CF | OF, h);
        LazyFlags k = with(CF);
        assertEquals(Long.MIN_VALUE, Alu.rol(k, 1, 63, 64));
        assertFlags(0, k);
    }

    @Test
    void rotateByMaskedZeroCountChangesNothing() {
        LazyFlags f = with(CF | OF | SF);
        assertEquals(0x1234_5678L, Alu.rol(f, 0x1234_5678L, 32, 32));
        assertEquals(0x12, Alu.ror(f, 0x12, 0, 8));
        assertEquals(5, Alu.rcl(f, 5, 64, 64));
        assertEquals(5, Alu.rcl(f, 5, 9, 8)); // 9 mod 9 = 0
        assertEquals(5, Alu.rcr(f, 5, 17, 16)); // 17 mod 17 = 0
        assertFlags(CF | OF | SF, f);
    }

    @Test
    void rorSetsCarryFromTheHighBit() {
        LazyFlags f = with(0);
        assertEquals(0x80, Alu.ror(f, 0x01, 1, 8));
        assertFlags(CF | OF, f);
        LazyFlags g = with(0);
        assertEquals(0x1800_0000L, Alu.ror(g, 0x8000_0001L, 4, 32));
        assertFlags(0, g);
    }

    @Test
    void rclRotatesThroughCarry() {
        LazyFlags f = with(0);
        assertEquals(0, Alu.rcl(f, 0x80, 1, 8));
        assertFlags(CF | OF, f);
        LazyFlags g = with(CF);
        assertEquals(1, Alu.rcl(g, 0, 1, 8));
        assertFlags(0, g);
        LazyFlags h = with(0);
        assertEquals(0, Alu.rcl(h, 0x01, 8, 8)); // bit 0 ends in CF after 8 steps of a 9-bit rotate
        assertFlags(CF, h);
        LazyFlags k = with(CF);
        assertEquals(1, Alu.rcl(k, Long.MIN_VALUE, 1, 64));
        assertFlags(CF | OF, k);
        LazyFlags m = with(0);
        assertEquals(5, Alu.rcl(m, 0x8000_0000_0000_0001L, 2, 64));
        assertFlags(OF, m);
    }

    @Test
    void rcrRotatesThroughCarry() {
        LazyFlags f = with(CF);
        assertEquals(0x80, Alu.rcr(f, 0x01, 1, 8));
        assertFlags(CF | OF, f);
        LazyFlags g = with(ZF);
        assertEquals(0, Alu.rcr(g, 1, 1, 64));
        assertFlags(ZF | CF, g);
        LazyFlags h = with(CF);
        assertEquals(0x4000_0000_0000_0000L, Alu.rcr(h, 2, 2, 64));
        assertFlags(CF | OF, h);
        LazyFlags k = with(CF);
        assertEquals(0x8000, Alu.rcr(k, 0, 1, 16));
        assertFlags(OF, k);
    }

    @Test
    void shldFillsFromTheSourceTop() {
        LazyFlags f = with(0);
        assertEquals(0x3456_789aL, Alu.shld(f, 0x1234_5678L, 0x9abc_def0L, 8, 32));
        assertFlags(PF, f);
        assertEquals(0x2345, Alu.shld(f, 0x1234, 0x5678, 4, 16));
        assertFlags(CF, f);
        assertEquals(0x6781, Alu.shld(f, 0x1234, 0x5678, 20, 16)); // undefined count: dst:src:dst, as Intel
        assertFlags(CF | PF, f);
        assertEquals(0x1234_5678_9abc_def0L, Alu.shld(f, 0x1234_5678_9abc_def0L, -1, 64, 64));
    }

    @Test
    void shrdFillsFromTheSourceBottom() {
        LazyFlags f = with(0);
        assertEquals(0xf012_3456L, Alu.shrd(f, 0x1234_5678L, 0x9abc_def0L, 8, 32));
        assertFlags(SF | PF, f);
        assertEquals(Long.MIN_VALUE | 0x4000_0000_0000_0000L, Alu.shrd(f, 1, 3, 2, 64));
        assertFlags(SF | OF | PF, f);
    }
}
