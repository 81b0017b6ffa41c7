package org.jemu.cpu.x86.internal.decode;

import java.util.HexFormat;

/** Helpers of the decoder tests. */
final class DecoderTestSupport {
    private DecoderTestSupport() {}

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static DecodedInsn decode(int mode, String bytes) {
        byte[] b = hex(bytes);
        return Decoder.decode(ByteSource.of(b, 0x1000), 0x1000, mode, new DecodedInsn());
    }
}
