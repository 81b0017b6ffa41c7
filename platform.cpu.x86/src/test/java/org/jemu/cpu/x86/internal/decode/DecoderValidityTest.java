package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecoderTestSupport.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid encodings decode to UD, escapes decode to their length, and no byte sequence makes the decoder throw. */
class DecoderValidityTest {

    @ParameterizedTest(name = "[{0}] {1} is invalid")
    @CsvSource(delimiter = '|', textBlock = """
            64 | 06
            64 | 07
            64 | 0e
            64 | 16
            64 | 17
            64 | 1e
            64 | 1f
            64 | 27
            64 | 2f
            64 | 37
            64 | 3f
            64 | 60
            64 | 61
            64 | 62 00
            64 | 82 c0 01
            64 | 9a 00 00 00 00 00 00
            64 | c4 00
            64 | c5 00
            64 | ce
            64 | d4 0a
            64 | d5 0a
            64 | d6
            64 | ea 00 00 00 00 00 00
            32 | 0f 01 f8
            32 | c4 c0
            32 | c5 c0
            32 | 62 c0
            32 | f0 01 d8
            32 | f0 8b 00
            32 | f0 39 00
            32 | 8d c0
            32 | 8e c8
            32 | 8c f0
            32 | 8e f8
            32 | 0f 20 c8
            32 | 0f 22 e8
            64 | 44 0f 23 c0
            32 | fe d0
            32 | ff f8
            32 | ff d8
            32 | 8f c8
            32 | c6 c8 00
            32 | c7 f8 00 00 00 00
            32 | 0f ff
            32 | 0f 0f
            32 | 0f 24
            32 | 0f a6
            32 | 0f b8 c0
            32 | 0f b9 c0
            32 | 0f ba c0 01
            32 | 0f c7 c8
            32 | 0f c7 f0
            32 | 0f 00 f0
            32 | 0f 01 28
            32 | 0f 01 c1
            32 | 0f ae c0
            16 | 0f 01 d0
            32 | 0f 78 c0
            """)
    void invalidEncodingsDecodeToUd(int mode, String bytes) {
        DecodedInsn d = decode(mode, bytes);
        assertEquals(Op.UD, d.op, bytes + " -> " + d);
        assertTrue(d.endsBlock());
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2} of {3} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            64 | d9 c0                      | X87    | 2
            64 | dd 84 24 00 01 00 00       | X87    | 7
            32 | db 2d 00 10 00 00          | X87    | 6
            16 | d9 06 00 10                | X87    | 4
            64 | 0f 38 00 c1                | UNIMPL | 4
            64 | 66 0f 3a 0f c1 08          | UNIMPL | 6
            32 | 0f 01 c8                   | UNIMPL | 3
            """)
    void unimplementedEscapesDecodeToTheirLength(int mode, String bytes, Op op, int length) {
        DecodedInsn d = decode(mode, bytes);
        assertEquals(op, d.op, bytes + " -> " + d);
        assertEquals(length, d.length, bytes + " -> " + d);
        assertFalse(d.op.implemented());
        assertTrue(d.endsBlock());
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            64 | 0f 10 00                   | 3
            64 | 66 0f 6f 44 24 10          | 6
            64 | f3 0f 7e 05 00 00 00 00    | 8
            64 | 0f 70 c1 08                | 4
            64 | 0f 77                      | 2
            64 | 0f ae 00                   | 3
            64 | 0f c2 c1 00                | 4
            64 | 0f c6 44 24 08 1b          | 6
            32 | 66 0f 73 d8 04             | 5
            16 | 0f 58 06 00 10             | 5
            """)
    void sseEncodingsDecodeToTheirLengthWithoutEndingTheBlock(int mode, String bytes, int length) {
        DecodedInsn d = decode(mode, bytes);
        assertEquals(Op.SSE, d.op, bytes + " -> " + d);
        assertEquals(length, d.length, bytes + " -> " + d);
        assertTrue(d.op.implemented());
        assertFalse(d.endsBlock());
    }

    @Test
    void opcodes40To4FAreIncDecOutside64BitModeAndRexInside() {
        assertEquals(Op.INC, decode(32, "40").op);
        assertEquals(Op.DEC, decode(16, "4b").op);
        DecodedInsn d = decode(64, "40 90");
        assertEquals(Op.NOP, d.op);
        assertEquals(2, d.length);
    }

    @Test
    void opcode63IsArplOutside64BitModeAndMovsxdInside() {
        assertEquals(Op.ARPL, decode(32, "63 c8").op);
        assertEquals(Op.MOVSXD, decode(64, "63 c8").op);
    }

    @Test
    void lockIsAcceptedOnLockableMemoryDestinations() {
        assertEquals(Op.ADD, decode(64, "f0 01 18").op);
        assertEquals(Op.XCHG, decode(64, "f0 87 18").op);
        assertEquals(Op.BTS, decode(64, "f0 0f ab 18").op);
        assertEquals(Op.INC, decode(64, "f0 ff 00").op);
        assertEquals(Op.CMPXCHG16B, decode(64, "f0 48 0f c7 0e").op);
        assertEquals(Op.UD, decode(64, "f0 0f a3 18").op); // bt is not lockable
    }

    @Test
    void noByteSequenceMakesTheDecoderThrow() {
        Random rnd = new Random(42);
        DecodedInsn d = new DecodedInsn();
        byte[] b = new byte[15];
        int[] modes = {16, 32, 64};
        for (int i = 0; i < 300_000; i++) {
            rnd.nextBytes(b);
            if ((i & 3) == 0) b[0] = 0x0F;
            int mode = modes[i % 3];
            Decoder.decode(ByteSource.of(b, 0), 0, mode, d);
            assertTrue(d.length >= 1 && d.length <= 15, d::toString);
            d.toString();
        }
    }
}
