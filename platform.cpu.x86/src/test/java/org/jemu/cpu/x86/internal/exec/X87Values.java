package org.jemu.cpu.x86.internal.exec;

import java.util.SplittableRandom;

/**
 * Random operands for the x87 differential test, weighted towards what breaks implementations: zeros, infinities,
 * QNaNs and SNaNs with payloads, the real indefinite, denormals and pseudo-denormals, unnormals, pseudo-infinities and
 * pseudo-NaNs, the extremes of the exponent range, small integers, significands at rounding boundaries of 24, 53 and
 * 64 bits, and ordinary values. Extended values are {@code long[] {signExponent, significand}}.
 */
final class X87Values {

    static final long J = 0x8000_0000_0000_0000L;
    static final int BIAS = 16383;

    private final SplittableRandom rnd;

    X87Values(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    SplittableRandom rnd() {
        return rnd;
    }

    int sign() {
        return rnd.nextBoolean() ? 0x8000 : 0;
    }

    /** A significand with the integer bit, often at or next to a rounding boundary. */
    long significand() {
        long r = rnd.nextLong();
        return switch (rnd.nextInt(10)) {
            case 0 -> J; // power of two
            case 1 -> -1L; // all ones
            case 2 -> J | boundary(40); // single-precision rounding boundary region
            case 3 -> J | boundary(11); // double
            case 4 -> J | (r & ~0xffffffL) | (rnd.nextBoolean() ? 0x800000L : 0x7fffffL); // near 24-bit halves
            case 5 -> J | (r << 40); // exactly representable in single
            case 6 -> J | (r << 11); // exactly representable in double
            default -> J | r;
        };
    }

    /** Random high bits with the bits below {@code drop} (the dropped part) at, just below or just above half. */
    private long boundary(int drop) {
        long high = rnd.nextLong() & (-1L << drop);
        long half = 1L << (drop - 1);
        return high | switch (rnd.nextInt(5)) {
            case 0 -> half;
            case 1 -> half - 1;
            case 2 -> half + 1;
            case 3 -> 0;
            default -> (1L << drop) - 1;
        };
    }

    /** Any extended value, specials included. */
    long[] any() {
        int s = sign();
        return switch (rnd.nextInt(24)) {
            case 0 -> new long[] {s, 0};
            case 1 -> new long[] {s | 0x7fff, J};
            case 2 -> new long[] {s | 0x7fff, J | (1L << 62) | (rnd.nextInt(4) == 0 ? 0 : rnd.nextLong() >>> 2)};
            case 3 -> new long[] {s | 0x7fff, J | ((rnd.nextLong() >>> 2) | 1)};
            case 4 -> new long[] {0xffff, 0xC000_0000_0000_0000L};
            case 5 -> new long[] {s, (rnd.nextLong() >>> 1) >>> rnd.nextInt(63) | 1};
            case 6 -> new long[] {s, J | rnd.nextLong()}; // pseudo-denormal
            case 7 -> switch (rnd.nextInt(3)) { // unsupported
                case 0 -> new long[] {s | (1 + rnd.nextInt(0x7ffe)), rnd.nextLong() >>> 1}; // unnormal
                case 1 -> new long[] {s | 0x7fff, 0}; // pseudo-infinity
                default -> new long[] {s | 0x7fff, (rnd.nextLong() >>> 1) | 1}; // pseudo-NaN
            };
            case 8 -> new long[] {s | (1 + rnd.nextInt(70)), significand()};
            case 9 -> new long[] {s | (0x7ffe - rnd.nextInt(70)), significand()};
            case 10 -> ofInteger(rnd.nextInt(2001) - 1000);
            case 11 -> new long[] {s | (BIAS - 1100 + rnd.nextInt(2200)), significand()};
            default -> new long[] {s | (BIAS - 70 + rnd.nextInt(140)), significand()};
        };
    }

    /** A finite normal value with an exponent near {@code exp}. */
    long[] near(int exp, int spread) {
        int e = Math.max(1, Math.min(0x7ffe, exp - spread + rnd.nextInt(2 * spread + 1)));
        return new long[] {sign() | e, significand()};
    }

    /** A value in [-limit, limit] (limit a power of two exponent, unbiased), mostly; sometimes anything. */
    long[] within(int maxUnbiased) {
        if (rnd.nextInt(10) == 0) return any();
        int e = BIAS + maxUnbiased - rnd.nextInt(rnd.nextInt(8) == 0 ? 16000 : 70);
        long sig = significand();
        if (e == BIAS + maxUnbiased) sig = J; // the limit itself
        return new long[] {sign() | Math.max(1, e), sig};
    }

    static long[] ofInteger(long v) {
        if (v == 0) return new long[] {0, 0};
        long mag = Math.abs(v);
        int k = Long.numberOfLeadingZeros(mag);
        return new long[] {(v < 0 ? 0x8000 : 0) | (BIAS + 63 - k), mag << k};
    }

    /** A single-precision operand. */
    int float32() {
        int s = rnd.nextBoolean() ? 0x8000_0000 : 0;
        int r = rnd.nextInt();
        return s | switch (rnd.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 0x7f80_0000;
            case 2 -> 0x7fc0_0000 | (r & 0x3f_ffff);
            case 3 -> 0x7f80_0000 | ((r & 0x3f_ffff) | 1);
            case 4 -> (r & 0x7f_ffff) | 1; // denormal
            case 5 -> (1 + rnd.nextInt(254)) << 23 | (r & 0x7f_ffff);
            default -> (127 - 40 + rnd.nextInt(80)) << 23 | (r & 0x7f_ffff);
        };
    }

    /** A double-precision operand. */
    long float64() {
        long s = rnd.nextBoolean() ? Long.MIN_VALUE : 0;
        long r = rnd.nextLong();
        return s | switch (rnd.nextInt(12)) {
            case 0 -> 0L;
            case 1 -> 0x7ff0_0000_0000_0000L;
            case 2 -> 0x7ff8_0000_0000_0000L | (r & 0x7_ffff_ffff_ffffL);
            case 3 -> 0x7ff0_0000_0000_0000L | ((r & 0x7_ffff_ffff_ffffL) | 1);
            case 4 -> (r & 0xf_ffff_ffff_ffffL) | 1;
            case 5 -> (long) (1 + rnd.nextInt(2046)) << 52 | (r & 0xf_ffff_ffff_ffffL);
            default -> (long) (1023 - 70 + rnd.nextInt(140)) << 52 | (r & 0xf_ffff_ffff_ffffL);
        };
    }

    /** An integer of {@code bits}, extremes included. */
    long integer(int bits) {
        long min = Long.MIN_VALUE >> (64 - bits);
        long max = ~min;
        return switch (rnd.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> 0;
            case 3 -> rnd.nextInt(201) - 100;
            default -> rnd.nextLong() >> (64 - bits) >> rnd.nextInt(bits);
        };
    }

    /** 18 packed BCD digits and a sign (bytes 0-9), now and then with digits above 9 or bits in byte 9. */
    byte[] bcd() {
        byte[] b = new byte[10];
        int digits = rnd.nextInt(19);
        for (int i = 0; i < 18; i++) {
            int d = i < digits ? rnd.nextInt(rnd.nextInt(12) == 0 ? 16 : 10) : 0;
            b[i / 2] |= (byte) (i % 2 == 0 ? d : d << 4);
        }
        b[9] = (byte) ((rnd.nextBoolean() ? 0x80 : 0) | (rnd.nextInt(10) == 0 ? rnd.nextInt(0x80) : 0));
        return b;
    }

    /** A value whose rounding to an integer is interesting (FRNDINT, FIST, FBSTP): up to 2^(maxBits) in magnitude. */
    long[] forInteger(int maxBits) {
        if (rnd.nextInt(8) == 0) return any();
        int e = BIAS - 2 + rnd.nextInt(maxBits + 4);
        long sig = significand();
        if (rnd.nextInt(4) == 0) { // a half or a boundary integer
            int fracBits = Math.max(0, Math.min(63, BIAS + 63 - e));
            sig = (sig & (-1L << fracBits)) | (fracBits > 0 ? 1L << (fracBits - 1) : 0) | J;
        }
        return new long[] {sign() | e, sig};
    }
}
