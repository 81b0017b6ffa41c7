package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.SseUnit.NP;
import static org.jemu.cpu.x86.internal.exec.SseUnit.P66;
import static org.jemu.cpu.x86.internal.exec.SseUnit.PF2;
import static org.jemu.cpu.x86.internal.exec.SseUnit.PF3;

import java.util.Arrays;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.simd.PackedInt;

/**
 * The packed-integer and integer data-movement rows of the 0F map (60-7F, C4, C5, D1-FE): every MMX instruction
 * (no prefix, MMX registers), its SSE2 form (66 prefix, XMM registers) and the SSE/SSE2 additions (PSHUFW/PSHUFD/
 * PSHUFHW/PSHUFLW, PINSRW/PEXTRW, PMOVMSKB, PAVG, PSADBW, PMIN/PMAX, PMULHUW, PMULUDQ, PADDQ/PSUBQ, PSLLDQ/PSRLDQ,
 * MOVQ2DQ/MOVDQ2Q, MOVDQA/MOVDQU, the non-temporal and masked stores). {@link #execute} returns false for an
 * encoding that does not exist (#UD).
 */
final class SseIntegerOps {
    /** Element-wise binary operations by opcode: a {@link PackedInt} op, or -1. */
    private static final int[] BINARY = new int[256];

    static {
        Arrays.fill(BINARY, -1);
        int[][] t = {
            {0x64, PackedInt.PCMPGTB}, {0x65, PackedInt.PCMPGTW}, {0x66, PackedInt.PCMPGTD},
            {0x74, PackedInt.PCMPEQB}, {0x75, PackedInt.PCMPEQW}, {0x76, PackedInt.PCMPEQD},
            {0xD4, PackedInt.PADDQ}, {0xD5, PackedInt.PMULLW}, {0xD8, PackedInt.PSUBUSB}, {0xD9, PackedInt.PSUBUSW},
            {0xDA, PackedInt.PMINUB}, {0xDB, PackedInt.PAND}, {0xDC, PackedInt.PADDUSB}, {0xDD, PackedInt.PADDUSW},
            {0xDE, PackedInt.PMAXUB}, {0xDF, PackedInt.PANDN}, {0xE0, PackedInt.PAVGB}, {0xE3, PackedInt.PAVGW},
            {0xE4, PackedInt.PMULHUW}, {0xE5, PackedInt.PMULHW}, {0xE8, PackedInt.PSUBSB}, {0xE9, PackedInt.PSUBSW},
            {0xEA, PackedInt.PMINSW}, {0xEB, PackedInt.POR}, {0xEC, PackedInt.PADDSB}, {0xED, PackedInt.PADDSW},
            {0xEE, PackedInt.PMAXSW}, {0xEF, PackedInt.PXOR}, {0xF4, PackedInt.PMULUDQ}, {0xF5, PackedInt.PMADDWD},
            {0xF6, PackedInt.PSADBW}, {0xF8, PackedInt.PSUBB}, {0xF9, PackedInt.PSUBW}, {0xFA, PackedInt.PSUBD},
            {0xFB, PackedInt.PSUBQ}, {0xFC, PackedInt.PADDB}, {0xFD, PackedInt.PADDW}, {0xFE, PackedInt.PADDD},
        };
        for (int[] e : t) BINARY[e[0]] = e[1];
    }

    private final SseUnit u;
    private final long[] x;
    /** The result of the current instruction (MMX: r0 only). */
    private long r0, r1;

    SseIntegerOps(SseUnit unit) {
        this.u = unit;
        this.x = unit.xmm;
    }

    boolean execute(DecodedInsn i, int pfx) {
        int op = i.opcode;
        if (BINARY[op] >= 0) return binary(i, pfx, BINARY[op]);
        return switch (op) {
            case 0x60, 0x61, 0x62, 0x68, 0x69, 0x6A -> binary(i, pfx, -1);
            case 0x63, 0x67, 0x6B -> binary(i, pfx, -1);
            case 0x6C, 0x6D -> pfx == P66 && binary(i, pfx, -1);
            case 0x6E -> pfx <= P66 && movdIn(i, pfx);
            case 0x7E -> pfx == PF3 ? movqLoad(i) : pfx <= P66 && movdOut(i, pfx);
            case 0x6F -> pfx != PF2 && movLoad(i, pfx);
            case 0x7F -> pfx != PF2 && movStore(i, pfx);
            case 0x70 -> pshuf(i, pfx);
            case 0x71, 0x72, 0x73 -> pfx <= P66 && i.mod == 3 && shiftImmediate(i, pfx);
            case 0xD1, 0xD2, 0xD3, 0xE1, 0xE2, 0xF1, 0xF2, 0xF3 -> shiftByOperand(i, pfx);
            case 0xC4 -> pfx <= P66 && pinsrw(i, pfx);
            case 0xC5 -> pfx <= P66 && i.mod == 3 && pextrw(i, pfx);
            case 0xD6 -> moveD6(i, pfx);
            case 0xD7 -> pfx <= P66 && i.mod == 3 && pmovmskb(i, pfx);
            case 0xE7 -> pfx <= P66 && i.mod != 3 && movnt(i, pfx);
            case 0xF7 -> pfx <= P66 && i.mod == 3 && maskmov(i, pfx);
            default -> false; // D0 ADDSUBPD/PS, F0 LDDQU (SSE3), F2/F3 forms that do not exist
        };
    }

    private int mmReg(DecodedInsn i) {
        return (i.modrm >>> 3) & 7;
    }

    /**
     * The common shape: destination mm/xmm (ModRM.reg) op source mm/m64 or xmm/m128 (aligned); {@code kind} is a
     * {@link PackedInt} element-wise op, or -1 for the cross-element ones chosen by opcode (unpacks, packs).
     */
    private boolean binary(DecodedInsn i, int pfx, int kind) {
        if (pfx == NP) {
            u.checkMmx(false);
            long a = u.mm(mmReg(i));
            long b = u.loadMmOrMem64(i);
            u.setMm(mmReg(i), kind >= 0 ? PackedInt.apply(kind, a, b) : mmxCross(i.opcode, a, b));
            return true;
        }
        if (pfx != P66) return false;
        u.checkSse();
        u.loadSrc128(i, true);
        int d = 2 * i.reg;
        long a0 = x[d];
        long a1 = x[d + 1];
        if (kind >= 0) {
            r0 = PackedInt.apply(kind, a0, u.srcLo);
            r1 = PackedInt.apply(kind, a1, u.srcHi);
        } else {
            xmmCross(i.opcode, a0, a1, u.srcLo, u.srcHi);
        }
        x[d] = r0;
        x[d + 1] = r1;
        return true;
    }

    private static int unpackBits(int op) {
        return 8 << (op & 3); // 60/68: bytes, 61/69: words, 62/6A: doublewords
    }

    private static int packKind(int op) {
        return op == 0x63 ? PackedInt.PACKSSWB : op == 0x67 ? PackedInt.PACKUSWB : PackedInt.PACKSSDW;
    }

    private static long mmxCross(int op, long a, long b) {
        return switch (op) {
            case 0x60, 0x61, 0x62 -> PackedInt.interleave(a, b, unpackBits(op), false);
            case 0x68, 0x69, 0x6A -> PackedInt.interleave(a, b, unpackBits(op), true);
            default -> PackedInt.pack(a, b, packKind(op));
        };
    }

    private void xmmCross(int op, long a0, long a1, long b0, long b1) {
        switch (op) {
            case 0x60, 0x61, 0x62, 0x68, 0x69, 0x6A -> {
                long a = op < 0x68 ? a0 : a1;
                long b = op < 0x68 ? b0 : b1;
                r0 = PackedInt.interleave(a, b, unpackBits(op), false);
                r1 = PackedInt.interleave(a, b, unpackBits(op), true);
            }
            case 0x6C -> {
                r0 = a0;
                r1 = b0;
            }
            case 0x6D -> {
                r0 = a1;
                r1 = b1;
            }
            default -> {
                r0 = PackedInt.pack(a0, a1, packKind(op));
                r1 = PackedInt.pack(b0, b1, packKind(op));
            }
        }
    }

    // ---- shifts ------------------------------------------------------------------------------------------------

    private static int shiftKind(int op) {
        return switch (op & 0xF0) {
            case 0xD0 -> PackedInt.SRL;
            case 0xE0 -> PackedInt.SRA;
            default -> PackedInt.SLL;
        };
    }

    /** PSRLW/D/Q, PSRAW/D, PSLLW/D/Q by mm/m64 or xmm/m128 (the count is its low quadword). */
    private boolean shiftByOperand(DecodedInsn i, int pfx) {
        int bits = 8 << (i.opcode & 3);
        int kind = shiftKind(i.opcode);
        if (pfx == NP) {
            u.checkMmx(false);
            long count = u.loadMmOrMem64(i);
            u.setMm(mmReg(i), PackedInt.shift(u.mm(mmReg(i)), bits, kind, count));
            return true;
        }
        if (pfx != P66) return false;
        u.checkSse();
        u.loadSrc128(i, true);
        int d = 2 * i.reg;
        x[d] = PackedInt.shift(x[d], bits, kind, u.srcLo);
        x[d + 1] = PackedInt.shift(x[d + 1], bits, kind, u.srcLo);
        return true;
    }

    /** 0F 71/72/73 /2 /4 /6 ib (and 66 0F 73 /3 /7 ib: PSRLDQ, PSLLDQ) on the register in ModRM.rm. */
    private boolean shiftImmediate(DecodedInsn i, int pfx) {
        int sub = (i.modrm >>> 3) & 7;
        int bits = 16 << (i.opcode - 0x71);
        long count = i.imm & 0xFF;
        boolean bytes = i.opcode == 0x73 && (sub == 3 || sub == 7);
        int kind = sub == 2 ? PackedInt.SRL : sub == 4 ? PackedInt.SRA : PackedInt.SLL;
        boolean valid = bytes ? pfx == P66 : sub == 2 || sub == 6 || (sub == 4 && bits != 64);
        if (!valid) return false;
        if (pfx == NP) {
            u.checkMmx(false);
            int r = i.modrm & 7;
            u.setMm(r, PackedInt.shift(u.mm(r), bits, kind, count));
            return true;
        }
        u.checkSse();
        int d = 2 * i.rm;
        if (bytes) {
            shiftBytes(x[d], x[d + 1], (int) count, sub == 7);
            x[d] = r0;
            x[d + 1] = r1;
        } else {
            x[d] = PackedInt.shift(x[d], bits, kind, count);
            x[d + 1] = PackedInt.shift(x[d + 1], bits, kind, count);
        }
        return true;
    }

    /** The 128-bit value (hi:lo) shifted by {@code n} bytes left or right into {@link #r0}/{@link #r1}. */
    private void shiftBytes(long lo, long hi, int n, boolean left) {
        if (n > 15) {
            r0 = r1 = 0;
            return;
        }
        int s = 8 * n;
        if (s == 0) {
            r0 = lo;
            r1 = hi;
        } else if (left) {
            r1 = s >= 64 ? lo << (s - 64) : hi << s | lo >>> (64 - s);
            r0 = s >= 64 ? 0 : lo << s;
        } else {
            r0 = s >= 64 ? hi >>> (s - 64) : lo >>> s | hi << (64 - s);
            r1 = s >= 64 ? 0 : hi >>> s;
        }
    }

    // ---- shuffles, word insert/extract, masks ------------------------------------------------------------------

    private boolean pshuf(DecodedInsn i, int pfx) {
        int imm = (int) i.imm & 0xFF;
        if (pfx == NP) {
            u.checkMmx(false);
            u.setMm(mmReg(i), PackedInt.shuffleWords(u.loadMmOrMem64(i), imm));
            return true;
        }
        u.checkSse();
        u.loadSrc128(i, true);
        long lo = u.srcLo;
        long hi = u.srcHi;
        int d = 2 * i.reg;
        switch (pfx) {
            case P66 -> {
                x[d] = dword(lo, hi, imm) | dword(lo, hi, imm >>> 2) << 32;
                x[d + 1] = dword(lo, hi, imm >>> 4) | dword(lo, hi, imm >>> 6) << 32;
            }
            case PF3 -> {
                x[d] = lo;
                x[d + 1] = PackedInt.shuffleWords(hi, imm);
            }
            default -> {
                x[d] = PackedInt.shuffleWords(lo, imm);
                x[d + 1] = hi;
            }
        }
        return true;
    }

    private static long dword(long lo, long hi, int sel) {
        sel &= 3;
        return ((sel < 2 ? lo : hi) >>> (32 * (sel & 1))) & 0xFFFF_FFFFL;
    }

    private boolean pinsrw(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
        } else {
            u.checkSse();
        }
        long w = (i.mod == 3 ? u.cpu.reg(i.rm, 4) : u.loadMem(2)) & 0xFFFF;
        if (pfx == NP) {
            int s = 16 * ((int) i.imm & 3);
            int r = mmReg(i);
            u.setMm(r, (u.mm(r) & ~(0xFFFFL << s)) | w << s);
        } else {
            int sel = (int) i.imm & 7;
            int q = 2 * i.reg + (sel >>> 2);
            int s = 16 * (sel & 3);
            x[q] = (x[q] & ~(0xFFFFL << s)) | w << s;
        }
        return true;
    }

    private boolean pextrw(DecodedInsn i, int pfx) {
        long w;
        if (pfx == NP) {
            u.checkMmx(false);
            w = u.mm(i.modrm & 7) >>> (16 * ((int) i.imm & 3));
            u.mmxTransition();
        } else {
            u.checkSse();
            int sel = (int) i.imm & 7;
            w = x[2 * i.rm + (sel >>> 2)] >>> (16 * (sel & 3));
        }
        u.cpu.setReg(i.reg, 4, w & 0xFFFF);
        return true;
    }

    private boolean pmovmskb(DecodedInsn i, int pfx) {
        int m;
        if (pfx == NP) {
            u.checkMmx(false);
            m = PackedInt.byteSigns(u.mm(i.modrm & 7));
            u.mmxTransition();
        } else {
            u.checkSse();
            m = PackedInt.byteSigns(x[2 * i.rm]) | PackedInt.byteSigns(x[2 * i.rm + 1]) << 8;
        }
        u.cpu.setReg(i.reg, 4, m);
        return true;
    }

    // ---- moves -------------------------------------------------------------------------------------------------

    /** 0F 6E: MOVD/MOVQ mm, r/m32/64; 66: MOVD/MOVQ xmm, r/m32/64 (upper bits zero). */
    private boolean movdIn(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
            u.setMm(mmReg(i), u.loadGprOrMem(i));
        } else {
            u.checkSse();
            u.setZeroExtended(i.reg, u.loadGprOrMem(i));
        }
        return true;
    }

    /** 0F 7E: MOVD/MOVQ r/m32/64, mm; 66: from xmm. */
    private boolean movdOut(DecodedInsn i, int pfx) {
        long v;
        if (pfx == NP) {
            u.checkMmx(false);
            v = u.mm(mmReg(i));
        } else {
            u.checkSse();
            v = x[2 * i.reg];
        }
        int size = SseUnit.gprSize(i);
        if (i.mod == 3) {
            u.cpu.setReg(i.rm, size, v);
        } else {
            u.storeMem(size, v);
        }
        if (pfx == NP) u.mmxTransition();
        return true;
    }

    /** F3 0F 7E: MOVQ xmm, xmm/m64 (upper quadword zero). */
    private boolean movqLoad(DecodedInsn i) {
        u.checkSse();
        u.setZeroExtended(i.reg, u.loadSrc64(i));
        return true;
    }

    /** 0F 6F: MOVQ mm, mm/m64; 66: MOVDQA; F3: MOVDQU. */
    private boolean movLoad(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
            u.setMm(mmReg(i), u.loadMmOrMem64(i));
            return true;
        }
        u.checkSse();
        u.loadReg128(i, pfx == P66);
        return true;
    }

    /** 0F 7F: MOVQ mm/m64, mm; 66: MOVDQA; F3: MOVDQU (stores). */
    private boolean movStore(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
            long v = u.mm(mmReg(i));
            if (i.mod == 3) {
                u.setMm(i.modrm & 7, v);
            } else {
                u.storeMem(8, v);
                u.mmxTransition();
            }
            return true;
        }
        u.checkSse();
        u.storeReg128(i, pfx == P66);
        return true;
    }

    /** 0F D6: 66 MOVQ xmm/m64, xmm; F3 MOVQ2DQ xmm, mm; F2 MOVDQ2Q mm, xmm. */
    private boolean moveD6(DecodedInsn i, int pfx) {
        switch (pfx) {
            case P66 -> {
                u.checkSse();
                long v = x[2 * i.reg];
                if (i.mod == 3) {
                    u.setZeroExtended(i.rm, v);
                } else {
                    u.storeMem(8, v);
                }
                return true;
            }
            case PF3 -> {
                if (i.mod != 3) return false;
                u.checkMmx(true);
                u.setZeroExtended(i.reg, u.mm(i.modrm & 7));
                u.mmxTransition();
                return true;
            }
            case PF2 -> {
                if (i.mod != 3) return false;
                u.checkMmx(true);
                u.setMm(mmReg(i), x[2 * i.rm]);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** 0F E7: MOVNTQ m64, mm; 66: MOVNTDQ m128, xmm (aligned). */
    private boolean movnt(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
            u.storeMem(8, u.mm(mmReg(i)));
            u.mmxTransition();
        } else {
            u.checkSse();
            u.store128(i, x[2 * i.reg], x[2 * i.reg + 1], true);
        }
        return true;
    }

    /** 0F F7: MASKMOVQ mm, mm; 66: MASKMOVDQU xmm, xmm (to DS:rDI). */
    private boolean maskmov(DecodedInsn i, int pfx) {
        if (pfx == NP) {
            u.checkMmx(false);
            u.maskedStore(i, u.mm(mmReg(i)), 0, u.mm(i.modrm & 7), 0, 8);
            u.mmxTransition();
        } else {
            u.checkSse();
            u.maskedStore(i, x[2 * i.reg], x[2 * i.reg + 1], x[2 * i.rm], x[2 * i.rm + 1], 16);
        }
        return true;
    }
}
