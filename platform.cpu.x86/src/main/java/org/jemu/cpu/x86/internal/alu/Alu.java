package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.mask;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.signBit;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.szp;

/**
 * Rotates, double shifts, bit tests and scans, bit counts, byte swap and sign/zero extension. Flag-producing methods take
 * the CPU's {@link LazyFlags} and store their flags eagerly. Sizes are in bits (8, 16, 32, 64); results are zero-extended.
 *
 * <p>Shifts and rotates define OF only for a count of 1. For other counts these methods apply the count-1 formula to the
 * original operand, which is what the Intel host of the differential test does ({@code DiffTest} reports any difference
 * in undefined flags separately).
 */
public final class Alu {
    private Alu() {
    }

    private static int countMask(int size) {
        return size == 64 ? 63 : 31;
    }

    private static long bit(long v, int n) {
        return (v >>> n) & 1;
    }

    // ---------------------------------------------------------------- simple ops

    /** NOT: returns {@code ~a} truncated to {@code size}; flags are not affected. */
    public static long not(long a, int size) {
        return ~a & mask(size);
    }

    /** Zero-extends the low {@code size} bits of {@code v} (MOVZX, 32-bit register writes). */
    public static long zeroExtend(long v, int size) {
        return v & mask(size);
    }

    /** Sign-extends the low {@code from} bits of {@code v} and truncates to {@code to} bits (MOVSX, MOVSXD, CBW/CWDE/CDQE). */
    public static long signExtend(long v, int from, int to) {
        return LazyFlags.signExtend(v, from) & mask(to);
    }

    /**
     * CBW/CWDE/CDQE: sign-extends the low half of the accumulator to {@code size} bits (16: AL to AX, 32: AX to EAX, 64: EAX
     * to RAX).
     */
    public static long cbw(long acc, int size) {
        return signExtend(acc, size / 2, size);
    }

    /** CWD/CDQ/CQO: returns the value for DX/EDX/RDX, all ones when the {@code size}-bit accumulator is negative, else 0. */
    public static long cwd(long acc, int size) {
        return (acc & signBit(size)) != 0 ? mask(size) : 0;
    }

    /** BSWAP: reverses the bytes of a 32- or 64-bit operand. With a 16-bit operand (undefined) Intel and AMD write 0. */
    public static long bswap(long a, int size) {
        return switch (size) {
            case 64 -> Long.reverseBytes(a);
            case 32 -> Integer.reverseBytes((int) a) & 0xffff_ffffL;
            default -> 0;
        };
    }

    /** Returns true when the low byte of {@code v} has even parity (the PF rule). */
    public static boolean parity(long v) {
        return LazyFlags.parity(v);
    }

    // ---------------------------------------------------------------- rotates

    /**
     * ROL: rotates left by {@code count} masked to 5 bits (6 for 64-bit). A masked count of 0 changes nothing; otherwise
     * CF = LSB(result) and OF = MSB(a) xor bit size-2 of a. Other flags kept.
     */
    public static long rol(LazyFlags f, long a, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        int k = c & (size - 1);
        long r = k == 0 ? a : ((a << k) | (a >>> (size - k))) & m;
        long cf = r & 1;
        long of = bit(a, size - 1) ^ bit(a, size - 2);
        f.update(CF | OF, (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    /**
     * ROR: rotates right, count as {@link #rol}. CF = MSB(result), OF = MSB(a) xor LSB(a). Other flags kept.
     */
    public static long ror(LazyFlags f, long a, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        int k = c & (size - 1);
        long r = k == 0 ? a : ((a >>> k) | (a << (size - k))) & m;
        long cf = bit(r, size - 1);
        long of = bit(a, size - 1) ^ (a & 1);
        f.update(CF | OF, (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    /** The effective count of RCL/RCR: masked to 5 (6) bits, then modulo 9 (17) for 8-bit (16-bit) operands. */
    private static int throughCarryCount(int count, int size) {
        int c = count & countMask(size);
        return size == 8 ? c % 9 : size == 16 ? c % 17 : c;
    }

    /**
     * RCL: rotates the {@code size+1}-bit value CF:a left by {@code count} masked to 5 (6) bits, then taken modulo 9 for
     * 8-bit and 17 for 16-bit operands; an effective count of 0 changes nothing. OF = MSB(a) xor bit size-2 of a. Other flags
     * kept.
     */
    public static long rcl(LazyFlags f, long a, int count, int size) {
        int c = throughCarryCount(count, size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        long cin = f.cf() ? 1 : 0;
        long r;
        long cf;
        if (size == 64) {
            r = (a << c) | (cin << (c - 1)) | (c == 1 ? 0 : a >>> (65 - c));
            cf = bit(a, 64 - c);
        } else {
            int w = size + 1;
            long v = (cin << size) | a;
            long rot = ((v << c) | (v >>> (w - c))) & mask(w);
            r = rot & m;
            cf = bit(rot, size);
        }
        long of = bit(a, size - 1) ^ bit(a, size - 2);
        f.update(CF | OF, (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    /**
     * RCR: rotates CF:a right, count as {@link #rcl}. OF = MSB(a) xor the old CF. Other flags kept.
     */
    public static long rcr(LazyFlags f, long a, int count, int size) {
        int c = throughCarryCount(count, size);
        long m = mask(size);
        a &= m;
        if (c == 0) {
            return a;
        }
        long cin = f.cf() ? 1 : 0;
        long r;
        long cf;
        if (size == 64) {
            r = (a >>> c) | (cin << (64 - c)) | (c == 1 ? 0 : a << (65 - c));
            cf = bit(a, c - 1);
        } else {
            int w = size + 1;
            long v = (cin << size) | a;
            long rot = ((v >>> c) | (v << (w - c))) & mask(w);
            r = rot & m;
            cf = bit(rot, size);
        }
        long of = bit(a, size - 1) ^ cin;
        f.update(CF | OF, (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    // ---------------------------------------------------------------- double shifts

    /**
     * SHLD: shifts {@code dst} left by {@code count} (masked to 5 bits, 6 for 64-bit), filling from the top of {@code src}.
     * A masked count of 0 changes nothing. CF = last bit shifted out, OF = MSB(dst) xor bit size-2 of dst, AF = 0, SF/ZF/PF
     * from the result. 16-bit counts 17..31 (undefined) shift the 48-bit value dst:src:dst, as P6-family and later Intel
     * processors do.
     */
    public static long shld(LazyFlags f, long dst, long src, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        dst &= m;
        src &= m;
        if (c == 0) {
            return dst;
        }
        long r;
        long cf;
        if (size == 16) {
            long x = (dst << 32) | (src << 16) | dst;
            r = (x >>> (32 - c)) & 0xffff;
            cf = bit(x, 48 - c);
        } else {
            r = ((dst << c) | (src >>> (size - c))) & m;
            cf = bit(dst, size - c);
        }
        long of = bit(dst, size - 1) ^ bit(dst, size - 2);
        f.setEager(szp(r, size) | (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    /**
     * SHRD: shifts {@code dst} right by {@code count}, filling from the bottom of {@code src}; count as {@link #shld}.
     * CF = last bit shifted out, OF = MSB(dst) xor LSB(src), AF = 0, SF/ZF/PF from the result. 16-bit
     * counts 17..31 shift the 48-bit value dst:src:dst right.
     */
    public static long shrd(LazyFlags f, long dst, long src, int count, int size) {
        int c = count & countMask(size);
        long m = mask(size);
        dst &= m;
        src &= m;
        if (c == 0) {
            return dst;
        }
        long r;
        long cf;
        if (size == 16) {
            long x = (dst << 32) | (src << 16) | dst;
            r = (x >>> c) & 0xffff;
            cf = bit(x, c - 1);
        } else {
            r = ((dst >>> c) | (src << (size - c))) & m;
            cf = bit(dst, c - 1);
        }
        long of = bit(dst, size - 1) ^ (src & 1);
        f.setEager(szp(r, size) | (cf != 0 ? CF : 0) | (of != 0 ? OF : 0));
        return r;
    }

    // ---------------------------------------------------------------- bit test and scan

    /**
     * BT (register form): sets CF to bit {@code offset mod size} of {@code a}. ZF is unchanged; OF, SF, AF, PF are
     * undefined and kept.
     */
    public static void bt(LazyFlags f, long a, long offset, int size) {
        f.update(CF, bit(a, (int) offset & (size - 1)));
    }

    /** BTS (register form): as {@link #bt}, and returns {@code a} with the bit set. */
    public static long bts(LazyFlags f, long a, long offset, int size) {
        bt(f, a, offset, size);
        return (a | (1L << ((int) offset & (size - 1)))) & mask(size);
    }

    /** BTR (register form): as {@link #bt}, and returns {@code a} with the bit cleared. */
    public static long btr(LazyFlags f, long a, long offset, int size) {
        bt(f, a, offset, size);
        return a & ~(1L << ((int) offset & (size - 1))) & mask(size);
    }

    /** BTC (register form): as {@link #bt}, and returns {@code a} with the bit complemented. */
    public static long btc(LazyFlags f, long a, long offset, int size) {
        bt(f, a, offset, size);
        return (a ^ (1L << ((int) offset & (size - 1)))) & mask(size);
    }

    /**
     * BSF: returns the index of the lowest set bit of {@code src}. When {@code src} is 0, {@code dst} is returned unchanged
     * (what Intel and AMD processors do). ZF = (src == 0). CF, OF, SF, AF, PF are undefined; set as the Intel host does:
     * CF = OF = SF = AF = 0, PF = parity of the index (of 0 when src is 0).
     */
    public static long bsf(LazyFlags f, long dst, long src, int size) {
        src &= mask(size);
        if (src == 0) {
            f.setEager(ZF | PF);
            return dst & mask(size);
        }
        long r = Long.numberOfTrailingZeros(src);
        f.setEager(parity(r) ? PF : 0);
        return r;
    }

    /** BSR: returns the index of the highest set bit of {@code src}; zero source and flags as {@link #bsf}. */
    public static long bsr(LazyFlags f, long dst, long src, int size) {
        src &= mask(size);
        if (src == 0) {
            f.setEager(ZF | PF);
            return dst & mask(size);
        }
        long r = 63 - Long.numberOfLeadingZeros(src);
        f.setEager(parity(r) ? PF : 0);
        return r;
    }

    /** POPCNT: returns the number of set bits; ZF = (src == 0), CF, OF, SF, AF, PF cleared. */
    public static long popcnt(LazyFlags f, long src, int size) {
        src &= mask(size);
        f.setEager(src == 0 ? ZF : 0);
        return Long.bitCount(src);
    }

    /**
     * LZCNT: returns the number of leading zero bits within {@code size}; CF = (src == 0), ZF = (result == 0); OF, SF, AF,
     * PF are undefined and cleared (as the Intel host does).
     */
    public static long lzcnt(LazyFlags f, long src, int size) {
        src &= mask(size);
        long r = Long.numberOfLeadingZeros(src) - (64 - size);
        f.setEager((r == size ? CF : 0) | (r == 0 ? ZF : 0));
        return r;
    }

    /** TZCNT: returns the number of trailing zero bits within {@code size}; flags as {@link #lzcnt}. */
    public static long tzcnt(LazyFlags f, long src, int size) {
        src &= mask(size);
        long r = src == 0 ? size : Long.numberOfTrailingZeros(src);
        f.setEager((r == size ? CF : 0) | (r == 0 ? ZF : 0));
        return r;
    }

    // ---------------------------------------------------------------- exchange-and-compare helpers

    /**
     * CMPXCHG flags: records the flags of CMP accumulator, destination and returns true when they are equal (ZF), in which
     * case the CPU stores the source into the destination; otherwise it loads the destination into the accumulator.
     */
    public static boolean cmpxchg(LazyFlags f, long acc, long dst, int size) {
        return f.cmp(acc, dst, size);
    }

    /** XADD: returns {@code dst + src} with ADD flags; the CPU writes the old {@code dst} to the source register. */
    public static long xadd(LazyFlags f, long dst, long src, int size) {
        return f.add(dst, src, size);
    }
}
