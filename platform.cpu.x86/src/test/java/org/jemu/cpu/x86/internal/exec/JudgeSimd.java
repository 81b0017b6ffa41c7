package org.jemu.cpu.x86.internal.exec;

import java.util.List;

/**
 * The SSE/MMX part of the {@link Judge}: every case starts with distinct poison values in XMM0-15 and MM0-7 (a
 * {@link TestX87} stands in for the x87 unit) and MXCSR 0x1F80, and every one of them must come out unchanged unless
 * the expected state names it. Tokens:
 * <ul>
 * <li>{@code xmm3=hi:lo} (two 64-bit hex values; {@code xmm3=v} means hi 0), {@code mm2=v}, {@code mxcsr=v}: in the
 *     initial and the expected state;
 * <li>initial only: {@code sse=1} (CR4.OSFXSR and OSXMMEXCPT on), {@code cr0=} and {@code cr4=} (written as they
 *     are), {@code x87pending=1} (the x87 unit has a pending exception: MMX instructions raise #MF);
 * <li>expected only: {@code mmx=N} the number of MMX transitions, {@code emms=N} the number of EMMS.
 * </ul>
 */
final class JudgeSimd {
    private final long[] xmm = new long[32];
    private final long[] mm = new long[8];
    private int mxcsr;
    private int transitions = -1;
    private int emms;

    private JudgeSimd() {
    }

    /** A judge case with CR4.OSFXSR and OSXMMEXCPT set ({@code sse=1}). */
    static Judge.Case s(String code, String in, String out) {
        return Judge.c(code, "sse=1 " + in, out);
    }

    static long poisonXmm(int q) {
        return 0x5a00_1100_2200_3300L + q * 0x0101_0101_0101_0101L;
    }

    static long poisonMm(int r) {
        return 0x6c00_7700_8800_9900L + r * 0x0011_0011_0011_0011L;
    }

    /** Puts the poison values in place and attaches a fresh {@link TestX87}. */
    static TestX87 prepare(X86Core cpu) {
        for (int q = 0; q < 32; q++) cpu.sse.xmm[q] = poisonXmm(q);
        cpu.sse.mxcsr = 0x1F80;
        TestX87 x87 = new TestX87();
        for (int r = 0; r < 8; r++) x87.mm[r] = poisonMm(r);
        cpu.sse.setX87(x87);
        return x87;
    }

    /** Applies an initial-state token; false when it is not one of this class's. */
    static boolean initial(X86Core cpu, TestX87 x87, String key, String value) {
        if (key.startsWith("xmm")) {
            int r = Integer.parseInt(key.substring(3));
            long[] v = xmmValue(value);
            cpu.sse.xmm[2 * r] = v[0];
            cpu.sse.xmm[2 * r + 1] = v[1];
        } else if (key.matches("mm[0-7]")) {
            x87.mm[key.charAt(2) - '0'] = Judge.num(value);
        } else if (key.equals("mxcsr")) {
            cpu.sse.mxcsr = (int) Judge.num(value);
        } else if (key.equals("sse")) {
            cpu.mmu.setCr4(cpu.mmu.cr4() | SseUnit.CR4_OSFXSR | SseUnit.CR4_OSXMMEXCPT);
        } else if (key.equals("cr0")) {
            cpu.mmu.setCr0(Judge.num(value));
        } else if (key.equals("cr4")) {
            cpu.mmu.setCr4(Judge.num(value));
        } else if (key.equals("x87pending")) {
            x87.pending = Judge.num(value) != 0;
        } else {
            return false;
        }
        return true;
    }

    private static long[] xmmValue(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) return new long[] {Judge.num(value), 0};
        return new long[] {Judge.num(value.substring(colon + 1)), Judge.num(value.substring(0, colon))};
    }

    /** The state before the instruction, which the expected state starts from. */
    static JudgeSimd snapshot(X86Core cpu, TestX87 x87) {
        JudgeSimd s = new JudgeSimd();
        System.arraycopy(cpu.sse.xmm, 0, s.xmm, 0, 32);
        System.arraycopy(x87.mm, 0, s.mm, 0, 8);
        s.mxcsr = cpu.sse.mxcsr;
        s.transitions = x87.transitions;
        s.emms = x87.emmsCount;
        return s;
    }

    private int expectedTransitions = -1;
    private int expectedEmms = -1;

    /** Applies an expected-state token; false when it is not one of this class's. */
    boolean expect(String key, String value) {
        if (key.startsWith("xmm")) {
            int r = Integer.parseInt(key.substring(3));
            long[] v = xmmValue(value);
            xmm[2 * r] = v[0];
            xmm[2 * r + 1] = v[1];
        } else if (key.matches("mm[0-7]")) {
            mm[key.charAt(2) - '0'] = Judge.num(value);
        } else if (key.equals("mxcsr")) {
            mxcsr = (int) Judge.num(value);
        } else if (key.equals("mmx")) {
            expectedTransitions = (int) Judge.num(value);
        } else if (key.equals("emms")) {
            expectedEmms = (int) Judge.num(value);
        } else {
            return false;
        }
        return true;
    }

    /** Compares the final state with the expected one. */
    void check(X86Core cpu, TestX87 x87, List<String> failures) {
        for (int r = 0; r < 16; r++) {
            long lo = cpu.sse.xmm[2 * r];
            long hi = cpu.sse.xmm[2 * r + 1];
            if (lo != xmm[2 * r] || hi != xmm[2 * r + 1]) {
                failures.add(String.format("xmm%d = %x:%016x, expected %x:%016x", r, hi, lo, xmm[2 * r + 1], xmm[2 * r]));
            }
        }
        for (int r = 0; r < 8; r++) {
            if (x87.mm[r] != mm[r]) failures.add(String.format("mm%d = %x, expected %x", r, x87.mm[r], mm[r]));
        }
        if (cpu.sse.mxcsr != mxcsr) failures.add(String.format("mxcsr = %x, expected %x", cpu.sse.mxcsr, mxcsr));
        if (expectedTransitions >= 0 && x87.transitions - transitions != expectedTransitions) {
            failures.add("MMX transitions " + (x87.transitions - transitions) + ", expected " + expectedTransitions);
        }
        if (expectedEmms >= 0 && x87.emmsCount - emms != expectedEmms) {
            failures.add("EMMS " + (x87.emmsCount - emms) + ", expected " + expectedEmms);
        }
    }
}
