package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.*;
import static org.jemu.cpu.x86.internal.decode.DecoderTestSupport.decode;
import static org.jemu.cpu.x86.internal.decode.DecoderTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Prefix rules, the 15-byte limit, fetch faults and ModRM/SIB corner cases. */
class DecoderPrefixAndAddressingTest {

    @Test
    void rexWWinsOverOperandSizePrefix() {
        assertEquals(8, decode(64, "66 48 01 d8").opSize);
        assertEquals(8, decode(64, "66 48 b8 01 00 00 00 00 00 00 00").opSize);
        assertEquals(11, decode(64, "66 48 b8 01 00 00 00 00 00 00 00").length);
    }

    @Test
    void addressSizePrefixIn64BitModeSelects32BitAddressing() {
        DecodedInsn d = decode(64, "67 8b 00");
        assertEquals(4, d.addrSize);
        assertEquals(0, d.base);
        assertEquals("mov eax,DWORD PTR [eax]", d.toString());
    }

    @Test
    void rexFollowedByALegacyPrefixIsIgnored() {
        DecodedInsn d = decode(64, "48 66 01 d8");
        assertEquals(Op.ADD, d.op);
        assertEquals(2, d.opSize);
        assertEquals(0, d.rex);
        assertEquals(4, d.length);
        assertEquals("add ax,bx", d.toString());
    }

    @Test
    void onlyTheLastOfSeveralRexPrefixesCounts() {
        DecodedInsn d = decode(64, "41 48 50");
        assertEquals("push rax", d.toString());
        assertEquals(0x48, d.rex);
    }

    @Test
    void lastSegmentOverrideWins() {
        assertEquals(DS, decode(64, "2e 3e 8b 00").seg);
        assertEquals(GS, decode(32, "64 65 8b 00").seg);
        assertEquals(ES, decode(16, "36 26 8b 00").seg);
    }

    @Test
    void defaultSegmentIsStackForBpAndSpBases() {
        assertEquals(SS, decode(16, "8b 46 00").segment());
        assertEquals(DS, decode(16, "8b 07").segment());
        assertEquals(SS, decode(32, "8b 04 24").segment());
        assertEquals(DS, decode(64, "41 8b 45 00").segment()); // r13 is not rbp
        assertEquals(FS, decode(32, "64 8b 45 00").segment());
    }

    @Test
    void repeatedPrefixesAreAccepted() {
        DecodedInsn d = decode(32, "66 66 66 01 d8");
        assertEquals(2, d.opSize);
        assertEquals(5, d.length);
    }

    @Test
    void lastOfRepAndRepneWins() {
        assertEquals(REP_E, decode(32, "f2 f3 a4").rep);
        assertEquals(REP_NE, decode(32, "f3 f2 a4").rep);
        assertEquals(Op.BSF, decode(64, "f3 f2 0f bc c1").op);
        assertEquals(Op.TZCNT, decode(64, "f2 f3 0f bc c1").op);
        assertEquals(2, decode(64, "66 f3 0f b8 c1").opSize); // popcnt ax,cx
    }

    @Test
    void fifteenBytesIsTheLongestInstruction() {
        DecodedInsn ok = decode(32, "66 66 66 66 66 66 66 66 66 66 66 66 66 01 d8");
        assertEquals(Op.ADD, ok.op);
        assertEquals(15, ok.length);
        DecodedInsn ok64 = decode(64, "26 66 67 f0 48 81 84 80 78 56 34 12 78 56 34");
        assertEquals(Op.TOO_LONG, ok64.op, "the imm32 would be bytes 13-16");
    }

    @Test
    void longerThanFifteenBytesIsTooLongWithoutFetchingByteSixteen() {
        byte[] b = hex("66 66 66 66 66 66 66 66 66 66 66 66 66 66 01 d8");
        int[] maxFetched = {-1};
        ByteSource src = a -> {
            maxFetched[0] = Math.max(maxFetched[0], (int) a);
            return b[(int) a] & 0xFF;
        };
        DecodedInsn d = Decoder.decode(src, 0, 32, new DecodedInsn());
        assertEquals(Op.TOO_LONG, d.op);
        assertEquals(15, d.length);
        assertTrue(d.endsBlock());
        assertEquals(14, maxFetched[0]);
    }

    @Test
    void fetchFaultPropagatesWithTheFaultingAddress() {
        byte[] b = hex("8b 84 24"); // needs 4 more displacement bytes
        FetchFault f = assertThrows(FetchFault.class,
                () -> Decoder.decode(ByteSource.of(b, 0x7000), 0x7000, 32, new DecodedInsn()));
        assertEquals(0x7003, f.address());
    }

    @Test
    void sibIndex100WithoutRexXMeansNoIndex() {
        DecodedInsn d = decode(64, "8b 04 24");
        assertEquals(NO_REG, d.index);
        assertEquals(4, d.base);
        assertEquals(12, decode(64, "42 8b 04 24").index);
    }

    @Test
    void sibBase101WithMod00MeansDisp32WithoutBaseEvenWithRexB() {
        DecodedInsn d = decode(64, "41 8b 04 25 00 10 00 00");
        assertEquals(NO_REG, d.base);
        assertEquals(0x1000, d.disp);
        assertEquals(8, d.length);
        DecodedInsn e = decode(64, "41 8b 44 25 08");
        assertEquals(13, e.base); // mod=01: r13 + disp8
        assertEquals(8, e.disp);
    }

    @Test
    void rm101WithMod00IsRipRelativeOnlyIn64BitMode() {
        DecodedInsn d = decode(64, "41 8b 05 f0 ff ff ff");
        assertEquals(RIP, d.base);
        assertTrue(d.ripRelative());
        assertEquals(-16, d.disp);
        DecodedInsn p = decode(32, "8b 05 f0 ff ff ff");
        assertEquals(NO_REG, p.base);
        assertFalse(p.ripRelative());
        assertEquals(-16, p.disp);
    }

    @Test
    void sixteenBitAddressingForms() {
        String[] expect = {"[bx+si]", "[bx+di]", "[bp+si]", "[bp+di]", "[si]", "[di]", "[0x1234]", "[bx]"};
        for (int rm = 0; rm < 8; rm++) {
            String bytes = String.format("8b %02x", rm) + (rm == 6 ? " 34 12" : "");
            DecodedInsn d = decode(16, bytes);
            assertEquals("mov ax,WORD PTR " + expect[rm], d.toString());
            assertEquals(rm == 6 ? 4 : 2, d.length);
        }
        assertEquals("mov ax,WORD PTR [bp+si-0x80]", decode(16, "8b 42 80").toString());
        assertEquals("mov ax,WORD PTR [bx+di+0x1234]", decode(16, "8b 81 34 12").toString());
    }

    @Test
    void moffsWidthFollowsAddressSize() {
        assertEquals(9, decode(64, "a1 00 00 00 00 00 00 00 80").length);
        assertEquals(0x8000000000000000L, decode(64, "a1 00 00 00 00 00 00 00 80").disp);
        assertEquals(0xFFFFFFF0L, decode(64, "67 a1 f0 ff ff ff").disp);
        assertEquals(5, decode(32, "a1 00 10 00 00").length);
        assertEquals(3, decode(16, "a1 00 10").length);
        assertEquals(6, decode(16, "67 a0 00 10 00 00").length);
    }

    @Test
    void immediatesAreSignExtendedFromTheirWidth() {
        DecodedInsn d = decode(64, "48 83 c0 80");
        assertEquals(-128, d.imm);
        assertEquals(1, d.immSize);
        DecodedInsn e = decode(64, "48 81 c0 00 00 00 80");
        assertEquals(0xFFFFFFFF80000000L, e.imm);
        DecodedInsn f = decode(16, "ea 34 12 00 f0");
        assertEquals(0x1234, f.imm);
        assertEquals(0xF000, f.imm2);
    }

    @Test
    void byteRegistersUseHighHalvesOnlyWithoutRex() {
        assertEquals(0, decode(64, "88 e0").regno[0]); // mov al,ah: rm=0 al, reg=4 ah
        assertEquals(HIGH8 | 0, decode(64, "88 e0").regno[1]);
        assertEquals(4, decode(64, "40 88 e0").regno[1]); // spl
        assertEquals("mov al,spl", decode(64, "40 88 e0").toString());
    }

    @Test
    void conditionCodesComeFromTheOpcode() {
        for (int cc = 0; cc < 16; cc++) {
            assertEquals(cc, decode(32, String.format("%02x 00", 0x70 + cc)).cc);
            assertEquals(cc, decode(32, String.format("0f %02x c0", 0x90 + cc)).cc);
            assertEquals(cc, decode(32, String.format("0f %02x c1", 0x40 + cc)).cc);
        }
    }

    @Test
    void branchesAndStateChangesEndABlock() {
        assertTrue(decode(64, "eb 00").branch());
        assertTrue(decode(64, "ff e0").endsBlock());
        assertTrue(decode(32, "8e d0").endsBlock()); // mov ss
        assertTrue(decode(32, "17").endsBlock()); // pop ss
        assertTrue(decode(64, "0f 22 d8").endsBlock()); // mov cr3
        assertTrue(decode(64, "ee").endsBlock()); // out
        assertFalse(decode(64, "01 d8").endsBlock());
        assertFalse(decode(64, "8c d8").endsBlock()); // mov eax,ds
    }
}
