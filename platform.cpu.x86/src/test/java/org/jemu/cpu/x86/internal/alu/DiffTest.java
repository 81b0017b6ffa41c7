package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.LazyFlags.AF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.OF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.PF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.SF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.STATUS;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.ZF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Differential test of the ALU against the host CPU: random cases per operation and operand size are executed natively
 * ({@link NativeX86}) and by the Java model, and the registers and the architecturally defined flags are compared.
 * Flags the SDM leaves undefined for an operation (and, for shifts and rotates, for the given count) are compared
 * separately and only reported. Run as {@code DiffTest [seed] [casesPerOpAndSize]}, or through
 * {@code distribution/bin/cpu-difftest}.
 */
public final class DiffTest {
    /** Computes the expected outcome: mutates {@code r} (RAX, RBX, RCX, RDX, RFLAGS, imm) and returns the undefined flags. */
    interface Model {
        long apply(long[] r, LazyFlags f, int size, WideResult w) throws DivideError;
    }

    /** Produces the instruction bytes for a size and immediate. */
    interface Encoder {
        byte[] encode(int size, long imm);
    }

    /** Adjusts the random inputs of a case (counts, divisors, immediates). */
    interface Tweak {
        void apply(long[] r, int size, SplittableRandom rnd);
    }

    record OpDef(String name, int[] sizes, Encoder enc, Tweak tweak, Model model, boolean compat32) {
        OpDef(String name, int[] sizes, Encoder enc, Tweak tweak, Model model) {
            this(name, sizes, enc, tweak, model, false);
        }
    }

    /** Outcome of a run: per "op/size" the case count, defined-flag/register mismatches and undefined-flag mismatches. */
    public static final class Report {
        final Map<String, int[]> rows = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> undefinedDiffs = new ArrayList<>();
        int cases;
        long nanos;

        public int mismatches() {
            return failures.size();
        }

        public List<String> failures() {
            return failures;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-10s %6s %6s %9s%n", "op/size", "cases", "fail", "undef-diff"));
            rows.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-10s %6d %6d %9d%n", k, v[0], v[1], v[2])));
            sb.append(String.format(Locale.ROOT, "%d cases, %d failures, %.2f s%n", cases, failures.size(), nanos / 1e9));
            failures.stream().limit(40).forEach(s -> sb.append(s).append('\n'));
            return sb.toString();
        }
    }

    static final int[] ALL = {8, 16, 32, 64};
    static final int[] WIDE = {16, 32, 64};

    private DiffTest() {
    }

    // ---------------------------------------------------------------- encoding helpers

    static byte[] bytes(int size, boolean mandatoryF3, int... op) {
        byte[] b = new byte[op.length + 2];
        int n = 0;
        if (mandatoryF3) {
            b[n++] = (byte) 0xF3;
        }
        if (size == 16) {
            b[n++] = 0x66;
        } else if (size == 64) {
            b[n++] = 0x48;
        }
        for (int o : op) {
            b[n++] = (byte) o;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    static Encoder simple(int op8, int modrm) {
        return (size, imm) -> bytes(size, false, size == 8 ? op8 : op8 + 1, modrm);
    }

    static Encoder twoByte(int op, int modrm) {
        return (size, imm) -> bytes(size, false, 0x0F, op, modrm);
    }

    /** Writes {@code v} to a register as an instruction of the given size does in 64-bit mode. */
    static long put(long old, long v, int size) {
        return switch (size) {
            case 8 -> (old & ~0xffL) | (v & 0xff);
            case 16 -> (old & ~0xffffL) | (v & 0xffff);
            case 32 -> v & 0xffff_ffffL;
            default -> v;
        };
    }

    static int count(long[] r) {
        return (int) r[2] & 0xff;
    }

    static final Tweak NONE = (r, size, rnd) -> { };
    static final Tweak COUNT = (r, size, rnd) -> {
        int[] pick = {0, 1, 2, size - 1, size, size + 1, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65};
        int c = rnd.nextInt(3) == 0 ? rnd.nextInt(256) : pick[rnd.nextInt(pick.length)];
        r[2] = (r[2] & ~0xffL) | c;
    };

    interface Binary {
        long op(LazyFlags f, long a, long b, int size);
    }

    static Model binary(Binary op, boolean write, long undefined) {
        return (r, f, size, w) -> {
            long v = op.op(f, r[0], r[1], size);
            if (write) {
                r[0] = put(r[0], v, size);
            }
            return undefined;
        };
    }

    interface Shift {
        long op(LazyFlags f, long a, int count, int size);
    }

    /** Shift/rotate model: OF is undefined unless the masked count is 1, AF for shifts, CF for SHL/SHR counts >= size. */
    static Model shift(Shift op, boolean rotate, boolean cfUndefinedBeyondWidth) {
        return (r, f, size, w) -> {
            int c = count(r) & (size == 64 ? 63 : 31);
            r[0] = put(r[0], op.op(f, r[0], count(r), size), size);
            if (c == 0) {
                return 0;
            }
            long u = (c == 1 ? 0 : OF) | (rotate ? 0 : AF);
            if (cfUndefinedBeyondWidth && c >= size) {
                u |= CF;
            }
            return u;
        };
    }

    static Model doubleShift(boolean left) {
        return (r, f, size, w) -> {
            int c = count(r) & (size == 64 ? 63 : 31);
            long v = left ? Alu.shld(f, r[0], r[1], count(r), size) : Alu.shrd(f, r[0], r[1], count(r), size);
            r[0] = put(r[0], v, size);
            if (c == 0) {
                return 0;
            }
            if (c > size) { // 16-bit counts 17..31: result and flags undefined; compare the model anyway as "undefined"
                return STATUS | (1L << 40);
            }
            return AF | (c == 1 ? 0 : OF);
        };
    }

    static Model mulModel(boolean signed) {
        return (r, f, size, w) -> {
            if (signed) {
                MulDiv.imul(f, r[0], r[1], size, w);
            } else {
                MulDiv.mul(f, r[0], r[1], size, w);
            }
            if (size == 8) {
                r[0] = put(r[0], (w.hi << 8) | w.lo, 16);
            } else {
                r[0] = put(r[0], w.lo, size);
                r[3] = put(r[3], w.hi, size);
            }
            return SF | ZF | AF | PF;
        };
    }

    static Model divModel(boolean signed) {
        return (r, f, size, w) -> {
            long hi = size == 8 ? r[0] >>> 8 : r[3];
            if (signed) {
                MulDiv.idiv(hi, r[0], r[1], size, w);
            } else {
                MulDiv.div(hi, r[0], r[1], size, w);
            }
            if (size == 8) {
                r[0] = put(r[0], (w.hi << 8) | w.lo, 16);
            } else {
                r[0] = put(r[0], w.lo, size);
                r[3] = put(r[3], w.hi, size);
            }
            return STATUS;
        };
    }

    /** Most DIV/IDIV cases get a dividend high half below the divisor; the rest may raise #DE, which is compared too. */
    static final Tweak DIVIDEND = (r, size, rnd) -> {
        if (rnd.nextInt(4) != 0) {
            long d = r[1] & mask(size);
            long hi = switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> mask(size);
                default -> d == 0 ? 0 : Long.remainderUnsigned(rnd.nextLong(), d) >>> 1;
            };
            if (size == 8) {
                r[0] = (r[0] & ~0xff00L) | ((hi & 0xff) << 8);
            } else {
                r[3] = (r[3] & ~mask(size)) | (hi & mask(size));
            }
        }
    };

    static final Tweak IMM = (r, size, rnd) -> r[5] = rnd.nextBoolean() ? (byte) rnd.nextInt() : rnd.nextLong();

    static byte[] imul3(int size, long imm) {
        boolean small = imm == (byte) imm;
        byte[] op = bytes(size, false, small ? 0x6B : 0x69, 0xC3);
        int n = small ? 1 : (size == 16 ? 2 : 4);
        byte[] b = java.util.Arrays.copyOf(op, op.length + n);
        for (int i = 0; i < n; i++) {
            b[op.length + i] = (byte) (imm >>> (8 * i));
        }
        return b;
    }

    static long imul3Imm(long imm, int size) {
        if (imm == (byte) imm) {
            return imm;
        }
        return size == 16 ? (short) imm : (int) imm;
    }

    /** The operations checked natively; the BCD adjusts run in 32-bit compatibility mode. */
    static List<OpDef> ops(List<String> cpuFlags) {
        List<OpDef> ops = new ArrayList<>();
        ops.add(new OpDef("ADD", ALL, simple(0x00, 0xD8), NONE, binary(LazyFlags::add, true, 0)));
        ops.add(new OpDef("OR", ALL, simple(0x08, 0xD8), NONE, binary(LazyFlags::or, true, AF)));
        ops.add(new OpDef("ADC", ALL, simple(0x10, 0xD8), NONE, binary(LazyFlags::adc, true, 0)));
        ops.add(new OpDef("SBB", ALL, simple(0x18, 0xD8), NONE, binary(LazyFlags::sbb, true, 0)));
        ops.add(new OpDef("AND", ALL, simple(0x20, 0xD8), NONE, binary(LazyFlags::and, true, AF)));
        ops.add(new OpDef("SUB", ALL, simple(0x28, 0xD8), NONE, binary(LazyFlags::sub, true, 0)));
        ops.add(new OpDef("XOR", ALL, simple(0x30, 0xD8), NONE, binary(LazyFlags::xor, true, AF)));
        ops.add(new OpDef("CMP", ALL, simple(0x38, 0xD8), NONE,
                binary((f, a, b, s) -> f.cmp(a, b, s) ? 1 : 0, false, 0)));
        ops.add(new OpDef("TEST", ALL, simple(0x84, 0xD8), NONE, binary((f, a, b, s) -> {
            f.test(a, b, s);
            return 0;
        }, false, AF)));
        ops.add(new OpDef("INC", ALL, simple(0xFE, 0xC0), NONE, binary((f, a, b, s) -> f.inc(a, s), true, 0)));
        ops.add(new OpDef("DEC", ALL, simple(0xFE, 0xC8), NONE, binary((f, a, b, s) -> f.dec(a, s), true, 0)));
        ops.add(new OpDef("NOT", ALL, simple(0xF6, 0xD0), NONE, binary((f, a, b, s) -> Alu.not(a, s), true, 0)));
        ops.add(new OpDef("NEG", ALL, simple(0xF6, 0xD8), NONE, binary((f, a, b, s) -> f.neg(a, s), true, 0)));
        ops.add(new OpDef("ROL", ALL, simple(0xD2, 0xC0), COUNT, shift(Alu::rol, true, false)));
        ops.add(new OpDef("ROR", ALL, simple(0xD2, 0xC8), COUNT, shift(Alu::ror, true, false)));
        ops.add(new OpDef("RCL", ALL, simple(0xD2, 0xD0), COUNT, shift(Alu::rcl, true, false)));
        ops.add(new OpDef("RCR", ALL, simple(0xD2, 0xD8), COUNT, shift(Alu::rcr, true, false)));
        ops.add(new OpDef("SHL", ALL, simple(0xD2, 0xE0), COUNT, shift(LazyFlags::shl, false, true)));
        ops.add(new OpDef("SHR", ALL, simple(0xD2, 0xE8), COUNT, shift(LazyFlags::shr, false, true)));
        ops.add(new OpDef("SAR", ALL, simple(0xD2, 0xF8), COUNT, shift(LazyFlags::sar, false, false)));
        ops.add(new OpDef("SHLD", WIDE, twoByte(0xA5, 0xD8), COUNT, doubleShift(true)));
        ops.add(new OpDef("SHRD", WIDE, twoByte(0xAD, 0xD8), COUNT, doubleShift(false)));
        ops.add(new OpDef("MUL", ALL, simple(0xF6, 0xE3), NONE, mulModel(false)));
        ops.add(new OpDef("IMUL1", ALL, simple(0xF6, 0xEB), NONE, mulModel(true)));
        ops.add(new OpDef("IMUL2", WIDE, twoByte(0xAF, 0xC3), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], MulDiv.imul(f, r[0], r[1], size), size);
            return SF | ZF | AF | PF;
        }));
        ops.add(new OpDef("IMUL3", WIDE, DiffTest::imul3, IMM, (r, f, size, w) -> {
            r[0] = put(r[0], MulDiv.imul(f, r[1], imul3Imm(r[5], size), size), size);
            return SF | ZF | AF | PF;
        }));
        ops.add(new OpDef("DIV", ALL, simple(0xF6, 0xF3), DIVIDEND, divModel(false)));
        ops.add(new OpDef("IDIV", ALL, simple(0xF6, 0xFB), DIVIDEND, divModel(true)));
        ops.add(new OpDef("BT", WIDE, twoByte(0xA3, 0xD8), NONE, (r, f, size, w) -> {
            Alu.bt(f, r[0], r[1], size);
            return OF | SF | AF | PF;
        }));
        ops.add(new OpDef("BTS", WIDE, twoByte(0xAB, 0xD8), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], Alu.bts(f, r[0], r[1], size), size);
            return OF | SF | AF | PF;
        }));
        ops.add(new OpDef("BTR", WIDE, twoByte(0xB3, 0xD8), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], Alu.btr(f, r[0], r[1], size), size);
            return OF | SF | AF | PF;
        }));
        ops.add(new OpDef("BTC", WIDE, twoByte(0xBB, 0xD8), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], Alu.btc(f, r[0], r[1], size), size);
            return OF | SF | AF | PF;
        }));
        ops.add(new OpDef("BSF", WIDE, twoByte(0xBC, 0xC3), NONE, (r, f, size, w) -> {
            boolean zero = (r[1] & mask(size)) == 0;
            long v = Alu.bsf(f, r[0], r[1], size);
            r[0] = zero ? r[0] : put(r[0], v, size);
            return CF | OF | SF | AF | PF;
        }));
        ops.add(new OpDef("BSR", WIDE, twoByte(0xBD, 0xC3), NONE, (r, f, size, w) -> {
            boolean zero = (r[1] & mask(size)) == 0;
            long v = Alu.bsr(f, r[0], r[1], size);
            r[0] = zero ? r[0] : put(r[0], v, size);
            return CF | OF | SF | AF | PF;
        }));
        if (cpuFlags.contains("popcnt")) {
            ops.add(new OpDef("POPCNT", WIDE, (s, i) -> bytes(s, true, 0x0F, 0xB8, 0xC3), NONE, (r, f, size, w) -> {
                r[0] = put(r[0], Alu.popcnt(f, r[1], size), size);
                return 0;
            }));
        }
        if (cpuFlags.contains("abm") || cpuFlags.contains("lzcnt")) {
            ops.add(new OpDef("LZCNT", WIDE, (s, i) -> bytes(s, true, 0x0F, 0xBD, 0xC3), NONE, (r, f, size, w) -> {
                r[0] = put(r[0], Alu.lzcnt(f, r[1], size), size);
                return OF | SF | AF | PF;
            }));
        }
        if (cpuFlags.contains("bmi1")) {
            ops.add(new OpDef("TZCNT", WIDE, (s, i) -> bytes(s, true, 0x0F, 0xBC, 0xC3), NONE, (r, f, size, w) -> {
                r[0] = put(r[0], Alu.tzcnt(f, r[1], size), size);
                return OF | SF | AF | PF;
            }));
        }
        ops.add(new OpDef("CMPXCHG", ALL, (s, i) -> bytes(s, false, 0x0F, s == 8 ? 0xB0 : 0xB1, 0xDA), NONE,
                (r, f, size, w) -> {
                    if (Alu.cmpxchg(f, r[0], r[3], size)) {
                        r[3] = put(r[3], r[1], size);
                    } else {
                        r[0] = put(r[0], r[3], size);
                    }
                    return 0;
                }));
        ops.add(new OpDef("XADD", ALL, (s, i) -> bytes(s, false, 0x0F, s == 8 ? 0xC0 : 0xC1, 0xD8), NONE,
                (r, f, size, w) -> {
                    long old = r[0];
                    r[0] = put(r[0], Alu.xadd(f, r[0], r[1], size), size);
                    r[1] = put(r[1], old, size);
                    return 0;
                }));
        ops.add(new OpDef("BSWAP", WIDE, (s, i) -> bytes(s, false, 0x0F, 0xC8), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], Alu.bswap(r[0], size), size);
            return size == 16 ? 1L << 40 : 0; // 16-bit BSWAP: result undefined
        }));
        ops.add(new OpDef("CBW", WIDE, (s, i) -> bytes(s, false, 0x98), NONE, (r, f, size, w) -> {
            r[0] = put(r[0], Alu.cbw(r[0], size), size);
            return 0;
        }));
        ops.add(new OpDef("CWD", WIDE, (s, i) -> bytes(s, false, 0x99), NONE, (r, f, size, w) -> {
            r[3] = put(r[3], Alu.cwd(r[0], size), size);
            return 0;
        }));
        bcdOps(ops);
        return ops;
    }

    interface ByteOp {
        int op(LazyFlags f, int al);
    }

    interface AxOp {
        int op(LazyFlags f, int ax, int imm) throws DivideError;
    }

    /** The BCD adjusts, run natively in 32-bit compatibility mode (they are invalid in 64-bit mode). */
    static void bcdOps(List<OpDef> ops) {
        int[] size8 = {8};
        Tweak imm = (r, size, rnd) -> r[5] = switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1, 2, 3 -> 10;
            default -> rnd.nextInt(256);
        };
        record B(String name, int opcode, ByteOp op, long undefined) {
        }
        for (B b : List.of(new B("DAA", 0x27, Bcd::daa, OF), new B("DAS", 0x2F, Bcd::das, OF))) {
            ops.add(new OpDef(b.name(), size8, (s, i) -> new byte[] {(byte) b.opcode()}, NONE, (r, f, size, w) -> {
                r[0] = (r[0] & ~0xffL) | b.op().op(f, (int) r[0] & 0xff);
                return b.undefined();
            }, true));
        }
        record A(String name, int opcode, boolean hasImm, AxOp op, long undefined) {
        }
        for (A a : List.of(new A("AAA", 0x37, false, (f, ax, i) -> Bcd.aaa(f, ax), OF | SF | ZF | PF),
                new A("AAS", 0x3F, false, (f, ax, i) -> Bcd.aas(f, ax), OF | SF | ZF | PF),
                new A("AAM", 0xD4, true, Bcd::aam, OF | AF | CF),
                new A("AAD", 0xD5, true, (f, ax, i) -> Bcd.aad(f, ax, i), OF | AF | CF))) {
            Encoder enc = a.hasImm() ? (s, i) -> new byte[] {(byte) a.opcode(), (byte) i}
                    : (s, i) -> new byte[] {(byte) a.opcode()};
            ops.add(new OpDef(a.name(), size8, enc, a.hasImm() ? imm : NONE, (r, f, size, w) -> {
                r[0] = (r[0] & ~0xffffL) | a.op().op(f, (int) r[0] & 0xffff, (int) r[5]);
                return a.undefined();
            }, true));
        }
    }

    /** A random operand value biased toward edge cases. */
    static long operand(SplittableRandom rnd) {
        long[] edge = {0, 1, 2, 9, 0xF, 0x10, 0x7F, 0x80, 0xFF, 0x99, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL,
            0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2};
        return switch (rnd.nextInt(4)) {
            case 0 -> edge[rnd.nextInt(edge.length)] ^ (rnd.nextBoolean() ? 0 : rnd.nextLong() & 0xFFFF_FFFF_0000_0000L);
            case 1 -> rnd.nextLong() >>> rnd.nextInt(64);
            default -> rnd.nextLong();
        };
    }

    /** Runs {@code perOp} random cases for each operation and size, natively and in the model, and compares them. */
    public static Report run(long seed, int perOp) throws Exception {
        long t0 = System.nanoTime();
        Report report = new Report();
        NativeX86 cpu = NativeX86.compile();
        try {
            SplittableRandom rnd = new SplittableRandom(seed);
            List<OpDef> defs = ops(NativeX86.cpuFlags());
            List<NativeX86.Input> inputs = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<long[]> states = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            List<OpDef> which = new ArrayList<>();
            for (OpDef d : defs) {
                for (int size : d.sizes()) {
                    for (int i = 0; i < perOp; i++) {
                        long[] r = {operand(rnd), operand(rnd), operand(rnd), operand(rnd),
                            0x2 | (rnd.nextLong() & STATUS), 0};
                        switch (rnd.nextInt(16)) { // carry/borrow boundaries: a + b = all ones, a - b = 0 or -1
                            case 0 -> r[1] = ~r[0];
                            case 1 -> r[1] = r[0];
                            case 2 -> r[1] = r[0] + 1;
                            default -> { }
                        }
                        d.tweak().apply(r, size, rnd);
                        inputs.add(new NativeX86.Input(d.enc().encode(size, r[5]), r[0], r[1], r[2], r[3], r[4]));
                        keys.add(d.name() + "/" + size);
                        states.add(r);
                        sizes.add(size);
                        which.add(d);
                    }
                }
            }
            List<NativeX86.Input> in64 = new ArrayList<>();
            List<NativeX86.Input> in32 = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                (which.get(i).compat32() ? in32 : in64).add(inputs.get(i));
            }
            List<NativeX86.Output> out64 = cpu.run(in64, false);
            List<NativeX86.Output> out32 = in32.isEmpty() ? List.of() : cpu.run(in32, true);
            List<NativeX86.Output> outs = new ArrayList<>(inputs.size());
            for (int i = 0, a = 0, b = 0; i < inputs.size(); i++) {
                outs.add(which.get(i).compat32() ? out32.get(b++) : out64.get(a++));
            }
            String dump = System.getProperty("jemu.difftest.dump");
            if (dump != null) { // raw host results for analysing undefined behaviour: op/size in... out...
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < inputs.size(); i++) {
                    NativeX86.Input in = inputs.get(i);
                    NativeX86.Output o = outs.get(i);
                    sb.append(String.format(Locale.ROOT, "%s %x %x %x %x %x %x %s %x %x %x %x %x%n", keys.get(i),
                            in.rax(), in.rbx(), in.rcx(), in.rdx(), in.rflags(), states.get(i)[5], o.fault(), o.rax(),
                            o.rbx(), o.rcx(), o.rdx(), o.rflags()));
                }
                java.nio.file.Files.writeString(java.nio.file.Path.of(dump), sb);
            }
            LazyFlags f = new LazyFlags();
            WideResult w = new WideResult();
            for (int i = 0; i < inputs.size(); i++) {
                int[] row = report.rows.computeIfAbsent(keys.get(i), k -> new int[3]);
                row[0]++;
                report.cases++;
                long[] r = states.get(i).clone();
                NativeX86.Input in = inputs.get(i);
                NativeX86.Output out = outs.get(i);
                f.load(r[4]);
                String fault = null;
                long undefined = 0;
                try {
                    undefined = which.get(i).model().apply(r, f, sizes.get(i), w);
                } catch (DivideError e) {
                    fault = "DE";
                }
                String where = keys.get(i) + " " + java.util.HexFormat.of().formatHex(in.code())
                        + String.format(Locale.ROOT, " in rax=%x rbx=%x rcx=%x rdx=%x fl=%x", in.rax(), in.rbx(),
                                in.rcx(), in.rdx(), in.rflags());
                if (fault != null || out.fault() != null) {
                    if (!java.util.Objects.equals(fault, out.fault())) {
                        row[1]++;
                        report.failures.add(where + ": model " + fault + ", host " + out.fault());
                    }
                    continue;
                }
                long flags = f.materialize(r[4]) & STATUS;
                long host = out.rflags() & STATUS;
                boolean resultUndefined = (undefined & (1L << 40)) != 0;
                undefined &= STATUS;
                long regMask = which.get(i).compat32() ? 0xffff_ffffL : -1L;
                boolean regsOk = ((r[0] ^ out.rax()) & regMask) == 0 && ((r[1] ^ out.rbx()) & regMask) == 0
                        && ((r[2] ^ out.rcx()) & regMask) == 0 && ((r[3] ^ out.rdx()) & regMask) == 0;
                if ((!regsOk && !resultUndefined) || ((flags ^ host) & ~undefined) != 0) {
                    row[1]++;
                    report.failures.add(where + String.format(Locale.ROOT,
                            ": model rax=%x rbx=%x rcx=%x rdx=%x fl=%x, host rax=%x rbx=%x rcx=%x rdx=%x fl=%x (undef %x)",
                            r[0], r[1], r[2], r[3], flags, out.rax(), out.rbx(), out.rcx(), out.rdx(), host, undefined));
                } else if (!regsOk || ((flags ^ host) & undefined) != 0) {
                    row[2]++;
                    report.undefinedDiffs.add(where + String.format(Locale.ROOT,
                            ": model rax=%x fl=%x, host rax=%x fl=%x, differ %x",
                            r[0], flags, out.rax(), host, flags ^ host));
                }
            }
        } finally {
            cpu.delete();
        }
        report.nanos = System.nanoTime() - t0;
        return report;
    }

    /** Command line: {@code DiffTest [seed] [casesPerOpAndSize]}; exits 1 when a defined result or flag differs. */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.decode(args[0]) : System.nanoTime();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        if (!NativeX86.available()) {
            System.err.println("cpu-difftest: needs an x86-64 Linux host with gcc");
            System.exit(2);
        }
        System.out.println("seed " + seed + ", " + count + " cases per operation and size");
        Report report = run(seed, count);
        System.out.print(report);
        if (Boolean.getBoolean("jemu.difftest.verbose")) {
            report.undefinedDiffs.forEach(System.out::println);
        }
        System.exit(report.mismatches() == 0 ? 0 : 1);
    }
}
