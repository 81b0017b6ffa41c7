package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jemu.cpu.x86.internal.decode.ByteSource;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.decode.Decoder;

/**
 * The CPU-level differential tester: random 64-bit user-mode instruction sequences ({@link SeqGenerator}) run
 * natively on the host CPU ({@link NativeSeqRunner}) and in jemu's interpreter on a small long-mode machine at CPL 3
 * ({@link LongModeMachine}); the outcome (completed, or the fault: #DE, #UD, #GP, #PF with its address, and its RIP),
 * all 16 registers, RFLAGS (the six
 * arithmetic flags minus those architecturally undefined at that point, and DF) and the data and stack blocks are
 * compared. Run as {@code CpuDiffTest [seed] [sequences] [maxGroups]}, or through {@code distribution/bin/cpu-difftest
 * cpu ...}.
 */
public final class CpuDiffTest {

    /** Outcome of a run. */
    public static final class Report {
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> outcomes = new LinkedHashMap<>();
        int cases;
        long instructions;
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
            sb.append(String.format(Locale.ROOT, "%d sequences, %d instructions, outcomes %s, %d failures, %.2f s%n",
                    cases, instructions, outcomes, failures.size(), nanos / 1e9));
            failures.stream().limit(20).forEach(s -> sb.append(s).append('\n'));
            return sb.toString();
        }
    }

    private CpuDiffTest() {
    }

    /** Generates and compares {@code count} sequences of 1..{@code maxGroups} instruction groups. */
    public static Report run(long seed, int count, int maxGroups) throws Exception {
        return run(seed, count, maxGroups, X86Core.DEFAULT_TRANSLATE_THRESHOLD);
    }

    /**
     * As {@link #run(long, int, int)}, with jemu translating a block once it ran {@code translateThreshold} times
     * (1: every block as soon as it runs; 0: interpret only).
     */
    public static Report run(long seed, int count, int maxGroups, int translateThreshold) throws Exception {
        SeqGenerator gen = new SeqGenerator(seed, NativeSeqRunner.cpuFlags());
        List<SeqGenerator.Sequence> seqs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) seqs.add(gen.next(maxGroups));
        return compare(seqs, translateThreshold);
    }

    /** Runs the sequences natively and in jemu and compares them. */
    static Report compare(List<SeqGenerator.Sequence> seqs) throws Exception {
        return compare(seqs, X86Core.DEFAULT_TRANSLATE_THRESHOLD);
    }

    static Report compare(List<SeqGenerator.Sequence> seqs, int translateThreshold) throws Exception {
        long t0 = System.nanoTime();
        Report report = new Report();
        NativeSeqRunner host = NativeSeqRunner.compile();
        List<NativeSeqRunner.Result> results;
        try {
            results = host.run(seqs);
        } finally {
            host.delete();
        }
        try (LongModeMachine m = new LongModeMachine()) {
            m.cpu.setTranslateThreshold(translateThreshold);
            for (int i = 0; i < seqs.size(); i++) {
                SeqGenerator.Sequence s = seqs.get(i);
                NativeSeqRunner.Result h = results.get(i);
                m.load(s.code(), s.regs(), s.rflags(), SeqLayout.initialMemory(s.memSeed()));
                LongModeMachine.Outcome j = m.run(100_000);
                report.cases++;
                report.instructions += s.instructions();
                String kind = hostKind(h, s);
                report.outcomes.merge(kind, 1, Integer::sum);
                String diff = diff(s, h, kind, j);
                if (diff != null) report.failures.add("case " + i + ": " + diff + "\n" + describe(s));
            }
        }
        report.nanos = System.nanoTime() - t0;
        return report;
    }

    private static String hostKind(NativeSeqRunner.Result h, SeqGenerator.Sequence s) {
        return switch (h.signal()) {
            case 0 -> "end";
            case 8 -> "#DE";
            case 4 -> "#UD";
            case 11 -> h.code() == 0x80 ? "#GP" : "#PF"; // SI_KERNEL: #GP; SEGV_MAPERR/ACCERR: #PF
            case 7 -> "SIGBUS";
            case 5 -> "SIGTRAP";
            default -> "signal " + h.signal();
        };
    }

    private static String jemuKind(LongModeMachine.Outcome j, SeqGenerator.Sequence s) {
        return switch (j.vector()) {
            case 13 -> j.rip() == SeqLayout.CODE + s.code().length ? "end" : "#GP";
            case 14 -> "#PF";
            case 0 -> "#DE";
            case 6 -> "#UD";
            case 12, 17 -> "SIGBUS";
            case 1, 3 -> "SIGTRAP";
            case -1 -> "stuck: " + j.detail();
            default -> "vector " + j.vector();
        };
    }

    private static final String[] NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
        "r11", "r12", "r13", "r14", "r15"};

    /** The differences, or null when jemu agrees with the host. */
    static String diff(SeqGenerator.Sequence s, NativeSeqRunner.Result h, String kind, LongModeMachine.Outcome j) {
        StringBuilder sb = new StringBuilder();
        String jk = jemuKind(j, s);
        if (!kind.equals(jk) || h.rip() != j.rip()) {
            return String.format(Locale.ROOT, "host %s at %x, jemu %s at %x %s", kind, h.rip(), jk, j.rip(), j.detail());
        }
        if (kind.equals("#PF") && h.address() != j.cr2()) {
            sb.append(String.format(Locale.ROOT, " fault address host %x jemu cr2 %x;", h.address(), j.cr2()));
        }
        for (int r = 0; r < 16; r++) {
            if (h.regs()[r] != j.regs()[r]) {
                sb.append(String.format(Locale.ROOT, " %s host %x jemu %x;", NAMES[r], h.regs()[r], j.regs()[r]));
            }
        }
        long mask = (SeqGenerator.STATUS | SeqGenerator.DF) & ~s.undefinedAt(h.rip());
        if (((h.rflags() ^ j.rflags()) & mask) != 0) {
            sb.append(String.format(Locale.ROOT, " rflags host %x jemu %x (compared %x);", h.rflags() & mask,
                    j.rflags() & mask, mask));
        }
        byte[] hm = h.memory();
        byte[] jm = j.memory();
        for (int k = 0; k < hm.length; k++) {
            if (hm[k] != jm[k]) {
                long addr = k < SeqLayout.DATA_SIZE ? SeqLayout.DATA + k : SeqLayout.STACK + k - SeqLayout.DATA_SIZE;
                int end = Math.min(hm.length, k + 8);
                sb.append(String.format(Locale.ROOT, " memory at %x host %s jemu %s;", addr,
                        HexFormat.of().formatHex(hm, k, end), HexFormat.of().formatHex(jm, k, end)));
                break;
            }
        }
        return sb.isEmpty() ? null : kind + " at " + Long.toHexString(h.rip()) + ":" + sb;
    }

    /** The sequence disassembled, with its inputs. */
    static String describe(SeqGenerator.Sequence s) {
        StringBuilder sb = new StringBuilder();
        DecodedInsn d = new DecodedInsn();
        ByteSource src = ByteSource.of(s.code(), SeqLayout.CODE);
        HexFormat hex = HexFormat.of();
        for (int off : s.offsets()) {
            long pc = SeqLayout.CODE + off;
            String text;
            int len;
            try {
                Decoder.decode(src, pc, Decoder.MODE64, d);
                text = d.toString();
                len = d.length;
            } catch (RuntimeException e) {
                text = "?? " + e;
                len = 1;
            }
            sb.append(String.format(Locale.ROOT, "  %x  %-30s %s%n", pc,
                    hex.formatHex(s.code(), off, Math.min(s.code().length, off + len)), text));
        }
        sb.append("  in:");
        for (int r = 0; r < 16; r++) sb.append(String.format(Locale.ROOT, " %s=%x", NAMES[r], s.regs()[r]));
        sb.append(String.format(Locale.ROOT, " rflags=%x memseed=%x", s.rflags(), s.memSeed()));
        return sb.toString();
    }

    /**
     * Command line: {@code CpuDiffTest [seed] [sequences] [maxGroups] [translateThreshold]} (threshold 0: interpret
     * only, 1: translate every block at once; default: the CPU's); exits 1 on a difference.
     */
    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.decode(args[0]) : System.nanoTime();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int threshold = args.length > 3 ? Integer.parseInt(args[3]) : X86Core.DEFAULT_TRANSLATE_THRESHOLD;
        if (!NativeSeqRunner.available()) {
            System.err.println("cpu-difftest: needs an x86-64 Linux host with gcc");
            System.exit(2);
        }
        System.out.println("seed " + seed + ", " + count + " sequences of 1.." + groups + " instruction groups");
        Report report = run(seed, count, groups, threshold);
        System.out.print(report);
        System.exit(report.mismatches() == 0 ? 0 : 1);
    }
}
