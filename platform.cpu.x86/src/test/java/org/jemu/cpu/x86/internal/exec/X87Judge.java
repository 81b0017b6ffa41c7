package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.exec.CpuFixture.Mode;
import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.junit.jupiter.api.DynamicTest;

/**
 * The x87 instruction judge: table-driven tests of the x87 unit in the style of {@link Judge}. A case is instruction
 * bytes (at {@link CpuFixture#CODE}), an initial state and an expected state, as space-separated tokens. The FPU
 * starts as after FNINIT (FCW 037F, all registers empty), CR0.NE set.
 *
 * <ul>
 * <li>values: {@code se:significand} in hex ({@code 3fff:8000000000000000}), a decimal number (converted exactly from
 *     a double: {@code 1.5}, {@code -2}), {@code inf}, {@code -inf}, {@code ind} (the real indefinite), {@code qnan},
 *     {@code snan} ({@code 7fff:c000000000000001} and {@code 7fff:a000000000000000}), or, expected only, {@code empty}.
 * <li>both: {@code st0}..{@code st7} (relative to TOP; initially they also mark the register valid), {@code fcw=},
 *     {@code fsw=} (with TOP; expected: the whole word, ES and B included), {@code top=}, {@code eax= ebx= ecx= edx=
 *     ax=} registers, {@code f=CPZ} the arithmetic flags (exactly those set), {@code m16@addr= m32@ m64@} and
 *     {@code m80@addr=value} memory, {@code b@addr=hexbytes}.
 * <li>initial only: {@code cr0+=bits} / {@code cr0-=bits} (e.g. TS 8, EM 4, MP 2, NE 20), {@code steps=N},
 *     {@code fip= fop= fdp=}.
 * <li>expected only: {@code ftw=} (full tag word), {@code fop= fip= fdp= fcs= fds=}, {@code ferr=0|1}, {@code rip=},
 *     an exception {@code #NM #MF #UD #GP #PF} (RIP in the vector's handler stub, return address the faulting
 *     instruction unless {@code at=}).
 * </ul>
 * General registers not named must come out unchanged.
 */
final class X87Judge {

    private X87Judge() {
    }

    static Judge.Case c(String code, String in, String out) {
        return Judge.c(code, in, out);
    }

    static Stream<DynamicTest> real(Judge.Case... cases) {
        return tests(Mode.REAL, cases);
    }

    static Stream<DynamicTest> p32(Judge.Case... cases) {
        return tests(Mode.PROT32, cases);
    }

    static Stream<DynamicTest> l64(Judge.Case... cases) {
        return tests(Mode.LONG64, cases);
    }

    static Stream<DynamicTest> tests(Mode mode, Judge.Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest("[" + mode + "] " + c.name(), () -> run(mode, c)));
    }

    private static final Map<String, Integer> GPR = Map.of("eax", 0, "ecx", 1, "edx", 2, "ebx", 3, "esi", 6, "edi", 7);
    private static final Map<String, Integer> VECTORS = Map.of("#UD", 6, "#NM", 7, "#GP", 13, "#PF", 14, "#MF", 16);

    /** An extended value from a token: {@code {signExponent, significand}}. */
    static long[] value(String t) {
        switch (t) {
            case "inf":
                return new long[] {0x7fff, X87Values.J};
            case "-inf":
                return new long[] {0xffff, X87Values.J};
            case "ind":
                return new long[] {0xffff, 0xC000_0000_0000_0000L};
            case "qnan":
                return new long[] {0x7fff, 0xC000_0000_0000_0001L};
            case "snan":
                return new long[] {0x7fff, 0xA000_0000_0000_0000L};
            default:
                break;
        }
        int colon = t.indexOf(':');
        if (colon > 0) return new long[] {Long.parseLong(t.substring(0, colon), 16), Long.parseUnsignedLong(t.substring(colon + 1), 16)};
        double d = Double.parseDouble(t);
        long bits = Double.doubleToRawLongBits(d);
        int sign = (int) (bits >>> 48) & 0x8000;
        if (d == 0) return new long[] {sign, 0};
        int exp = (int) (bits >>> 52) & 0x7ff;
        long frac = bits & 0xf_ffff_ffff_ffffL;
        if (exp == 0) {
            int k = Long.numberOfLeadingZeros(frac << 11);
            return new long[] {sign | (1 - 1023 + X87Values.BIAS - k), (frac << 11) << k};
        }
        return new long[] {sign | (exp - 1023 + X87Values.BIAS), X87Values.J | frac << 11};
    }

    private static String format(int se, long sig) {
        return String.format("%04x:%016x", se, sig);
    }

    private static int memSize(String key) {
        return switch (key) {
            case "m16" -> 2;
            case "m32" -> 4;
            case "m64" -> 8;
            default -> 0;
        };
    }

    static void run(Mode mode, Judge.Case c) {
        try (CpuFixture fx = new CpuFixture()) {
            fx.enter(mode);
            X86Core cpu = fx.cpu;
            for (int r = 0; r < 16; r++) {
                if (r != 4) cpu.regs[r] = Judge.poison(r) & (mode == Mode.LONG64 ? -1L : 0xffff_ffffL);
            }
            for (int k = 0; k < c.code().length; k++) fx.put(CpuFixture.CODE + k, 1, c.code()[k]);
            boolean[] ferr = new boolean[1];
            cpu.setFerrLine(level -> ferr[0] = level);
            X87State st = cpu.x87.st;
            st.init();
            long cr0 = cpu.mmu.cr0() | X87Unit.CR0_NE;
            long rflags = X86Core.FL_RESERVED1;
            int steps = 1;
            List<String[]> in = Judge.tokens(c.in());
            for (String[] t : in) { // TOP first: the ST(i) tokens are relative to it
                if (t[0].equals("fsw")) st.setStatus((int) Judge.num(t[1]));
                if (t[0].equals("top")) st.top = (int) Judge.num(t[1]);
            }
            for (String[] t : in) {
                String k = t[0];
                if (k.matches("st[0-7]")) {
                    long[] v = value(t[1]);
                    st.set(k.charAt(2) - '0', (int) v[0], v[1]);
                } else if (k.equals("fcw")) {
                    st.setControl((int) Judge.num(t[1]));
                } else if (k.equals("fsw") || k.equals("top")) {
                    continue;
                } else if (GPR.containsKey(k)) {
                    cpu.regs[GPR.get(k)] = Judge.num(t[1]) & 0xffff_ffffL;
                } else if (k.equals("ax")) {
                    cpu.regs[0] = (cpu.regs[0] & ~0xffffL) | (Judge.num(t[1]) & 0xffff);
                } else if (k.equals("f")) {
                    rflags = (rflags & ~LazyFlags.STATUS) | flags(t[1]);
                } else if (k.equals("cr0+")) {
                    cr0 |= Judge.num(t[1]);
                } else if (k.equals("cr0-")) {
                    cr0 &= ~Judge.num(t[1]);
                } else if (k.equals("steps")) {
                    steps = (int) Judge.num(t[1]);
                } else if (k.equals("fip")) {
                    st.fip = Judge.num(t[1]);
                } else if (k.equals("fop")) {
                    st.fop = (int) Judge.num(t[1]);
                } else if (k.equals("fdp")) {
                    st.fdp = Judge.num(t[1]);
                } else if (k.startsWith("m80@")) {
                    long[] v = value(t[1]);
                    long a = Judge.num(k.substring(4));
                    fx.put(a, 8, v[1]);
                    fx.put(a + 8, 2, v[0]);
                } else if (k.startsWith("b@")) {
                    byte[] bytes = HexFormat.of().parseHex(t[1]);
                    for (int i = 0; i < bytes.length; i++) fx.put(Judge.num(k.substring(2)) + i, 1, bytes[i]);
                } else if (memSize(k.split("@")[0]) > 0) {
                    fx.put(Judge.num(k.split("@")[1]), memSize(k.split("@")[0]), Judge.num(t[1]));
                } else {
                    throw new IllegalArgumentException("unknown initial token " + k);
                }
            }
            cpu.mmu.setState(cr0, cpu.mmu.cr3(), cpu.mmu.cr4(), cpu.mmu.efer());
            cpu.setRflags(rflags);
            long[] initial = cpu.regs.clone();
            for (int s = 0; s < steps; s++) cpu.run(1);
            check(fx, mode, c, initial, ferr[0]);
        }
    }

    private static long flags(String letters) {
        long v = 0;
        for (char ch : letters.toUpperCase().toCharArray()) {
            v |= switch (ch) {
                case 'C' -> LazyFlags.CF;
                case 'P' -> LazyFlags.PF;
                case 'A' -> LazyFlags.AF;
                case 'Z' -> LazyFlags.ZF;
                case 'S' -> LazyFlags.SF;
                case 'O' -> LazyFlags.OF;
                default -> throw new IllegalArgumentException("flag " + ch);
            };
        }
        return v;
    }

    private static void check(CpuFixture fx, Mode mode, Judge.Case c, long[] initial, boolean ferr) {
        X86Core cpu = fx.cpu;
        X87State st = cpu.x87.st;
        List<String> failures = new ArrayList<>();
        long[] expected = initial.clone();
        long regMask = mode == Mode.LONG64 ? -1L : 0xffff_ffffL;
        int expVector = -1;
        long expRip = CpuFixture.CODE + c.code().length;
        long frameReturn = CpuFixture.CODE;
        for (String[] t : Judge.tokens(c.out())) {
            String k = t[0];
            if (k.matches("st[0-7]")) {
                int i = k.charAt(2) - '0';
                if (t[1].equals("empty")) {
                    if (!st.empty(i)) failures.add(k + " = " + format(st.stSe(i), st.stSig(i)) + ", expected empty");
                } else {
                    long[] v = value(t[1]);
                    if (st.empty(i)) {
                        failures.add(k + " is empty, expected " + format((int) v[0], v[1]));
                    } else if (st.stSe(i) != v[0] || st.stSig(i) != v[1]) {
                        failures.add(k + " = " + format(st.stSe(i), st.stSig(i)) + ", expected " + format((int) v[0], v[1]));
                    }
                }
            } else if (k.equals("fcw")) {
                cmp(failures, k, st.fcw, Judge.num(t[1]));
            } else if (k.equals("fsw")) {
                cmp(failures, k, st.status(), Judge.num(t[1]));
            } else if (k.equals("top")) {
                cmp(failures, k, st.top, Judge.num(t[1]));
            } else if (k.equals("ftw")) {
                cmp(failures, k, st.tagWord(), Judge.num(t[1]));
            } else if (k.equals("fop")) {
                cmp(failures, k, st.fop, Judge.num(t[1]));
            } else if (k.equals("fip")) {
                cmp(failures, k, st.fip, Judge.num(t[1]));
            } else if (k.equals("fdp")) {
                cmp(failures, k, st.fdp, Judge.num(t[1]));
            } else if (k.equals("fcs")) {
                cmp(failures, k, st.fcs, Judge.num(t[1]));
            } else if (k.equals("fds")) {
                cmp(failures, k, st.fds, Judge.num(t[1]));
            } else if (k.equals("ferr")) {
                cmp(failures, k, ferr ? 1 : 0, Judge.num(t[1]));
            } else if (k.equals("rip")) {
                expRip = Judge.num(t[1]);
            } else if (k.equals("at")) {
                frameReturn = Judge.num(t[1]);
            } else if (GPR.containsKey(k)) {
                expected[GPR.get(k)] = Judge.num(t[1]) & 0xffff_ffffL;
            } else if (k.equals("ax")) {
                expected[0] = (expected[0] & ~0xffffL) | (Judge.num(t[1]) & 0xffff);
            } else if (k.equals("f")) {
                long want = flags(t[1]);
                long got = cpu.rflags() & LazyFlags.STATUS;
                if (got != want) failures.add(String.format("flags = %x, expected %x", got, want));
            } else if (VECTORS.containsKey(k)) {
                expVector = VECTORS.get(k);
            } else if (k.startsWith("m80@")) {
                long a = Judge.num(k.substring(4));
                long[] v = value(t[1]);
                long sig = fx.get(a, 8);
                long se = fx.get(a + 8, 2);
                if (sig != v[1] || se != v[0]) failures.add(k + " = " + format((int) se, sig) + ", expected " + format((int) v[0], v[1]));
            } else if (k.startsWith("b@")) {
                byte[] bytes = HexFormat.of().parseHex(t[1]);
                long a0 = Judge.num(k.substring(2));
                StringBuilder got = new StringBuilder();
                for (int i = 0; i < bytes.length; i++) got.append(String.format("%02x", fx.get(a0 + i, 1)));
                if (!got.toString().equals(t[1])) failures.add(k + " = " + got + ", expected " + t[1]);
            } else if (memSize(k.split("@")[0]) > 0) {
                int size = memSize(k.split("@")[0]);
                cmp(failures, k, fx.get(Judge.num(k.split("@")[1]), size), Judge.num(t[1]) & LazyFlags.mask(size * 8));
            } else {
                throw new IllegalArgumentException("unknown expected token " + k);
            }
        }
        long rip = cpu.rip;
        boolean inHandler = cpu.segs[Segmentation.CS].base() == 0 && rip >= CpuFixture.HANDLERS && rip < CpuFixture.HANDLERS + 0x1000;
        if (inHandler) {
            int vector = (int) (rip - CpuFixture.HANDLERS) / 16;
            if (vector != expVector) {
                failures.add("exception " + vector + (expVector < 0 ? ", expected none" : ", expected " + expVector));
            } else {
                int w = mode == Mode.REAL ? 2 : mode == Mode.PROT32 ? 4 : 8;
                long sp = cpu.segs[Segmentation.SS].base() + (mode == Mode.REAL ? cpu.regs[4] & 0xffff : cpu.regs[4]);
                if (mode != Mode.REAL && (vector == 13 || vector == 14)) sp += w;
                cmp(failures, "return address", fx.get(sp, w), frameReturn);
            }
        } else {
            if (expVector >= 0) failures.add("no exception, expected vector " + expVector);
            cmp(failures, "rip", rip, expRip);
        }
        for (int r = 0; r < 16; r++) {
            if (r == 4) continue;
            if (((cpu.regs[r] ^ expected[r]) & regMask) != 0) {
                failures.add(String.format("r%d = %x, expected %x", r, cpu.regs[r] & regMask, expected[r] & regMask));
            }
        }
        if (!failures.isEmpty()) fail(c.name() + ":\n  " + String.join("\n  ", failures));
    }

    private static void cmp(List<String> failures, String what, long actual, long expected) {
        if (actual != expected) failures.add(String.format("%s = %x, expected %x", what, actual, expected));
    }
}
