package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecoderTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact block form stores and restores every field of a decoded instruction. */
class DecodedBlockTest {

    static void assertSameInsn(DecodedInsn a, DecodedInsn b) {
        String ctx = a + " vs " + b;
        assertEquals(a.op, b.op, ctx);
        assertEquals(a.mode, b.mode, ctx);
        assertEquals(a.length, b.length, ctx);
        assertEquals(a.opSize, b.opSize, ctx);
        assertEquals(a.addrSize, b.addrSize, ctx);
        assertEquals(a.prefixes, b.prefixes, ctx);
        assertEquals(a.seg, b.seg, ctx);
        assertEquals(a.rep, b.rep, ctx);
        assertEquals(a.rex, b.rex, ctx);
        assertEquals(a.map, b.map, ctx);
        assertEquals(a.opcode, b.opcode, ctx);
        assertEquals(a.modrm, b.modrm, ctx);
        if (a.modrm >= 0) {
            assertEquals(a.mod, b.mod, ctx);
            assertEquals(a.reg, b.reg, ctx);
            assertEquals(a.rm, b.rm, ctx);
        }
        assertEquals(a.flags, b.flags, ctx);
        assertEquals(a.cc, b.cc, ctx);
        assertEquals(a.immSize, b.immSize, ctx);
        assertEquals(a.imm, b.imm, ctx);
        assertEquals(a.nOperands, b.nOperands, ctx);
        assertArrayEquals(a.kind, b.kind, ctx);
        assertArrayEquals(a.size, b.size, ctx);
        assertArrayEquals(a.regno, b.regno, ctx);
        if (a.hasMem()) {
            assertEquals(a.base, b.base, ctx);
            assertEquals(a.index, b.index, ctx);
            assertEquals(a.scale, b.scale, ctx);
            assertEquals(a.disp, b.disp, ctx);
        } else {
            assertEquals(a.imm2, b.imm2, ctx);
        }
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void blockDecodingStopsAtTheFirstBlockEndingInstruction() {
        byte[] code = hex("b8 01 00 00 00 01 d8 48 8b 44 24 08 eb fe 90");
        DecodedInsn tmp = new DecodedInsn();
        DecodedBlock b = DecodedBlock.decode(ByteSource.of(code, 0x400000), 0x400000, 64, 64, 4096, tmp);
        assertEquals(4, b.size());
        assertEquals(14, b.byteLength());
        assertEquals(0x400000, b.start());
        DecodedInsn out = new DecodedInsn();
        assertEquals("mov eax,0x1", b.get(0, out).toString());
        assertEquals("add eax,ebx", b.get(1, out).toString());
        assertEquals("mov rax,QWORD PTR [rsp+0x8]", b.get(2, out).toString());
        assertEquals(Op.JMP, b.get(3, out).op);
        assertEquals(-2, out.imm);
    }

    @Test
    void packAndUnpackRestoreEveryField() {
        Random rnd = new Random(7);
        DecodedInsn a = new DecodedInsn(), b = new DecodedInsn();
        long[] w = new long[DecodedInsn.WORDS];
        byte[] bytes = new byte[15];
        int[] modes = {16, 32, 64};
        for (int i = 0; i < 100_000; i++) {
            rnd.nextBytes(bytes);
            Decoder.decode(ByteSource.of(bytes, 0), 0, modes[i % 3], a);
            a.pack(w, 0);
            b.unpack(w, 0);
            assertSameInsn(a, b);
        }
    }

    @Test
    void blocksGrowPastTheirInitialCapacity() {
        byte[] nops = new byte[100];
        java.util.Arrays.fill(nops, (byte) 0x90);
        DecodedBlock b = DecodedBlock.decode(ByteSource.of(nops, 0), 0, 32, 1000, 100, new DecodedInsn());
        assertEquals(100, b.size());
        assertEquals(Op.NOP, b.get(99, new DecodedInsn()).op);
    }
}
