package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jemu.cpu.x86.internal.decode.ByteSource;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.decode.Decoder;

/**
 * The SSE differential tester: every form of {@link SseGenerator#FORMS} with random operands and MXCSR settings, run
 * natively ({@link NativeSse}) and in jemu's interpreter ({@link LongModeMachine} at CPL 3 with CR4.OSFXSR and
 * OSXMMEXCPT, MMX registers in a {@link TestX87}); compared bit for bit: the outcome (completed, #XM, #GP, #UD), XMM0-3,
 * MM0-3, RAX/RCX/RDX, the six status flags, MXCSR and the data block; at a fault, MXCSR and the registers at the
 * fault. RCPPS/RSQRTPS results are compared within the architectural error bound instead (jemu does not reproduce
 * Intel's tables). Run as {@code SseDiffTest [seed] [cases-per-form]}, or through {@code distribution/bin/cpu-difftest
 * sse ...}.
 */
public final class SseDiffTest {

    /** Outcome of a run. */
    public static final class Report {
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> outcomes = new LinkedHashMap<>();
        int cases;
        long nanos;

        public int mismatches() {
            return failures.size();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d cases (%d forms), outcomes %s, %d mismatches, %.2f s%n", cases,
                    SseGenerator.FORMS.size(), outcomes, failures.size(), nanos / 1e9));
            failures.stream().limit(30).forEach(s -> sb.append(s).append('\n'));
            return sb.toString();
        }
    }

    private static final int BLOCK_OFFSET = 0x100;
    private static final long BLOCK = SeqLayout.DATA + BLOCK_OFFSET;
    private static final long STATUS = 0x8D5;

    private SseDiffTest() {
    }

    /** {@code perForm} cases of every form from {@code seed}. */
    public static Report run(long seed, int perForm) throws Exception {
        SseGenerator gen = new SseGenerator(seed);
        List<SseGenerator.Form> forms = new ArrayList<>();
        List<NativeSse.Input> inputs = new ArrayList<>();
        for (int k = 0; k < perForm; k++) {
            for (SseGenerator.Form f : SseGenerator.FORMS) {
                forms.add(f);
                inputs.add(gen.next(f));
            }
        }
        return compare(forms, inputs);
    }

    static Report compare(List<SseGenerator.Form> forms, List<NativeSse.Input> inputs) throws Exception {
        long t0 = System.nanoTime();
        NativeSse host = NativeSse.compile();
        List<NativeSse.Output> results;
        try {
            results = host.run(inputs);
        } finally {
            host.delete();
        }
        Report report = new Report();
        TestX87 x87 = new TestX87();
        try (LongModeMachine m = new LongModeMachine()) {
            m.cpu.sse.setX87(x87);
            for (int k = 0; k < inputs.size(); k++) {
                NativeSse.Input in = inputs.get(k);
                NativeSse.Output h = results.get(k);
                NativeSse.Output j = runJemu(m, x87, in);
                report.cases++;
                report.outcomes.merge(h.fault() == null ? "ok" : h.fault(), 1, Integer::sum);
                String diff = diff(forms.get(k), in, h, j);
                if (diff != null) report.failures.add("case " + k + " " + forms.get(k).name() + ": " + diff + "\n" + describe(in));
            }
        }
        report.nanos = System.nanoTime() - t0;
        return report;
    }

    static NativeSse.Output runJemu(LongModeMachine m, TestX87 x87, NativeSse.Input in) {
        NativeSse.State s = in.state();
        long[] regs = new long[16];
        regs[0] = s.gpr()[0];
        regs[1] = s.gpr()[1];
        regs[2] = s.gpr()[2];
        regs[3] = BLOCK;
        regs[4] = SeqLayout.STACK_START;
        regs[7] = BLOCK + in.rdiOffset();
        byte[] memory = new byte[SeqLayout.DATA_SIZE + SeqLayout.STACK_SIZE];
        System.arraycopy(s.memory(), 0, memory, BLOCK_OFFSET, NativeSse.BLOCK);
        m.load(in.code(), regs, s.rflags(), memory);
        SseUnit u = m.cpu.sse;
        Arrays.fill(u.xmm, 0);
        System.arraycopy(s.xmm(), 0, u.xmm, 0, 8);
        u.mxcsr = s.mxcsr();
        Arrays.fill(x87.mm, 0);
        System.arraycopy(s.mm(), 0, x87.mm, 0, 4);
        LongModeMachine.Outcome o = m.run(10);
        String fault = switch (o.vector()) {
            case 13 -> o.rip() == SeqLayout.CODE + in.code().length ? null : "GP";
            case 19 -> "XM";
            case 6 -> "UD";
            default -> "vector " + o.vector() + " " + o.detail();
        };
        return new NativeSse.Output(fault, new NativeSse.State(Arrays.copyOf(u.xmm, 8), Arrays.copyOf(x87.mm, 4),
                new long[] {o.regs()[0], o.regs()[1], o.regs()[2]}, o.rflags(), u.mxcsr,
                Arrays.copyOfRange(o.memory(), BLOCK_OFFSET, BLOCK_OFFSET + NativeSse.BLOCK)));
    }

    /** The differences, or null. */
    static String diff(SseGenerator.Form form, NativeSse.Input in, NativeSse.Output h, NativeSse.Output j) {
        StringBuilder sb = new StringBuilder();
        if (!String.valueOf(h.fault()).equals(String.valueOf(j.fault()))) {
            return "host " + (h.fault() == null ? "ok" : h.fault()) + ", jemu " + (j.fault() == null ? "ok" : j.fault())
                    + " mxcsr host " + Integer.toHexString(h.state().mxcsr()) + " jemu " + Integer.toHexString(j.state().mxcsr());
        }
        NativeSse.State a = h.state();
        NativeSse.State b = j.state();
        boolean approx = form.name().startsWith("rcp") || form.name().startsWith("rsqrt");
        for (int r = 0; r < 8; r++) {
            if (a.xmm()[r] == b.xmm()[r]) continue;
            if (approx && h.fault() == null && approximatelyEqual(a.xmm()[r], b.xmm()[r])) continue;
            sb.append(String.format(Locale.ROOT, " xmm%d.%s host %016x jemu %016x;", r / 2, r % 2 == 0 ? "lo" : "hi",
                    a.xmm()[r], b.xmm()[r]));
        }
        for (int r = 0; r < 4; r++) {
            if (a.mm()[r] != b.mm()[r]) {
                sb.append(String.format(Locale.ROOT, " mm%d host %016x jemu %016x;", r, a.mm()[r], b.mm()[r]));
            }
        }
        if (a.mxcsr() != b.mxcsr()) {
            sb.append(String.format(Locale.ROOT, " mxcsr host %x jemu %x;", a.mxcsr(), b.mxcsr()));
        }
        if (h.fault() == null) {
            String[] names = {"rax", "rcx", "rdx"};
            for (int r = 0; r < 3; r++) {
                if (a.gpr()[r] != b.gpr()[r]) {
                    sb.append(String.format(Locale.ROOT, " %s host %x jemu %x;", names[r], a.gpr()[r], b.gpr()[r]));
                }
            }
            if (((a.rflags() ^ b.rflags()) & STATUS) != 0) {
                sb.append(String.format(Locale.ROOT, " rflags host %x jemu %x;", a.rflags() & STATUS, b.rflags() & STATUS));
            }
            if (!Arrays.equals(a.memory(), b.memory())) {
                sb.append(" memory host ").append(HexFormat.of().formatHex(a.memory())).append(" jemu ")
                        .append(HexFormat.of().formatHex(b.memory())).append(';');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Each 32-bit lane equal, or both within 1.5 * 2^-12 of the same reciprocal (so within 3 * 2^-12 of each other). */
    private static boolean approximatelyEqual(long x, long y) {
        for (int k = 0; k < 2; k++) {
            float p = Float.intBitsToFloat((int) (x >>> (32 * k)));
            float q = Float.intBitsToFloat((int) (y >>> (32 * k)));
            if (Float.floatToRawIntBits(p) == Float.floatToRawIntBits(q)) continue;
            boolean tinyRange = (p == 0 || q == 0) && Math.max(Math.abs(p), Math.abs(q)) < 0x1p-125f;
            if (tinyRange && Math.copySign(1f, p) == Math.copySign(1f, q)) continue;
            if (!Float.isFinite(p) || !Float.isFinite(q) || p == 0 || q == 0) return false;
            if (Math.abs((double) p - q) > 3 * 0x1p-12 * Math.abs((double) q)) return false;
        }
        return true;
    }

    static String describe(NativeSse.Input in) {
        DecodedInsn d = new DecodedInsn();
        Decoder.decode(ByteSource.of(in.code(), 0), 0, Decoder.MODE64, d);
        NativeSse.State s = in.state();
        StringBuilder sb = new StringBuilder("  ").append(HexFormat.of().formatHex(in.code())).append("  ").append(d)
                .append("\n  in:");
        for (int r = 0; r < 8; r += 2) sb.append(String.format(Locale.ROOT, " xmm%d=%016x:%016x", r / 2, s.xmm()[r + 1], s.xmm()[r]));
        for (int r = 0; r < 4; r++) sb.append(String.format(Locale.ROOT, " mm%d=%x", r, s.mm()[r]));
        sb.append(String.format(Locale.ROOT, " rax=%x rcx=%x rdx=%x rflags=%x mxcsr=%x rdi=+%d%n  mem=%s", s.gpr()[0],
                s.gpr()[1], s.gpr()[2], s.rflags(), s.mxcsr(), in.rdiOffset(), HexFormat.of().formatHex(s.memory())));
        return sb.toString();
    }

    /** Command line: {@code SseDiffTest [seed] [cases-per-form]}; exits 1 on a difference. */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.decode(args[0]) : System.nanoTime();
        int perForm = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        if (!NativeSeqRunner.available()) {
            System.err.println("cpu-difftest: needs an x86-64 Linux host with gcc");
            System.exit(2);
        }
        System.out.println("seed " + seed + ", " + perForm + " cases per form");
        Report report = run(seed, perForm);
        System.out.print(report);
        System.exit(report.mismatches() == 0 ? 0 : 1);
    }
}
