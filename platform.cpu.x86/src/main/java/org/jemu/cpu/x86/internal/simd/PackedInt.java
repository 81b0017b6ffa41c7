package org.jemu.cpu.x86.internal.simd;

/**
 * The MMX/SSE2 packed-integer operations on one 64-bit quantity (an MMX register, or one half of an XMM register):
 * elements of 8, 16, 32 or 64 bits, little-endian within the quantity. Operations whose XMM form works on each
 * half independently are applied twice by the caller; the cross-half ones (unpacks, packs of a whole register,
 * PSHUFD, byte shifts) are composed from the helpers here.
 */
public final class PackedInt {
    private PackedInt() {}

    /** Operation codes of {@link #apply}: the element-wise binary operations. */
    public static final int PADDB = 0, PADDW = 1, PADDD = 2, PADDQ = 3, PSUBB = 4, PSUBW = 5, PSUBD = 6, PSUBQ = 7,
            PADDSB = 8, PADDSW = 9, PADDUSB = 10, PADDUSW = 11, PSUBSB = 12, PSUBSW = 13, PSUBUSB = 14, PSUBUSW = 15,
            PMULLW = 16, PMULHW = 17, PMULHUW = 18, PMULUDQ = 19, PMADDWD = 20, PAVGB = 21, PAVGW = 22, PSADBW = 23,
            PMINUB = 24, PMAXUB = 25, PMINSW = 26, PMAXSW = 27, PCMPEQB = 28, PCMPEQW = 29, PCMPEQD = 30,
            PCMPGTB = 31, PCMPGTW = 32, PCMPGTD = 33, PAND = 34, PANDN = 35, POR = 36, PXOR = 37;

    /** {@code a op b} element-wise (a is the destination operand). */
    public static long apply(int op, long a, long b) {
        return switch (op) {
            case PADDB -> lanes(a, b, 8, 0);
            case PADDW -> lanes(a, b, 16, 0);
            case PADDD -> lanes(a, b, 32, 0);
            case PADDQ -> a + b;
            case PSUBB -> lanes(a, b, 8, 1);
            case PSUBW -> lanes(a, b, 16, 1);
            case PSUBD -> lanes(a, b, 32, 1);
            case PSUBQ -> a - b;
            case PADDSB -> lanes(a, b, 8, 2);
            case PADDSW -> lanes(a, b, 16, 2);
            case PADDUSB -> lanes(a, b, 8, 3);
            case PADDUSW -> lanes(a, b, 16, 3);
            case PSUBSB -> lanes(a, b, 8, 4);
            case PSUBSW -> lanes(a, b, 16, 4);
            case PSUBUSB -> lanes(a, b, 8, 5);
            case PSUBUSW -> lanes(a, b, 16, 5);
            case PMULLW -> lanes(a, b, 16, 6);
            case PMULHW -> lanes(a, b, 16, 7);
            case PMULHUW -> lanes(a, b, 16, 8);
            case PMULUDQ -> (a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL);
            case PMADDWD -> pmaddwd(a, b);
            case PAVGB -> lanes(a, b, 8, 9);
            case PAVGW -> lanes(a, b, 16, 9);
            case PSADBW -> psadbw(a, b);
            case PMINUB -> lanes(a, b, 8, 10);
            case PMAXUB -> lanes(a, b, 8, 11);
            case PMINSW -> lanes(a, b, 16, 12);
            case PMAXSW -> lanes(a, b, 16, 13);
            case PCMPEQB -> lanes(a, b, 8, 14);
            case PCMPEQW -> lanes(a, b, 16, 14);
            case PCMPEQD -> lanes(a, b, 32, 14);
            case PCMPGTB -> lanes(a, b, 8, 15);
            case PCMPGTW -> lanes(a, b, 16, 15);
            case PCMPGTD -> lanes(a, b, 32, 15);
            case PAND -> a & b;
            case PANDN -> ~a & b;
            case POR -> a | b;
            case PXOR -> a ^ b;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    /** One element operation {@code kind} on each {@code bits}-wide element pair. */
    private static long lanes(long a, long b, int bits, int kind) {
        long mask = (1L << bits) - 1;
        int sh = 64 - bits;
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long ua = (a >>> i) & mask;
            long ub = (b >>> i) & mask;
            long sa = (a >>> i) << sh >> sh;
            long sb = (b >>> i) << sh >> sh;
            long smax = mask >>> 1;
            long smin = -smax - 1;
            long v = switch (kind) {
                case 0 -> ua + ub;
                case 1 -> ua - ub;
                case 2 -> Math.clamp(sa + sb, smin, smax);
                case 3 -> Math.min(ua + ub, mask);
                case 4 -> Math.clamp(sa - sb, smin, smax);
                case 5 -> Math.max(ua - ub, 0);
                case 6 -> sa * sb;
                case 7 -> (sa * sb) >> 16;
                case 8 -> (ua * ub) >>> 16;
                case 9 -> (ua + ub + 1) >>> 1;
                case 10 -> Math.min(ua, ub);
                case 11 -> Math.max(ua, ub);
                case 12 -> Math.min(sa, sb);
                case 13 -> Math.max(sa, sb);
                case 14 -> ua == ub ? mask : 0;
                default -> sa > sb ? mask : 0;
            };
            r |= (v & mask) << i;
        }
        return r;
    }

    private static long pmaddwd(long a, long b) {
        long r = 0;
        for (int i = 0; i < 64; i += 32) {
            long lo = (long) (short) (a >>> i) * (short) (b >>> i);
            long hi = (long) (short) (a >>> (i + 16)) * (short) (b >>> (i + 16));
            r |= ((lo + hi) & 0xFFFF_FFFFL) << i;
        }
        return r;
    }

    private static long psadbw(long a, long b) {
        long sum = 0;
        for (int i = 0; i < 64; i += 8) sum += Math.abs(((a >>> i) & 0xFF) - ((b >>> i) & 0xFF));
        return sum;
    }

    // ---- shifts ------------------------------------------------------------------------------------------------

    /** Shift kinds. */
    public static final int SRL = 0, SRA = 1, SLL = 2;

    /**
     * PSRLW/PSRAW/PSLLW... of each {@code bits}-wide element by {@code count} (a 64-bit unsigned count: beyond the
     * element width logical shifts give 0 and arithmetic shifts the sign).
     */
    public static long shift(long a, int bits, int kind, long count) {
        if (bits == 64) {
            if (Long.compareUnsigned(count, 63) > 0) return 0;
            return kind == SLL ? a << count : a >>> count;
        }
        boolean big = Long.compareUnsigned(count, bits - 1) > 0;
        if (big && kind != SRA) return 0;
        int n = big ? bits - 1 : (int) count;
        long mask = (1L << bits) - 1;
        int sh = 64 - bits;
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long e = (a >>> i) & mask;
            long v = switch (kind) {
                case SRL -> e >>> n;
                case SRA -> (e << sh >> sh) >> n;
                default -> e << n;
            };
            r |= (v & mask) << i;
        }
        return r;
    }

    // ---- packs, unpacks, shuffles ------------------------------------------------------------------------------

    /** Pack kinds. */
    public static final int PACKSSWB = 0, PACKUSWB = 1, PACKSSDW = 2;

    /** Narrows the elements of {@code lo} into the low half of the result and those of {@code hi} into the high half. */
    public static long pack(long lo, long hi, int kind) {
        return narrow(lo, kind) | narrow(hi, kind) << 32;
    }

    private static long narrow(long a, int kind) {
        long r = 0;
        if (kind == PACKSSDW) {
            for (int i = 0; i < 2; i++) r |= ((long) Math.clamp((long) (int) (a >>> (32 * i)), -32768, 32767) & 0xFFFF) << (16 * i);
            return r;
        }
        for (int i = 0; i < 4; i++) {
            long w = (short) (a >>> (16 * i));
            long v = kind == PACKSSWB ? Math.clamp(w, -128, 127) : Math.clamp(w, 0, 255);
            r |= (v & 0xFF) << (8 * i);
        }
        return r;
    }

    /**
     * Interleaves the {@code bits}-wide elements of the low ({@code high} false) or high 32 bits of {@code a} and
     * {@code b}: a0 b0 a1 b1... (PUNPCKLBW...).
     */
    public static long interleave(long a, long b, int bits, boolean high) {
        if (high) {
            a >>>= 32;
            b >>>= 32;
        }
        long mask = (1L << bits) - 1;
        long r = 0;
        for (int i = 0, o = 0; o < 64; i += bits, o += 2 * bits) {
            r |= ((a >>> i) & mask) << o | ((b >>> i) & mask) << (o + bits);
        }
        return r;
    }

    /** PSHUFW (and each half of PSHUFHW/PSHUFLW): word i of the result is word (imm >> 2i) & 3 of {@code a}. */
    public static long shuffleWords(long a, int imm) {
        long r = 0;
        for (int i = 0; i < 4; i++) r |= ((a >>> (16 * ((imm >>> (2 * i)) & 3))) & 0xFFFF) << (16 * i);
        return r;
    }

    /** The sign bits of the eight bytes (PMOVMSKB). */
    public static int byteSigns(long a) {
        int r = 0;
        for (int i = 0; i < 8; i++) r |= (int) ((a >>> (8 * i + 7)) & 1) << i;
        return r;
    }
}
