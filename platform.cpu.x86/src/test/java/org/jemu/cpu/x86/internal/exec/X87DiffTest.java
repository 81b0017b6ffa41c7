package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

import org.jemu.cpu.x86.internal.exec.CpuFixture.Mode;

/**
 * Differential test of the x87 unit against the host's x87: random single instructions (every D8-DF group, memory and
 * register forms, control instructions, undefined encodings) on random states (TOP, tags, stale register contents,
 * FCW with all rounding and precision controls and random exception masks, condition codes and masked sticky flags)
 * with operands weighted towards special values, run natively ({@link NativeX87}) and in jemu (64-bit mode, CPL 0,
 * CR0.NE set). Compared after each instruction: the whole FNSAVE image (FCW, FSW, full tag word, ST(0)-ST(7) bit for
 * bit), the 256-byte memory operand block, RFLAGS, RAX, the fault (#MF for a pending exception at a waiting
 * instruction, #UD), FIP (the instruction or unchanged) and, where the host records them (after an unmasked
 * exception: it implements the FOP/FDP-only-on-exception behaviour of recent processors), FOP and FDP.
 *
 * <p>Tolerance: for the transcendental instructions (F2XM1, FYL2X, FYL2XP1, FSIN, FCOS, FSINCOS, FPTAN, FPATAN) a
 * result may differ from the host's by one unit in the last place, and C1 (rounded up) may then differ; everything
 * else must be identical, also where the SDM leaves results undefined (F2XM1 outside [-1, 1], FYL2XP1 outside its
 * range) and jemu follows what x87s do; only FBLD of invalid BCD digits is counted separately and does not fail.
 * Run as {@code X87DiffTest [seed] [count]} or {@code distribution/bin/cpu-difftest x87 [seed] [count]};
 * {@code -Djemu.difftest.verbose=true} lists the undefined-result differences, {@code -Djemu.difftest.ulps=true} the
 * transcendental cases within one ulp.
 */
public final class X87DiffTest {

    enum Mem { NONE, F32, F64, I16, I32, I64, F80, BCD, ENV, SAVE, ENV16, SAVE16, W16, OUT16, OUT_ENV, OUT_SAVE, OUT_ENV16,
        OUT_SAVE16 }

    static final int TRANS = 1, CONTROL = 2, INVALID = 4;

    /**
     * One instruction form: bytes (the last one gets + i for register forms), memory operand kind, attributes,
     * initial-state tweak.
     */
    record OpDef(String name, byte[] code, boolean plusI, Mem mem, int attrs, BiConsumer<State, X87Values> tweak) {
        int modrm() {
            return code[code.length - 1] & 0xff;
        }
    }

    /** The initial state of a case. */
    static final class State {
        int fcw;
        int fsw;
        int top;
        int valid;
        final long[][] regs = new long[8][];
        long fip;
        int fop;
        long fdp;
        byte[] mem = new byte[NativeX87.MEM];
        long rflags = 2;
        long rax;
        /** Whether the result is undefined by the SDM (reported, not failed). */
        boolean undefined;

        void st(int i, long[] v) {
            regs[(top + i) & 7] = v;
            valid |= 1 << ((top + i) & 7);
        }

        long[] st(int i) {
            return regs[(top + i) & 7];
        }

        /** The FRSTOR image (32-bit protected-mode layout). */
        byte[] image() {
            byte[] b = new byte[NativeX87.IMAGE];
            int tw = 0;
            for (int r = 0; r < 8; r++) tw |= ((valid >> r & 1) != 0 ? 0 : 3) << (2 * r);
            X87State.put(b, 0, 4, 0xffff_0000L | fcw);
            X87State.put(b, 4, 4, 0xffff_0000L | fsw | top << 11);
            X87State.put(b, 8, 4, 0xffff_0000L | tw);
            X87State.put(b, 12, 4, fip);
            X87State.put(b, 16, 4, (long) fop << 16);
            X87State.put(b, 20, 4, fdp);
            X87State.put(b, 24, 4, 0xffff_0000L);
            for (int i = 0; i < 8; i++) {
                long[] v = st(i);
                X87State.put(b, 28 + 10 * i, 8, v[1]);
                X87State.put(b, 36 + 10 * i, 2, v[0]);
            }
            return b;
        }
    }

    // ---- the operations --------------------------------------------------------------------------------------------

    static final List<OpDef> OPS = new ArrayList<>();

    private static void op(String name, int esc, int modrm, boolean plusI, Mem mem, int attrs, BiConsumer<State, X87Values> t) {
        OPS.add(new OpDef(name, new byte[] {(byte) (0xd8 + esc), (byte) modrm}, plusI, mem, attrs, t));
    }

    private static void raw(String name, Mem mem, int attrs, int... code) {
        byte[] b = new byte[code.length];
        for (int k = 0; k < code.length; k++) b[k] = (byte) code[k];
        OPS.add(new OpDef(name, b, false, mem, attrs, NONE));
    }

    private static final BiConsumer<State, X87Values> NEAR = (s, v) -> {
        if (v.rnd().nextBoolean()) {
            long[] a = s.st(0);
            if ((a[0] & 0x7fff) != 0 && (a[0] & 0x7fff) != 0x7fff) s.st(v.rnd().nextInt(8), v.near((int) a[0] & 0x7fff, 3));
        }
    };
    private static final BiConsumer<State, X87Values> NONE = (s, v) -> { };

    static {
        String[] arith = {"fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
        Mem[] arithMem = {Mem.F32, Mem.I32, Mem.F64, Mem.I16};
        String[] arithMemName = {"m32", "m32int", "m64", "m16int"};
        for (int k = 0; k < 4; k++) {
            for (int reg = 0; reg < 8; reg++) {
                String n = k % 2 == 1 ? "fi" + arith[reg].substring(1) : arith[reg];
                op(n + " " + arithMemName[k], 2 * k, reg << 3 | 3, false, arithMem[k], 0, NONE);
            }
        }
        for (int reg = 0; reg < 8; reg++) op(arith[reg] + " st,st(i)", 0, 0xc0 | reg << 3, true, Mem.NONE, 0, NEAR);
        String[] dc = {"fadd st(i),st", "fmul st(i),st", "fcom2", "fcomp3", "fsubr st(i),st", "fsub st(i),st",
            "fdivr st(i),st", "fdiv st(i),st"};
        String[] de = {"faddp", "fmulp", "fcomp5", "fcompp", "fsubrp", "fsubp", "fdivrp", "fdivp"};
        for (int reg = 0; reg < 8; reg++) {
            op(dc[reg], 4, 0xc0 | reg << 3, true, Mem.NONE, 0, NEAR);
            if (reg == 3) {
                op(de[reg], 6, 0xd9, false, Mem.NONE, 0, NEAR);
            } else {
                op(de[reg], 6, 0xc0 | reg << 3, true, Mem.NONE, 0, NEAR);
            }
        }
        op("fld m32", 1, 0x03, false, Mem.F32, 0, NONE);
        op("fst m32", 1, 0x13, false, Mem.NONE, 0, NONE);
        op("fstp m32", 1, 0x1b, false, Mem.NONE, 0, NONE);
        op("fldenv", 1, 0x23, false, Mem.ENV, CONTROL, NONE);
        op("fldcw", 1, 0x2b, false, Mem.W16, CONTROL, NONE);
        op("fnstenv", 1, 0x33, false, Mem.OUT_ENV, CONTROL, NONE);
        op("fnstcw", 1, 0x3b, false, Mem.OUT16, CONTROL, NONE);
        op("fld m64", 5, 0x03, false, Mem.F64, 0, NONE);
        op("fst m64", 5, 0x13, false, Mem.NONE, 0, NONE);
        op("fstp m64", 5, 0x1b, false, Mem.NONE, 0, NONE);
        op("frstor", 5, 0x23, false, Mem.SAVE, CONTROL, NONE);
        op("fnsave", 5, 0x33, false, Mem.OUT_SAVE, CONTROL, NONE);
        op("fnstsw m16", 5, 0x3b, false, Mem.OUT16, CONTROL, NONE);
        op("fild m32", 3, 0x03, false, Mem.I32, 0, NONE);
        op("fist m32", 3, 0x13, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(33)));
        op("fistp m32", 3, 0x1b, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(33)));
        op("fld m80", 3, 0x2b, false, Mem.F80, 0, NONE);
        op("fstp m80", 3, 0x3b, false, Mem.NONE, 0, NONE);
        op("fild m16", 7, 0x03, false, Mem.I16, 0, NONE);
        op("fist m16", 7, 0x13, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(17)));
        op("fistp m16", 7, 0x1b, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(17)));
        op("fbld", 7, 0x23, false, Mem.BCD, 0, NONE);
        op("fild m64", 7, 0x2b, false, Mem.I64, 0, NONE);
        op("fbstp", 7, 0x33, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(61)));
        op("fistp m64", 7, 0x3b, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(65)));
        for (int[] bad : new int[][] {{1, 0x0b}, {3, 0x23}, {3, 0x33}, {5, 0x2b}}) {
            op(String.format(Locale.ROOT, "ud %02x /%d", 0xd8 + bad[0], bad[1] >> 3), bad[0], bad[1], false, Mem.NONE, INVALID, NONE);
        }
        // D9 register forms
        op("fld st(i)", 1, 0xc0, true, Mem.NONE, 0, NONE);
        op("fxch", 1, 0xc8, true, Mem.NONE, 0, NONE);
        op("fnop", 1, 0xd0, false, Mem.NONE, 0, NONE);
        op("fstp1", 1, 0xd8, true, Mem.NONE, 0, NONE);
        op("fchs", 1, 0xe0, false, Mem.NONE, 0, NONE);
        op("fabs", 1, 0xe1, false, Mem.NONE, 0, NONE);
        op("ftst", 1, 0xe4, false, Mem.NONE, 0, NONE);
        op("fxam", 1, 0xe5, false, Mem.NONE, 0, NONE);
        String[] consts = {"fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz"};
        for (int k = 0; k < 7; k++) op(consts[k], 1, 0xe8 + k, false, Mem.NONE, 0, NONE);
        op("f2xm1", 1, 0xf0, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(0)));
        op("fyl2x", 1, 0xf1, false, Mem.NONE, TRANS, (s, v) -> {
            if (v.rnd().nextInt(4) > 0) s.st(0, abs(v.any()));
        });
        op("fptan", 1, 0xf2, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(v.rnd().nextInt(70))));
        op("fpatan", 1, 0xf3, false, Mem.NONE, TRANS, NEAR);
        op("fxtract", 1, 0xf4, false, Mem.NONE, 0, NONE);
        op("fprem1", 1, 0xf5, false, Mem.NONE, 0, X87DiffTest::remainderOperands);
        op("fdecstp", 1, 0xf6, false, Mem.NONE, 0, NONE);
        op("fincstp", 1, 0xf7, false, Mem.NONE, 0, NONE);
        op("fprem", 1, 0xf8, false, Mem.NONE, 0, X87DiffTest::remainderOperands);
        op("fyl2xp1", 1, 0xf9, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(-2)));
        op("fsqrt", 1, 0xfa, false, Mem.NONE, 0, NONE);
        op("fsincos", 1, 0xfb, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(v.rnd().nextInt(70))));
        op("frndint", 1, 0xfc, false, Mem.NONE, 0, (s, v) -> s.st(0, v.forInteger(66)));
        op("fscale", 1, 0xfd, false, Mem.NONE, 0, (s, v) -> {
            if (v.rnd().nextInt(3) > 0) s.st(1, v.forInteger(v.rnd().nextInt(18)));
        });
        op("fsin", 1, 0xfe, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(v.rnd().nextInt(70))));
        op("fcos", 1, 0xff, false, Mem.NONE, TRANS, (s, v) -> s.st(0, v.within(v.rnd().nextInt(70))));
        String[] cmov = {"fcmovb", "fcmove", "fcmovbe", "fcmovu"};
        for (int k = 0; k < 4; k++) {
            op(cmov[k], 2, 0xc0 | k << 3, true, Mem.NONE, 0, NONE);
            op("fcmovn" + cmov[k].substring(5), 3, 0xc0 | k << 3, true, Mem.NONE, 0, NONE);
        }
        op("fucompp", 2, 0xe9, false, Mem.NONE, 0, NEAR);
        op("fneni", 3, 0xe0, false, Mem.NONE, CONTROL, NONE);
        op("fndisi", 3, 0xe1, false, Mem.NONE, CONTROL, NONE);
        op("fnclex", 3, 0xe2, false, Mem.NONE, CONTROL, NONE);
        op("fninit", 3, 0xe3, false, Mem.NONE, CONTROL, NONE);
        op("fnsetpm", 3, 0xe4, false, Mem.NONE, CONTROL, NONE);
        op("fucomi", 3, 0xe8, true, Mem.NONE, 0, NEAR);
        op("fcomi", 3, 0xf0, true, Mem.NONE, 0, NEAR);
        op("ffree", 5, 0xc0, true, Mem.NONE, 0, NONE);
        op("fxch4", 5, 0xc8, true, Mem.NONE, 0, NONE);
        op("fst st(i)", 5, 0xd0, true, Mem.NONE, 0, NONE);
        op("fstp st(i)", 5, 0xd8, true, Mem.NONE, 0, NONE);
        op("fucom", 5, 0xe0, true, Mem.NONE, 0, NEAR);
        op("fucomp", 5, 0xe8, true, Mem.NONE, 0, NEAR);
        op("ffreep", 7, 0xc0, true, Mem.NONE, 0, NONE);
        op("fxch7", 7, 0xc8, true, Mem.NONE, 0, NONE);
        op("fstp8", 7, 0xd0, true, Mem.NONE, 0, NONE);
        op("fstp9", 7, 0xd8, true, Mem.NONE, 0, NONE);
        op("fnstsw ax", 7, 0xe0, false, Mem.NONE, CONTROL, NONE);
        op("fucomip", 7, 0xe8, true, Mem.NONE, 0, NEAR);
        op("fcomip", 7, 0xf0, true, Mem.NONE, 0, NEAR);
        // prefixes: 16-bit environment layouts, FIP at the first prefix byte; WAIT
        raw("o16 fnstenv", Mem.OUT_ENV16, CONTROL, 0x66, 0xd9, 0x33);
        raw("o16 fldenv", Mem.ENV16, CONTROL, 0x66, 0xd9, 0x23);
        raw("o16 fnsave", Mem.OUT_SAVE16, CONTROL, 0x66, 0xdd, 0x33);
        raw("o16 frstor", Mem.SAVE16, CONTROL, 0x66, 0xdd, 0x23);
        raw("ds fadd m32", Mem.F32, 0, 0x3e, 0xd8, 0x03);
        raw("o16 fmul m64", Mem.F64, 0, 0x66, 0xdc, 0x0b);
        raw("rex.w fld1", Mem.NONE, 0, 0x48, 0xd9, 0xe8);
        raw("o16 fsqrt", Mem.NONE, 0, 0x66, 0xd9, 0xfa);
        raw("fwait", Mem.NONE, CONTROL, 0x9b);
        for (int[] bad : new int[][] {{1, 0xd1}, {1, 0xe2}, {1, 0xe6}, {1, 0xef}, {2, 0xe0}, {2, 0xf0}, {3, 0xe5},
            {3, 0xf8}, {5, 0xf0}, {5, 0xf8}, {6, 0xd8}, {7, 0xe1}, {7, 0xf8}}) {
            op(String.format(Locale.ROOT, "ud %02x %02x", 0xd8 + bad[0], bad[1]), bad[0], bad[1], false, Mem.NONE, INVALID, NONE);
        }
    }

    private static long[] abs(long[] v) {
        return new long[] {v[0] & 0x7fff, v[1]};
    }

    private static void remainderOperands(State s, X87Values v) {
        if (v.rnd().nextInt(4) == 0) return;
        long[] b = v.any();
        int eb = (int) b[0] & 0x7fff;
        if (eb == 0 || eb == 0x7fff) return;
        int d = v.rnd().nextInt(5) == 0 ? v.rnd().nextInt(400) : v.rnd().nextInt(70) - 2;
        s.st(1, b);
        s.st(0, v.near(Math.min(0x7ffe, eb + d), 0));
    }

    // ---- cases ---------------------------------------------------------------------------------------------------------

    record Case(OpDef op, byte[] code, State state) {
        boolean hasMem() {
            return op.mem() != Mem.NONE || (op.modrm() < 0xc0 && op.code().length > 1 && (op.attrs() & INVALID) == 0);
        }
    }

    static Case generate(SplittableRandom rnd, OpDef op) {
        X87Values v = new X87Values(rnd);
        State s = new State();
        s.top = rnd.nextInt(8);
        for (int r = 0; r < 8; r++) {
            s.regs[r] = v.any();
            if (rnd.nextInt(100) < 88) s.valid |= 1 << r;
        }
        if (rnd.nextInt(3) == 0) s.valid |= 1 << s.top | 1 << ((s.top + 1) & 7); // operands present
        int masks = rnd.nextInt(10) < 3 ? rnd.nextInt(64) : 0x3f;
        int pc = new int[] {0, 1, 2, 3, 3, 3}[rnd.nextInt(6)];
        s.fcw = masks | 0x40 | pc << 8 | rnd.nextInt(4) << 10 | (rnd.nextInt(8) == 0 ? 0x1000 : 0);
        int sticky = rnd.nextInt(64) & masks & (rnd.nextBoolean() ? 0x3f : 0);
        if (rnd.nextInt(50) == 0) sticky |= ~masks & 0x3f & (1 << rnd.nextInt(6)); // pending: #MF
        s.fsw = (rnd.nextBoolean() ? 0x100 : 0) | (rnd.nextBoolean() ? 0x200 : 0)
                | (rnd.nextBoolean() ? 0x400 : 0) | (rnd.nextBoolean() ? 0x4000 : 0) | (rnd.nextInt(8) == 0 ? 0x40 : 0)
                | sticky;
        s.fip = 0x1000_0000L | rnd.nextInt(0x100000) << 4;
        s.fop = rnd.nextInt(0x800);
        s.fdp = 0x2000_0000L | rnd.nextInt(0x100000) << 4;
        s.rflags = 2 | (rnd.nextBoolean() ? 1 : 0) | (rnd.nextBoolean() ? 4 : 0) | (rnd.nextBoolean() ? 0x40 : 0)
                | (rnd.nextBoolean() ? 0x80 : 0) | (rnd.nextBoolean() ? 0x800 : 0) | (rnd.nextBoolean() ? 0x10 : 0);
        s.rax = rnd.nextLong();
        rnd.nextBytes(s.mem);
        fillMemory(s, op.mem(), v, rnd);
        op.tweak().accept(s, v);
        byte[] code = op.code().clone();
        if (op.plusI()) code[code.length - 1] += (byte) rnd.nextInt(8);
        return new Case(op, code, s);
    }

    private static void fillMemory(State s, Mem mem, X87Values v, SplittableRandom rnd) {
        switch (mem) {
            case F32 -> X87State.put(s.mem, 0, 4, v.float32());
            case F64 -> X87State.put(s.mem, 0, 8, v.float64());
            case I16 -> X87State.put(s.mem, 0, 2, v.integer(16));
            case I32 -> X87State.put(s.mem, 0, 4, v.integer(32));
            case I64 -> X87State.put(s.mem, 0, 8, v.integer(64));
            case F80 -> {
                long[] x = v.any();
                X87State.put(s.mem, 0, 8, x[1]);
                X87State.put(s.mem, 8, 2, x[0]);
            }
            case BCD -> {
                byte[] b = v.bcd();
                System.arraycopy(b, 0, s.mem, 0, 10);
                for (int k = 0; k < 9; k++) {
                    if ((b[k] & 0xf) > 9 || (b[k] & 0xf0) > 0x90) s.undefined = true;
                }
            }
            case W16 -> X87State.put(s.mem, 0, 2, rnd.nextInt(0x10000) & (rnd.nextBoolean() ? 0xff3f : 0xffff)
                    | (rnd.nextInt(4) > 0 ? 0x3f : 0));
            case ENV, SAVE, ENV16, SAVE16 -> {
                State img = new State();
                img.top = rnd.nextInt(8);
                for (int r = 0; r < 8; r++) {
                    img.regs[r] = v.any();
                    if (rnd.nextBoolean()) img.valid |= 1 << r;
                }
                img.fcw = rnd.nextInt(0x10000);
                img.fsw = rnd.nextInt(0x10000) & ~0x3800;
                img.fip = rnd.nextLong() & 0xffff_ffffL;
                img.fop = rnd.nextInt(0x800);
                img.fdp = rnd.nextLong() & 0xffff_ffffL;
                byte[] b = img.image();
                if (rnd.nextBoolean()) { // tags as FSAVE would write them, or arbitrary non-empty codes
                    int tw = 0;
                    for (int r = 0; r < 8; r++) tw |= ((img.valid >> r & 1) != 0 ? rnd.nextInt(3) : 3) << (2 * r);
                    X87State.put(b, 8, 2, tw);
                }
                if (mem == Mem.ENV16 || mem == Mem.SAVE16) b = image16(b);
                System.arraycopy(b, 0, s.mem, 0, b.length);
            }
            default -> {
            }
        }
    }

    /** The 16-bit protected-mode layout (94 bytes) of a 32-bit one. */
    private static byte[] image16(byte[] b32) {
        byte[] b = new byte[94];
        for (int k = 0; k < 7; k++) X87State.put(b, 2 * k, 2, X87State.get(b32, 4 * k, 2));
        System.arraycopy(b32, 28, b, 14, 80);
        return b;
    }

    // ---- jemu side -------------------------------------------------------------------------------------------------------

    /** jemu's result in the shape of the native one. */
    static NativeX87.Output runJemu(CpuFixture fx, Case c) {
        X86Core cpu = fx.cpu;
        State s = c.state();
        cpu.codeModified();
        byte[] code = new byte[c.code().length + 6];
        System.arraycopy(c.code(), 0, code, 0, c.code().length);
        // then FNSAVE [rbx+0x100]
        byte[] save = {(byte) 0xdd, (byte) 0xb3, 0x00, 0x01, 0x00, 0x00};
        System.arraycopy(save, 0, code, c.code().length, save.length);
        for (int k = 0; k < code.length; k++) fx.put(CpuFixture.CODE + k, 1, code[k] & 0xff);
        for (int k = 0; k < NativeX87.MEM; k++) fx.put(CpuFixture.DATA + k, 1, s.mem[k] & 0xff);
        cpu.regs[3] = CpuFixture.DATA;
        cpu.regs[0] = s.rax;
        cpu.regs[4] = CpuFixture.STACK;
        cpu.rip = CpuFixture.CODE;
        cpu.setRflags(s.rflags);
        X87State st = cpu.x87.st;
        byte[] img = s.image();
        st.setControl((int) X87State.get(img, 0, 2));
        st.setStatus((int) X87State.get(img, 4, 2));
        st.setTagWord((int) X87State.get(img, 8, 2));
        st.fip = s.fip;
        st.fop = s.fop;
        st.fdp = s.fdp;
        st.fcs = st.fds = 0;
        for (int i = 0; i < 8; i++) {
            int p = st.phys(i);
            st.sig[p] = X87State.get(img, 28 + 10 * i, 8);
            st.se[p] = (int) X87State.get(img, 36 + 10 * i, 2);
        }
        cpu.run(1);
        if (inHandler(cpu)) return new NativeX87.Output(fault(cpu), null, null, 0, 0, 0, 0);
        cpu.run(1);
        if (inHandler(cpu)) return new NativeX87.Output("jemu FNSAVE " + fault(cpu), null, null, 0, 0, 0, 0);
        byte[] out = new byte[NativeX87.IMAGE];
        for (int k = 0; k < out.length; k++) out[k] = (byte) fx.get(CpuFixture.DATA + 0x100 + k, 1);
        byte[] mem = new byte[NativeX87.MEM];
        for (int k = 0; k < mem.length; k++) mem[k] = (byte) fx.get(CpuFixture.DATA + k, 1);
        return new NativeX87.Output(null, out, mem, cpu.rflags(), cpu.regs[0], CpuFixture.CODE, CpuFixture.DATA);
    }

    private static boolean inHandler(X86Core cpu) {
        return cpu.rip >= CpuFixture.HANDLERS && cpu.rip < CpuFixture.HANDLERS + 0x1000;
    }

    private static String fault(X86Core cpu) {
        int v = (int) (cpu.rip - CpuFixture.HANDLERS) / 16;
        return switch (v) {
            case 16 -> "MF";
            case 6 -> "UD";
            default -> "vector " + v;
        };
    }

    // ---- comparison ------------------------------------------------------------------------------------------------------

    /** Outcome of a run: per op the case count, failures, transcendental cases within 1 ulp, undefined-result diffs. */
    public static final class Report {
        final Map<String, int[]> rows = new java.util.TreeMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> undefinedDiffs = new ArrayList<>();
        int cases;
        int ulpTolerated;
        int c1Diffs;
        long nanos;

        public int mismatches() {
            return failures.size();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-18s %6s %5s %5s %5s%n", "x87 op", "cases", "fail", "1ulp", "undef"));
            rows.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-18s %6d %5d %5d %5d%n", k, v[0], v[1], v[2], v[3])));
            sb.append(String.format(Locale.ROOT, "%d cases, %d failures, %d transcendental results within 1 ulp, "
                    + "%d undefined-result differences, %d transcendental C1 differences, %.2f s%n", cases, failures.size(),
                    ulpTolerated, undefinedDiffs.size(), c1Diffs, nanos / 1e9));
            failures.stream().limit(60).forEach(f -> sb.append(f).append('\n'));
            if (Boolean.getBoolean("jemu.difftest.verbose")) {
                sb.append("undefined-result differences:\n");
                undefinedDiffs.stream().limit(60).forEach(f -> sb.append(f).append('\n'));
            }
            return sb.toString();
        }
    }

    /** Runs {@code count} random cases (operations chosen uniformly) with the given seed. */
    public static Report run(long seed, int count) throws Exception {
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>(count);
        for (int k = 0; k < count; k++) cases.add(generate(rnd, OPS.get(rnd.nextInt(OPS.size()))));
        List<NativeX87.Input> inputs = new ArrayList<>(count);
        for (Case c : cases) inputs.add(new NativeX87.Input(c.state().image(), c.state().mem, c.code(), c.state().rflags, c.state().rax));
        NativeX87 nat = NativeX87.compile();
        List<NativeX87.Output> host;
        try {
            host = nat.run(inputs);
        } finally {
            nat.delete();
        }
        Report report = new Report();
        try (CpuFixture fx = new CpuFixture()) {
            fx.enter(Mode.LONG64);
            fx.cpu.mmu.setState(fx.cpu.mmu.cr0() | X87Unit.CR0_NE, fx.cpu.mmu.cr3(), fx.cpu.mmu.cr4(), fx.cpu.mmu.efer());
            for (int k = 0; k < count; k++) {
                Case c = cases.get(k);
                NativeX87.Output jemu = runJemu(fx, c);
                int[] row = report.rows.computeIfAbsent(c.op().name(), n -> new int[4]);
                row[0]++;
                report.cases++;
                Diff d = compare(c, host.get(k), jemu);
                if (d.c1) report.c1Diffs++;
                if (d.ulp) {
                    row[2]++;
                    report.ulpTolerated++;
                    if (Boolean.getBoolean("jemu.difftest.ulps")) System.out.println("ULP " + describe(k, c, host.get(k), d.note));
                }
                if (d.text.isEmpty()) continue;
                String line = describe(k, c, host.get(k), d.text);
                if (c.state().undefined) {
                    row[3]++;
                    report.undefinedDiffs.add(line);
                } else {
                    row[1]++;
                    report.failures.add(line);
                }
            }
        }
        report.nanos = System.nanoTime() - t0;
        return report;
    }

    private record Diff(String text, boolean ulp, boolean c1, String note) {
        Diff(String text, boolean ulp, boolean c1) {
            this(text, ulp, c1, "");
        }
    }

    private static Diff compare(Case c, NativeX87.Output h, NativeX87.Output j) {
        List<String> out = new ArrayList<>();
        if (h.fault() != null || j.fault() != null) {
            if (!String.valueOf(h.fault()).equals(String.valueOf(j.fault()))) {
                out.add("fault host " + h.fault() + " jemu " + j.fault());
            }
            return new Diff(String.join("; ", out), false, false);
        }
        boolean trans = (c.op().attrs() & TRANS) != 0;
        byte[] hi = h.image();
        byte[] ji = j.image();
        int hsw = (int) X87State.get(hi, 4, 2);
        int jsw = (int) X87State.get(ji, 4, 2);
        cmp(out, "fcw", X87State.get(hi, 0, 2), X87State.get(ji, 0, 2));
        int swMask = trans ? ~0x200 : ~0;
        boolean ulp = false;
        String ulpNote = "";
        if (((hsw ^ jsw) & swMask) != 0) out.add(String.format("fsw host %04x jemu %04x", hsw, jsw));
        cmp(out, "ftw", X87State.get(hi, 8, 2), X87State.get(ji, 8, 2));
        for (int i = 0; i < 8; i++) {
            long hs = X87State.get(hi, 28 + 10 * i, 8);
            long he = X87State.get(hi, 36 + 10 * i, 2);
            long js = X87State.get(ji, 28 + 10 * i, 8);
            long je = X87State.get(ji, 36 + 10 * i, 2);
            if (hs == js && he == je) continue;
            if (trans && oneUlp(he, hs, je, js)) {
                ulp = true;
                ulpNote = String.format("st%d host %04x:%016x jemu %04x:%016x fsw host %04x jemu %04x", i, he, hs, je, js, hsw, jsw);
                continue;
            }
            out.add(String.format("st%d host %04x:%016x jemu %04x:%016x", i, he, hs, je, js));
        }
        // pointers: FIP is the instruction (non-control) or unchanged (control: compared as it is)
        long hip = X87State.get(hi, 12, 4);
        long jip = X87State.get(ji, 12, 4);
        boolean control = (c.op().attrs() & CONTROL) != 0;
        String hipN = !control && hip == (h.codeAddress() & 0xffff_ffffL) ? "insn" : Long.toHexString(hip);
        String jipN = !control && jip == (j.codeAddress() & 0xffff_ffffL) ? "insn" : Long.toHexString(jip);
        if (!hipN.equals(jipN)) out.add("fip host " + hipN + " jemu " + jipN);
        boolean unmaskedNow = (hsw & 0x80) != 0 && (c.state().fsw & ~c.state().fcw & 0x3f) == 0;
        if (unmaskedNow && (c.op().attrs() & CONTROL) == 0) {
            cmp(out, "fop", X87State.get(hi, 18, 2) & 0x7ff, X87State.get(ji, 18, 2) & 0x7ff);
            if (c.hasMem()) {
                long hdp = X87State.get(hi, 20, 4) - (h.memAddress() & 0xffff_ffffL);
                long jdp = X87State.get(ji, 20, 4) - (j.memAddress() & 0xffff_ffffL);
                cmp(out, "fdp-mem", hdp, jdp);
            }
        }
        byte[] hm = h.mem();
        byte[] jm = j.mem();
        for (int k = 0; k < hm.length; k++) {
            if (hm[k] == jm[k]) continue;
            if (c.op().mem() == Mem.OUT_ENV || c.op().mem() == Mem.OUT_SAVE) {
                if (k >= 16 && k < 18 || k >= 24 && k < 26) continue; // FCS and FDS: deprecated (zero) on the host
            }
            if (c.op().mem() == Mem.OUT_ENV16 || c.op().mem() == Mem.OUT_SAVE16) {
                if (k >= 8 && k < 10 || k >= 12 && k < 14) continue;
            }
            out.add(String.format("mem[%d..] host %s jemu %s", k, hex(hm, k), hex(jm, k)));
            break;
        }
        long flagMask = 0x8d5; // OF SF ZF AF PF CF
        if (((h.rflags() ^ j.rflags()) & flagMask) != 0) out.add(String.format("rflags host %x jemu %x", h.rflags(), j.rflags()));
        cmp(out, "rax", h.rax(), j.rax());
        return new Diff(String.join("; ", out), ulp && out.isEmpty(), trans && ((hsw ^ jsw) & 0x200) != 0, ulpNote);
    }

    /** Whether two extended values are adjacent (same sign, finite, one unit in the last place apart). */
    static boolean oneUlp(long he, long hs, long je, long js) {
        if ((he & 0x8000) != (je & 0x8000)) return false;
        long a = he & 0x7fff;
        long b = je & 0x7fff;
        if (a == 0x7fff || b == 0x7fff) return false;
        if (a == b) return hs - js == 1 || js - hs == 1;
        if (a > b) {
            long t = a;
            a = b;
            b = t;
            t = hs;
            hs = js;
            js = t;
        }
        // hs is in the lower binade: its largest significand next to the smallest of the upper one
        if (b != a + 1 || js != X87Values.J) return false;
        return a == 0 ? hs == Long.MAX_VALUE : hs == -1L;
    }

    private static String hex(byte[] b, int from) {
        return HexFormat.of().formatHex(b, from, Math.min(b.length, from + 12));
    }

    private static void cmp(List<String> out, String what, long host, long jemu) {
        if (host != jemu) out.add(String.format("%s host %x jemu %x", what, host, jemu));
    }

    private static String describe(int k, Case c, NativeX87.Output h, String diff) {
        State s = c.state();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "#%d %s [%s] fcw=%04x fsw=%04x top=%d valid=%02x", k, c.op().name(),
                HexFormat.of().formatHex(c.code()), s.fcw, s.fsw, s.top, s.valid));
        for (int i = 0; i < 3; i++) {
            long[] v = s.st(i);
            sb.append(String.format(" st%d=%04x:%016x%s", i, v[0], v[1], ((s.valid >> ((s.top + i) & 7)) & 1) == 0 ? "(e)" : ""));
        }
        if (!s.undefined || c.op().mem() != Mem.NONE) sb.append(" mem=").append(hex(s.mem, 0));
        sb.append("\n    ").append(diff);
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.decode(args[0]) : System.nanoTime();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        System.out.println("x87 differential test, seed " + seed + ", " + count + " cases");
        Report r = run(seed, count);
        System.out.print(r);
        System.exit(r.mismatches() == 0 ? 0 : 1);
    }
}
