package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.FlagAssert.assertFlags;
import static org.jemu.cpu.x86.internal.alu.FlagAssert.with;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.AF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BcdTest {
    private static int bcd(int v) {
        return (v / 10) << 4 | (v % 10);
    }

    @Test
    void daaMatchesTheSdmExamples() {
        LazyFlags f = new LazyFlags();
        assertEquals(0xae, f.add(0x79, 0x35, 8));
        assertFlags(SF | 0x800 /* OF */, f);
        assertEquals(0x14, Bcd.daa(f, 0xae));
        assertFlags(CF | AF | PF, f); // SDM: X00111 (O S Z A P C)
        // The SDM's second DAA example (2EH -> 04H) contradicts its own pseudo-code; the pseudo-code gives 34H.
        LazyFlags g = with(SF | LazyFlags.OF);
        assertEquals(0x34, Bcd.daa(g, 0x2e));
        assertFlags(AF, g);
    }

    @Test
    void dasMatchesTheSdmExample() {
        LazyFlags f = new LazyFlags();
        assertEquals(0xee, f.sub(0x35, 0x47, 8));
        assertFlags(SF | AF | PF | CF, f); // SDM: 010111
        assertEquals(0x88, Bcd.das(f, 0xee));
        assertFlags(SF | AF | PF | CF, f); // SDM: X10111
    }

    @Test
    void daaAdjustsBothNibblesAndCarriesOutOfNinetyNine() {
        LazyFlags f = with(0);
        assertEquals(0x00, Bcd.daa(f, 0x9a));
        assertFlags(CF | AF | ZF | PF, f);
        LazyFlags g = with(CF);
        assertEquals(0x60, Bcd.daa(g, 0x00));
        assertFlags(CF | PF, g);
        LazyFlags h = with(AF);
        assertEquals(0x16, Bcd.daa(h, 0x10));
        assertFlags(AF, h);
    }

    @Test
    void dasAdjustsWithBorrow() {
        LazyFlags f = with(CF);
        assertEquals(0xa0, Bcd.das(f, 0x00));
        assertFlags(CF | SF | PF, f);
        LazyFlags g = with(0);
        assertEquals(0x09, Bcd.das(g, 0x0f));
        assertFlags(AF | PF, g);
    }

    @Test
    void addThenDaaIsDecimalAdditionForAllPackedOperands() {
        LazyFlags f = new LazyFlags();
        for (int a = 0; a < 100; a++) {
            for (int b = 0; b < 100; b++) {
                for (int c = 0; c < 2; c++) {
                    f.load(c);
                    int al = Bcd.daa(f, (int) f.adc(bcd(a), bcd(b), 8));
                    assertEquals(bcd((a + b + c) % 100), al, a + "+" + b + "+" + c);
                    assertEquals(a + b + c >= 100, f.cf(), a + "+" + b + "+" + c);
                }
            }
        }
    }

    @Test
    void subThenDasIsDecimalSubtractionForAllPackedOperands() {
        LazyFlags f = new LazyFlags();
        for (int a = 0; a < 100; a++) {
            for (int b = 0; b < 100; b++) {
                for (int c = 0; c < 2; c++) {
                    f.load(c);
                    int al = Bcd.das(f, (int) f.sbb(bcd(a), bcd(b), 8));
                    assertEquals(bcd(Math.floorMod(a - b - c, 100)), al, a + "-" + b + "-" + c);
                    assertEquals(a - b - c < 0, f.cf(), a + "-" + b + "-" + c);
                }
            }
        }
    }

    @Test
    void aaaAndAasAreUnpackedDecimalAdditionAndSubtraction() {
        LazyFlags f = new LazyFlags();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                int sum = Bcd.aaa(f, 0x0300 | (int) f.add(a, b, 8));
                assertEquals(a + b >= 10 ? 0x0400 | (a + b - 10) : 0x0300 | (a + b), sum, a + "+" + b);
                assertEquals(a + b >= 10, f.cf());
                assertEquals(a + b >= 10, f.af());
                int diff = Bcd.aas(f, 0x0300 | (int) f.sub(a, b, 8));
                assertEquals(a < b ? 0x0200 | (a + 10 - b) : 0x0300 | (a - b), diff, a + "-" + b);
                assertEquals(a < b, f.cf());
            }
        }
    }

    @Test
    void aaaAddsTo106InAx() {
        LazyFlags f = with(0);
        assertEquals(0x0101, Bcd.aaa(f, 0x000b));
        assertFlags(AF | CF, f);
        LazyFlags g = with(0);
        assertEquals(0x0205, Bcd.aaa(g, 0x00ff));
        assertFlags(AF | CF | PF, g);
        LazyFlags h = with(AF);
        assertEquals(0x010b, Bcd.aaa(h, 0x0005));
        assertFlags(AF | CF, h);
        LazyFlags k = with(CF | SF);
        assertEquals(0x0105, Bcd.aaa(k, 0x0105));
        assertFlags(PF, k);
    }

    @Test
    void aasBorrowsFromAh() {
        LazyFlags f = with(AF);
        assertEquals(0x000a, Bcd.aas(f, 0x0200));
        assertFlags(AF | CF | PF, f);
        LazyFlags g = with(0);
        assertEquals(0xff09, Bcd.aas(g, 0x000f));
        assertFlags(AF | CF | PF, g);
    }

    @Test
    void aamSplitsAlIntoDigits() throws DivideError {
        LazyFlags f = new LazyFlags();
        assertEquals(0x0603, Bcd.aam(f, 0x003f, 10));
        assertFlags(PF, f);
        assertEquals(0x030f, Bcd.aam(f, 0x123f, 16));
        assertFlags(PF, f);
        assertEquals(0x0000, Bcd.aam(f, 0xff00, 10));
        assertFlags(ZF | PF, f);
        assertEquals(0x0c08, Bcd.aam(f, 0x0080, 10));
        assertFlags(0, f);
    }

    @Test
    void aamWithZeroImmediateRaisesDivideError() {
        assertThrows(DivideError.class, () -> Bcd.aam(new LazyFlags(), 0x0012, 0));
    }

    @Test
    void aadCombinesDigitsIntoAl() {
        LazyFlags f = with(CF | AF | LazyFlags.OF);
        assertEquals(0x003f, Bcd.aad(f, 0x0603, 10));
        assertFlags(PF, f);
        assertEquals(0x0000, Bcd.aad(f, 0x0000, 10));
        assertFlags(ZF | PF, f);
        assertEquals(0x00ff, Bcd.aad(f, 0x0f0f, 16));
        assertFlags(SF | PF, f);
        assertEquals(0x0034, Bcd.aad(f, 0x1c18, 1));
        assertFlags(AF, f);
        assertEquals(0x0029, Bcd.aad(f, 0x0909, 0x20)); // 9 * 32 + 9 = 0x129, truncated to AL
        assertFlags(0, f);
    }

    @Test
    void aadSetsTheUndefinedFlagsAsItsByteAddition() {
        LazyFlags f = new LazyFlags();
        assertEquals(0x008a, Bcd.aad(f, 0xfcba, 0x4c)); // 0xba + (0xfc * 0x4c & 0xff = 0xd0) carries
        assertFlags(CF | SF, f);
    }
}
