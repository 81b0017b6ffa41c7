package org.jemu.cpu.x86.internal.exec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Random single-instruction cases for the SSE differential tester: every legacy SSE/SSE2 instruction form (and the
 * MMX forms of the packed-integer instructions) as a {@link Form} with its operand shapes, and operands drawn from
 * special values (signed zeros, denormals, infinities, QNaN/SNaN, values next to rounding boundaries and integer
 * limits) and random MXCSR settings (rounding control, DAZ, FZ, sticky flags, sometimes unmasked exceptions).
 */
final class SseGenerator {

    /** Value kinds of the operands. */
    enum V { F32, F64, I32, I64, INT, COUNT, MXCSR }

    /**
     * An instruction form: name, prefix and opcode bytes, the ModRM.reg operand ('x' xmm, 'm' mm, 'g' general, or a
     * digit for a group), the ModRM.rm operand ("x", "m" mm, "g" registers only; "xm16a" register or aligned m128,
     * "xm16", "xm8", "xm4", "mm8", "gm4", "gm2"; "M16a", "M8", "M4" memory only), an imm8, whether a REX.W variant
     * exists, and the value kind of the operands.
     */
    record Form(String name, byte[] bytes, char reg, String rm, boolean imm, boolean rexW, V values) {
        boolean regOnly() {
            return rm.length() == 1;
        }

        boolean memOnly() {
            return rm.startsWith("M");
        }

        int memSize() {
            String digits = rm.replaceAll("[^0-9]", "");
            return digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }

        boolean aligned() {
            return rm.endsWith("a");
        }
    }

    static final List<Form> FORMS = new ArrayList<>();

    private static void f(String name, String bytes, char reg, String rm, V v) {
        FORMS.add(new Form(name, HexFormat.of().parseHex(bytes.replace(" ", "")), reg, rm, false, false, v));
    }

    private static void fi(String name, String bytes, char reg, String rm, V v) {
        FORMS.add(new Form(name, HexFormat.of().parseHex(bytes.replace(" ", "")), reg, rm, true, false, v));
    }

    private static void fw(String name, String bytes, char reg, String rm, V v) {
        FORMS.add(new Form(name, HexFormat.of().parseHex(bytes.replace(" ", "")), reg, rm, false, true, v));
    }

    /** The four prefixes of a packed-single/packed-double/scalar-single/scalar-double arithmetic row. */
    private static void arith4(String name, int op) {
        String o = String.format("0f%02x", op);
        f(name + "ps", o, 'x', "xm16a", V.F32);
        f(name + "pd", "66" + o, 'x', "xm16a", V.F64);
        f(name + "ss", "f3" + o, 'x', "xm4", V.F32);
        f(name + "sd", "f2" + o, 'x', "xm8", V.F64);
    }

    static {
        // moves
        f("movups", "0f10", 'x', "xm16", V.F32);
        f("movupd", "660f10", 'x', "xm16", V.F64);
        f("movss", "f30f10", 'x', "xm4", V.F32);
        f("movsd", "f20f10", 'x', "xm8", V.F64);
        f("movups st", "0f11", 'x', "xm16", V.F32);
        f("movupd st", "660f11", 'x', "xm16", V.F64);
        f("movss st", "f30f11", 'x', "xm4", V.F32);
        f("movsd st", "f20f11", 'x', "xm8", V.F64);
        f("movlps/movhlps", "0f12", 'x', "xm8", V.F32);
        f("movlpd", "660f12", 'x', "M8", V.F64);
        f("movlps st", "0f13", 'x', "M8", V.F32);
        f("movlpd st", "660f13", 'x', "M8", V.F64);
        f("movhps/movlhps", "0f16", 'x', "xm8", V.F32);
        f("movhpd", "660f16", 'x', "M8", V.F64);
        f("movhps st", "0f17", 'x', "M8", V.F32);
        f("movhpd st", "660f17", 'x', "M8", V.F64);
        f("movaps", "0f28", 'x', "xm16a", V.F32);
        f("movapd", "660f28", 'x', "xm16a", V.F64);
        f("movaps st", "0f29", 'x', "xm16a", V.F32);
        f("movapd st", "660f29", 'x', "xm16a", V.F64);
        f("movntps", "0f2b", 'x', "M16a", V.F32);
        f("movntpd", "660f2b", 'x', "M16a", V.F64);
        f("movmskps", "0f50", 'g', "x", V.F32);
        f("movmskpd", "660f50", 'g', "x", V.F64);
        f("unpcklps", "0f14", 'x', "xm16a", V.F32);
        f("unpcklpd", "660f14", 'x', "xm16a", V.F64);
        f("unpckhps", "0f15", 'x', "xm16a", V.F32);
        f("unpckhpd", "660f15", 'x', "xm16a", V.F64);
        fi("shufps", "0fc6", 'x', "xm16a", V.F32);
        fi("shufpd", "660fc6", 'x', "xm16a", V.F64);
        // arithmetic, logic, compares
        arith4("sqrt", 0x51);
        arith4("add", 0x58);
        arith4("mul", 0x59);
        arith4("sub", 0x5C);
        arith4("min", 0x5D);
        arith4("div", 0x5E);
        arith4("max", 0x5F);
        f("rsqrtps", "0f52", 'x', "xm16a", V.F32);
        f("rsqrtss", "f30f52", 'x', "xm4", V.F32);
        f("rcpps", "0f53", 'x', "xm16a", V.F32);
        f("rcpss", "f30f53", 'x', "xm4", V.F32);
        String[] logic = {"and", "andn", "or", "xor"};
        for (int k = 0; k < 4; k++) {
            f(logic[k] + "ps", String.format("0f%02x", 0x54 + k), 'x', "xm16a", V.F32);
            f(logic[k] + "pd", String.format("660f%02x", 0x54 + k), 'x', "xm16a", V.F64);
        }
        fi("cmpps", "0fc2", 'x', "xm16a", V.F32);
        fi("cmppd", "660fc2", 'x', "xm16a", V.F64);
        fi("cmpss", "f30fc2", 'x', "xm4", V.F32);
        fi("cmpsd", "f20fc2", 'x', "xm8", V.F64);
        f("ucomiss", "0f2e", 'x', "xm4", V.F32);
        f("ucomisd", "660f2e", 'x', "xm8", V.F64);
        f("comiss", "0f2f", 'x', "xm4", V.F32);
        f("comisd", "660f2f", 'x', "xm8", V.F64);
        // conversions
        f("cvtpi2ps", "0f2a", 'x', "mm8", V.I32);
        f("cvtpi2pd", "660f2a", 'x', "mm8", V.I32);
        fw("cvtsi2ss", "f30f2a", 'x', "gm4", V.I64);
        fw("cvtsi2sd", "f20f2a", 'x', "gm4", V.I64);
        f("cvttps2pi", "0f2c", 'm', "xm8", V.F32);
        f("cvtps2pi", "0f2d", 'm', "xm8", V.F32);
        f("cvttpd2pi", "660f2c", 'm', "xm16a", V.F64);
        f("cvtpd2pi", "660f2d", 'm', "xm16a", V.F64);
        fw("cvttss2si", "f30f2c", 'g', "xm4", V.F32);
        fw("cvtss2si", "f30f2d", 'g', "xm4", V.F32);
        fw("cvttsd2si", "f20f2c", 'g', "xm8", V.F64);
        fw("cvtsd2si", "f20f2d", 'g', "xm8", V.F64);
        f("cvtps2pd", "0f5a", 'x', "xm8", V.F32);
        f("cvtpd2ps", "660f5a", 'x', "xm16a", V.F64);
        f("cvtss2sd", "f30f5a", 'x', "xm4", V.F32);
        f("cvtsd2ss", "f20f5a", 'x', "xm8", V.F64);
        f("cvtdq2ps", "0f5b", 'x', "xm16a", V.I32);
        f("cvtps2dq", "660f5b", 'x', "xm16a", V.F32);
        f("cvttps2dq", "f30f5b", 'x', "xm16a", V.F32);
        f("cvttpd2dq", "660fe6", 'x', "xm16a", V.F64);
        f("cvtdq2pd", "f30fe6", 'x', "xm8", V.I32);
        f("cvtpd2dq", "f20fe6", 'x', "xm16a", V.F64);
        // packed integers: MMX and SSE2 forms
        int[] binary = {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x74, 0x75, 0x76,
            0xD4, 0xD5, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xE0, 0xE3, 0xE4, 0xE5, 0xE8, 0xE9, 0xEA, 0xEB,
            0xEC, 0xED, 0xEE, 0xEF, 0xF4, 0xF5, 0xF6, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE};
        for (int op : binary) {
            f(String.format("int %02x mm", op), String.format("0f%02x", op), 'm', "mm8", V.INT);
            f(String.format("int %02x xmm", op), String.format("660f%02x", op), 'x', "xm16a", V.INT);
        }
        f("punpcklqdq", "660f6c", 'x', "xm16a", V.INT);
        f("punpckhqdq", "660f6d", 'x', "xm16a", V.INT);
        for (int op : new int[] {0xD1, 0xD2, 0xD3, 0xE1, 0xE2, 0xF1, 0xF2, 0xF3}) {
            f(String.format("shift %02x mm", op), String.format("0f%02x", op), 'm', "mm8", V.COUNT);
            f(String.format("shift %02x xmm", op), String.format("660f%02x", op), 'x', "xm16a", V.COUNT);
        }
        for (int op = 0x71; op <= 0x73; op++) {
            for (char sub : new char[] {'2', '4', '6', '3', '7'}) {
                if (op == 0x73 && sub == '4') continue;
                if (op != 0x73 && (sub == '3' || sub == '7')) continue;
                if (sub != '3' && sub != '7') fi(String.format("shift %02x/%c mm", op, sub), String.format("0f%02x", op), sub, "m", V.INT);
                fi(String.format("shift %02x/%c xmm", op, sub), String.format("660f%02x", op), sub, "x", V.INT);
            }
        }
        fw("movd mm,r/m", "0f6e", 'm', "gm4", V.I64);
        fw("movd xmm,r/m", "660f6e", 'x', "gm4", V.I64);
        fw("movd r/m,mm", "0f7e", 'm', "gm4", V.INT);
        fw("movd r/m,xmm", "660f7e", 'x', "gm4", V.INT);
        f("movq xmm,xmm/m64", "f30f7e", 'x', "xm8", V.INT);
        f("movq mm,mm/m64", "0f6f", 'm', "mm8", V.INT);
        f("movdqa", "660f6f", 'x', "xm16a", V.INT);
        f("movdqu", "f30f6f", 'x', "xm16", V.INT);
        f("movq mm/m64,mm", "0f7f", 'm', "mm8", V.INT);
        f("movdqa st", "660f7f", 'x', "xm16a", V.INT);
        f("movdqu st", "f30f7f", 'x', "xm16", V.INT);
        fi("pshufw", "0f70", 'm', "mm8", V.INT);
        fi("pshufd", "660f70", 'x', "xm16a", V.INT);
        fi("pshufhw", "f30f70", 'x', "xm16a", V.INT);
        fi("pshuflw", "f20f70", 'x', "xm16a", V.INT);
        fi("pinsrw mm", "0fc4", 'm', "gm2", V.INT);
        fi("pinsrw xmm", "660fc4", 'x', "gm2", V.INT);
        fi("pextrw mm", "0fc5", 'g', "m", V.INT);
        fi("pextrw xmm", "660fc5", 'g', "x", V.INT);
        f("movq xmm/m64,xmm", "660fd6", 'x', "xm8", V.INT);
        f("movq2dq", "f30fd6", 'x', "m", V.INT);
        f("movdq2q", "f20fd6", 'm', "x", V.INT);
        f("pmovmskb mm", "0fd7", 'g', "m", V.INT);
        f("pmovmskb xmm", "660fd7", 'g', "x", V.INT);
        f("movntq", "0fe7", 'm', "M8", V.INT);
        f("movntdq", "660fe7", 'x', "M16a", V.INT);
        f("maskmovq", "0ff7", 'm', "m", V.INT);
        f("maskmovdqu", "660ff7", 'x', "x", V.INT);
        f("ldmxcsr", "0fae", '2', "M4", V.MXCSR);
        f("stmxcsr", "0fae", '3', "M4", V.MXCSR);
        // redundant prefixes: F3/F2 win over 66, the last of F2/F3 wins
        f("addss (66 f3)", "66f30f58", 'x', "xm4", V.F32);
        f("addsd (f3 f2)", "f3f20f58", 'x', "xm8", V.F64);
        f("movss (f2 66 f3)", "f266f30f10", 'x', "xm4", V.F32);
        // encodings that do not exist on any processor: #UD
        f("ud 66 0f 52", "660f52", 'x', "xm16a", V.F32);
        f("ud 0f d6", "0fd6", 'x', "xm8", V.INT);
        f("ud 0f 6c", "0f6c", 'm', "mm8", V.INT);
        f("ud f2 0f 6f", "f20f6f", 'x', "xm16", V.INT);
        f("ud 0f 73 /3", "0f73", '3', "m", V.INT);
        f("ud 66 0f 71 /0", "660f71", '0', "x", V.INT);
        f("ud 66 0f 13 reg", "660f13", 'x', "x", V.F64);
    }

    private final Random rnd;

    SseGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    /** One case of {@code form}. */
    NativeSse.Input next(Form form) {
        V v = form.values();
        long[] xmm = new long[8];
        long[] mm = new long[4];
        long[] gpr = new long[3];
        byte[] memory = new byte[NativeSse.BLOCK];
        for (int k = 0; k < 8; k++) xmm[k] = quad(v);
        for (int k = 0; k < 4; k++) mm[k] = quad(v);
        for (int k = 0; k < 3; k++) gpr[k] = rnd.nextInt(4) == 0 ? quad(V.I32) : quad(V.I64);
        for (int k = 0; k < NativeSse.BLOCK; k += 8) {
            long q = quad(v);
            for (int b = 0; b < 8; b++) memory[k + b] = (byte) (q >>> (8 * b));
        }
        boolean w = form.rexW() && rnd.nextBoolean();
        int reg = Character.isDigit(form.reg()) ? form.reg() - '0' : form.reg() == 'g' ? rnd.nextInt(3) : rnd.nextInt(4);
        boolean mem = form.memOnly() || (!form.regOnly() && rnd.nextInt(3) == 0);
        int rm = form.rm().charAt(0) == 'g' ? rnd.nextInt(3) : rnd.nextInt(4);
        int size = w && form.rm().startsWith("gm") ? 8 : form.memSize();
        int offset = 0;
        if (mem) {
            if (form.aligned() && rnd.nextInt(12) != 0) {
                offset = 16 * rnd.nextInt(NativeSse.BLOCK / 16);
            } else {
                offset = rnd.nextInt(NativeSse.BLOCK - Math.max(size, 1) + 1);
            }
        }
        relate(v, xmm, memory, reg, rm, mem, offset, form);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        byte[] b = form.bytes();
        int opAt = b.length - 2; // the 0F escape
        code.write(b, 0, opAt);
        if (w) code.write(0x48);
        code.write(b, opAt, 2);
        if (mem) {
            code.write(0x40 | reg << 3 | 3); // [rbx + disp8]
            code.write(offset);
        } else {
            code.write(0xC0 | reg << 3 | rm);
        }
        if (form.imm()) code.write(imm(form));
        long rflags = 0x2 | (rnd.nextLong() & 0x8D5);
        int mxcsr = mxcsr();
        if (v == V.MXCSR) {
            int value = rnd.nextInt(6) == 0 ? rnd.nextInt() : mxcsr() ^ (rnd.nextInt(10) == 0 ? 0x10000 : 0);
            for (int k = 0; k < 4; k++) memory[offset + k] = (byte) (value >>> (8 * k));
        }
        return new NativeSse.Input(code.toByteArray(), new NativeSse.State(xmm, mm, gpr, rflags, mxcsr, memory),
                rnd.nextInt(NativeSse.BLOCK - 15));
    }

    private int imm(Form form) {
        if (form.name().startsWith("cmp")) return rnd.nextInt(10) == 0 ? rnd.nextInt(256) : rnd.nextInt(8);
        if (form.name().startsWith("shift") && rnd.nextInt(3) != 0) return rnd.nextInt(rnd.nextBoolean() ? 18 : 70);
        return rnd.nextInt(256);
    }

    private int mxcsr() {
        int m = 0x1F80 | rnd.nextInt(4) << 13;
        if (rnd.nextInt(4) == 0) m |= 0x40; // DAZ
        if (rnd.nextInt(4) == 0) m |= 0x8000; // FZ
        if (rnd.nextInt(3) == 0) m |= rnd.nextInt(64); // sticky flags
        if (rnd.nextInt(6) == 0) m &= ~(rnd.nextInt(64) << 7); // some exceptions unmasked
        return m;
    }

    /**
     * Makes some source lanes close to the destination lanes (equal, negated, a few ulps apart, halved or doubled),
     * so that cancellation, ties and equal compares happen.
     */
    private void relate(V v, long[] xmm, byte[] memory, int reg, int rm, boolean mem, int offset, Form form) {
        if (v != V.F32 && v != V.F64) return;
        if (form.reg() != 'x' || rnd.nextInt(3) == 0) return;
        int lanes = v == V.F32 ? 4 : 2;
        int width = v == V.F32 ? 4 : 8;
        for (int lane = 0; lane < lanes; lane++) {
            if (rnd.nextInt(3) != 0) continue;
            long a = get(xmm, 2 * reg, lane, width);
            long b = relatedTo(a, v);
            if (mem) {
                int at = offset + lane * width;
                if (at + width > memory.length) continue;
                for (int k = 0; k < width; k++) memory[at + k] = (byte) (b >>> (8 * k));
            } else if (rm != reg) {
                set(xmm, 2 * rm, lane, width, b);
            }
        }
    }

    private static long get(long[] q, int base, int lane, int width) {
        int bit = lane * width * 8;
        long v = q[base + bit / 64] >>> (bit % 64);
        return width == 8 ? v : v & 0xFFFF_FFFFL;
    }

    private static void set(long[] q, int base, int lane, int width, long v) {
        int bit = lane * width * 8;
        if (width == 8) {
            q[base + bit / 64] = v;
        } else {
            int s = bit % 64;
            q[base + bit / 64] = (q[base + bit / 64] & ~(0xFFFF_FFFFL << s)) | (v & 0xFFFF_FFFFL) << s;
        }
    }

    private long relatedTo(long a, V v) {
        long sign = v == V.F32 ? 0x8000_0000L : Long.MIN_VALUE;
        long mask = v == V.F32 ? 0xFFFF_FFFFL : -1L;
        long one = v == V.F32 ? 1L << 23 : 1L << 52;
        return switch (rnd.nextInt(6)) {
            case 0 -> a;
            case 1 -> a ^ sign;
            case 2 -> (a + rnd.nextInt(5) - 2) & mask;
            case 3 -> (a - one) & mask; // half
            case 4 -> (a + one) & mask; // double
            default -> (a ^ sign) + rnd.nextInt(3) - 1 & mask;
        };
    }

    /** 64 bits of operand data of kind {@code v}. */
    long quad(V v) {
        return switch (v) {
            case F32 -> f32() | f32() << 32;
            case F64 -> f64();
            case I32 -> (i32() & 0xFFFF_FFFFL) | (long) i32() << 32;
            case I64 -> rnd.nextBoolean() ? (long) i32() : i64();
            case COUNT -> rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(4) == 0 ? rnd.nextLong(70) : rnd.nextLong(17);
            case MXCSR -> rnd.nextLong();
            default -> integers();
        };
    }

    private long integers() {
        long r = 0;
        int pattern = rnd.nextInt(4);
        for (int k = 0; k < 8; k++) {
            long b = switch (pattern) {
                case 0 -> rnd.nextInt(256);
                case 1 -> new int[] {0, 0xFF, 0x7F, 0x80, 0x01, 0xFE, 0x81}[rnd.nextInt(7)];
                case 2 -> (k & 1) == 0 ? rnd.nextInt(256) : new int[] {0, 0xFF, 0x7F, 0x80}[rnd.nextInt(4)];
                default -> rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(256);
            };
            r |= b << (8 * k);
        }
        return r;
    }

    private int i32() {
        return switch (rnd.nextInt(8)) {
            case 0 -> new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x1000001, -0x1000001}[rnd.nextInt(7)];
            case 1 -> (1 << rnd.nextInt(31)) + rnd.nextInt(3) - 1;
            case 2 -> rnd.nextInt(2001) - 1000;
            default -> rnd.nextInt();
        };
    }

    private long i64() {
        return switch (rnd.nextInt(6)) {
            case 0 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -(1L << 53) - 1}[rnd.nextInt(7)];
            case 1 -> (1L << rnd.nextInt(63)) + rnd.nextInt(3) - 1;
            default -> rnd.nextLong() >> rnd.nextInt(64);
        };
    }

    long f32() {
        int sign = rnd.nextBoolean() ? 0x8000_0000 : 0;
        int bits = switch (rnd.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 1 + rnd.nextInt(0x7F_FFFF); // denormal
            case 2 -> new int[] {1, 0x7F_FFFF, 0x80_0000, 0x7F7F_FFFF, 0x3F80_0000, 0x3F80_0001, 0x3FC0_0000,
                0x3F00_0000, 0x4020_0000, 0x4060_0000}[rnd.nextInt(10)];
            case 3 -> 0x7F80_0000; // infinity
            case 4 -> 0x7FC0_0000 | rnd.nextInt(0x40_0000); // QNaN
            case 5 -> 0x7F80_0000 | (1 + rnd.nextInt(0x3F_FFFF)); // SNaN
            case 6 -> (1 + rnd.nextInt(24)) << 23 | rnd.nextInt(0x80_0000); // tiny normal
            case 7 -> (0xFE - rnd.nextInt(24)) << 23 | rnd.nextInt(0x80_0000); // huge
            case 8 -> (0x7F + 22 + rnd.nextInt(44)) << 23 | (rnd.nextBoolean() ? 0 : rnd.nextInt(0x80_0000)); // ~2^22..2^65
            case 9 -> Float.floatToRawIntBits(rnd.nextInt(1 << 20) + 0.5f * rnd.nextInt(3)); // halves
            case 10 -> new int[] {0x4F00_0000, 0x4EFF_FFFF, 0x5F00_0000, 0x5EFF_FFFF, 0x4B80_0000, 0x4B7F_FFFF}[rnd.nextInt(6)];
            default -> (0x7F - 30 + rnd.nextInt(60)) << 23 | rnd.nextInt(0x80_0000);
        };
        return (bits | sign) & 0xFFFF_FFFFL;
    }

    long f64() {
        long sign = rnd.nextBoolean() ? Long.MIN_VALUE : 0;
        long frac = rnd.nextLong() & ((1L << 52) - 1);
        long bits = switch (rnd.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 1 + (frac >>> rnd.nextInt(52)); // denormal
            case 2 -> new long[] {1, (1L << 52) - 1, 1L << 52, 0x7FEF_FFFF_FFFF_FFFFL, 0x3FF0_0000_0000_0000L,
                0x3FF0_0000_0000_0001L, 0x3FF8_0000_0000_0000L, 0x3FE0_0000_0000_0000L, 0x4004_0000_0000_0000L}[rnd.nextInt(9)];
            case 3 -> 0x7FF0_0000_0000_0000L;
            case 4 -> 0x7FF8_0000_0000_0000L | (frac >>> 1 >>> rnd.nextInt(52));
            case 5 -> 0x7FF0_0000_0000_0000L | Math.max(1, frac >>> 1 >>> rnd.nextInt(52));
            case 6 -> (long) (1 + rnd.nextInt(60)) << 52 | frac; // tiny normal
            case 7 -> (long) (0x7FE - rnd.nextInt(60)) << 52 | frac; // huge
            case 8 -> (long) (0x3FF + 20 + rnd.nextInt(50)) << 52 | (rnd.nextBoolean() ? frac & ~0xFFFFFFFFL : frac);
            case 9 -> Double.doubleToRawLongBits(rnd.nextInt(1 << 30) + 0.5 * rnd.nextInt(3));
            case 10 -> new long[] {0x41E0_0000_0000_0000L, 0x41DF_FFFF_FFFF_FFFFL, 0x43E0_0000_0000_0000L,
                0x43DF_FFFF_FFFF_FFFFL, 0x41DF_FFFF_FFE0_0000L, 0x41E0_0000_0000_0001L}[rnd.nextInt(6)];
            case 11 -> Double.doubleToRawLongBits(Float.intBitsToFloat((int) f32())); // float-valued (for cvtpd2ps)
            case 12 -> (long) (0x3FF - 126 - rnd.nextInt(30)) << 52 | frac; // near float underflow
            case 13 -> (long) (0x3FF + 120 + rnd.nextInt(10)) << 52 | frac; // near float overflow
            default -> (long) (0x3FF - 60 + rnd.nextInt(120)) << 52 | frac;
        };
        return bits | sign;
    }
}
