package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.exec.CpuFixture.Mode;
import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.junit.jupiter.api.DynamicTest;

/**
 * The instruction judge: table-driven single-instruction tests of {@link X86Core}. A case is instruction bytes, an
 * initial state and an expected state, each a line of space-separated tokens:
 *
 * <pre>
 *   c("01 d8 ; add eax,ebx", "eax=1 ebx=2", "eax=3 f=")
 * </pre>
 *
 * <p>The bytes go to {@link CpuFixture#CODE} and one instruction runs (more with {@code steps=N}). Every register not
 * named keeps a distinct poison value and must come out unchanged; RFLAGS, the I/O log and RIP (the next
 * instruction) likewise. Numbers are hex ({@code -1} is all ones). Tokens, in the initial and/or expected state:
 * <ul>
 * <li>{@code rax=}, {@code eax=}, {@code ax=}, {@code al=}, {@code ah=}, {@code r9d=}, {@code sil=}...: a register
 *     view, written with the architectural rule (8/16-bit views merge, 32-bit views zero-extend) into the initial
 *     value; in the expected state the same rule applied to the initial value gives the expected register. Outside
 *     64-bit mode only the low 32 bits are compared.
 * <li>{@code f=CPAZSO} the six status flags (exactly those set; {@code f=} none); {@code u=AO} flags undefined for the
 *     instruction (not compared); {@code fl=} all of RFLAGS; {@code df= if= tf= ac= nt= iopl=} single fields.
 * <li>{@code m8@addr=}, {@code m16@}, {@code m32@}, {@code m64@}: memory values; {@code b@addr=hexbytes}.
 * <li>{@code es= ss= ds= fs= gs=} selectors (loaded as the mode loads them); {@code fsbase= gsbase=} bases;
 *     {@code cs=} (expected only).
 * <li>initial only: {@code cpl=3}, {@code steps=N}, {@code port@60=v} (what a read of the port returns),
 *     {@code pte@linear=entry} (long mode), {@code cr2=}.
 * <li>XMM, MMX and MXCSR state and the SSE controls: see {@link JudgeSimd} (registers not named must be unchanged).
 * <li>expected only: {@code rip=}; {@code io=r60/1,w80/2=1234} the port accesses; {@code cr0= cr2= cr3= cr4= efer=};
 *     {@code halted=1}; an exception {@code #DE #UD #GP(err) #PF(err) #SS(0) #NP(sel) #BP #OF} or {@code int=n}
 *     (software interrupt): RIP must be in the vector's handler stub and the frame must hold the error code, the
 *     return address ({@code at=}, default the instruction for faults, the next one for INT n/INT3/INTO) and the
 *     expected RFLAGS; RSP is not compared then.
 * </ul>
 */
final class Judge {

    private Judge() {
    }

    record Case(String name, byte[] code, String in, String out) {
    }

    /** A case: {@code "hex bytes ; comment"}, initial state, expected state. */
    static Case c(String code, String in, String out) {
        int semi = code.indexOf(';');
        String hex = (semi < 0 ? code : code.substring(0, semi)).replaceAll("\\s", "");
        return new Case(code.trim(), HexFormat.of().parseHex(hex), in, out);
    }

    static Stream<DynamicTest> real(Case... cases) {
        return tests(Mode.REAL, cases);
    }

    static Stream<DynamicTest> p32(Case... cases) {
        return tests(Mode.PROT32, cases);
    }

    static Stream<DynamicTest> l64(Case... cases) {
        return tests(Mode.LONG64, cases);
    }

    /** The same cases in 32-bit protected and 64-bit mode (for encodings that mean the same in both). */
    static Stream<DynamicTest> p32l64(Case... cases) {
        return Stream.concat(p32(cases), l64(cases));
    }

    static Stream<DynamicTest> tests(Mode mode, Case... cases) {
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest("[" + mode + "] " + c.name(), () -> run(mode, c)));
    }

    // ---- registers -------------------------------------------------------------------------------------------------

    private record View(int reg, int size, boolean high) {
    }

    private static final Map<String, View> VIEWS = new LinkedHashMap<>();

    static {
        String[] r64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
        String[] r16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
        String[] r8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"};
        for (int r = 0; r < 8; r++) {
            VIEWS.put(r64[r], new View(r, 8, false));
            VIEWS.put("e" + r16[r], new View(r, 4, false));
            VIEWS.put(r16[r], new View(r, 2, false));
            VIEWS.put(r8[r], new View(r, 1, false));
        }
        for (int r = 8; r < 16; r++) {
            VIEWS.put("r" + r, new View(r, 8, false));
            VIEWS.put("r" + r + "d", new View(r, 4, false));
            VIEWS.put("r" + r + "w", new View(r, 2, false));
            VIEWS.put("r" + r + "b", new View(r, 1, false));
        }
        String[] hi = {"ah", "ch", "dh", "bh"};
        for (int r = 0; r < 4; r++) VIEWS.put(hi[r], new View(r, 1, true));
    }

    private static long write(long old, View v, long value) {
        if (v.high) return (old & ~0xff00L) | ((value & 0xff) << 8);
        return switch (v.size) {
            case 1 -> (old & ~0xffL) | (value & 0xff);
            case 2 -> (old & ~0xffffL) | (value & 0xffff);
            case 4 -> value & 0xffff_ffffL;
            default -> value;
        };
    }

    /** A distinct value per register that no instruction is likely to produce by accident. */
    static long poison(int r) {
        return 0x8a7b_6c5d_4e3f_2010L + r * 0x0111_0111_0111_0101L;
    }

    private static final String FLAG_LETTERS = "CPAZSO";
    private static final long[] FLAG_BITS = {LazyFlags.CF, LazyFlags.PF, LazyFlags.AF, LazyFlags.ZF, LazyFlags.SF, LazyFlags.OF};

    private static long flagLetters(String s) {
        long v = 0;
        for (char ch : s.toUpperCase().toCharArray()) {
            int i = FLAG_LETTERS.indexOf(ch);
            if (i < 0) throw new IllegalArgumentException("flag letter " + ch);
            v |= FLAG_BITS[i];
        }
        return v;
    }

    private static final Map<String, Long> FLAG_FIELDS = Map.of("df", X86Core.FL_DF, "if", X86Core.FL_IF, "tf", X86Core.FL_TF,
            "ac", X86Core.FL_AC, "nt", X86Core.FL_NT, "id", X86Core.FL_ID, "iopl", X86Core.FL_IOPL);

    private static long flagField(long rflags, String key, long value) {
        long bit = FLAG_FIELDS.get(key);
        long field = key.equals("iopl") ? value << 12 : value != 0 ? bit : 0;
        return (rflags & ~bit) | (field & bit);
    }

    private static final Map<String, Integer> SEGS = Map.of("es", 0, "cs", 1, "ss", 2, "ds", 3, "fs", 4, "gs", 5);
    private static final Map<String, Integer> VECTORS = Map.ofEntries(Map.entry("#DE", 0), Map.entry("#BP", 3),
            Map.entry("#OF", 4), Map.entry("#BR", 5), Map.entry("#UD", 6), Map.entry("#NM", 7), Map.entry("#NP", 11),
            Map.entry("#SS", 12), Map.entry("#GP", 13), Map.entry("#PF", 14), Map.entry("#MF", 16),
            Map.entry("#XM", 19));

    static long num(String s) {
        s = s.replace("_", "");
        if (s.startsWith("-")) return -Long.parseUnsignedLong(s.substring(1), 16);
        if (s.startsWith("0x")) s = s.substring(2);
        return Long.parseUnsignedLong(s, 16);
    }

    static List<String[]> tokens(String spec) {
        List<String[]> out = new ArrayList<>();
        for (String t : spec.trim().split("\\s+")) {
            if (t.isEmpty()) continue;
            int eq = t.indexOf('=');
            out.add(eq < 0 ? new String[] {t, ""} : new String[] {t.substring(0, eq), t.substring(eq + 1)});
        }
        return out;
    }

    private static int memSize(String key) {
        return switch (key) {
            case "m8" -> 1;
            case "m16" -> 2;
            case "m32" -> 4;
            case "m64" -> 8;
            default -> 0;
        };
    }

    // ---- running a case ----------------------------------------------------------------------------------------------

    static void run(Mode mode, Case c) {
        try (CpuFixture fx = new CpuFixture()) {
            fx.enter(mode);
            X86Core cpu = fx.cpu;
            boolean legacy = mode != Mode.LONG64;
            for (int r = 0; r < 16; r++) {
                if (r != 4) cpu.regs[r] = legacy ? poison(r) & 0xffff_ffffL : poison(r);
            }
            for (int i = 0; i < c.code().length; i++) fx.put(CpuFixture.CODE + i, 1, c.code()[i]);
            int steps = 1;
            TestX87 x87 = JudgeSimd.prepare(cpu);
            List<String[]> in = tokens(c.in());
            for (String[] t : in) {
                if (t[0].equals("cpl") && num(t[1]) == 3) fx.enterCpl3();
            }
            long rflags = X86Core.FL_RESERVED1;
            for (String[] t : in) {
                String k = t[0];
                View v = VIEWS.get(k);
                if (v != null) {
                    cpu.regs[v.reg] = write(cpu.regs[v.reg], v, num(t[1]));
                } else if (k.equals("f")) {
                    rflags = (rflags & ~LazyFlags.STATUS) | flagLetters(t[1]);
                } else if (k.equals("fl")) {
                    rflags = num(t[1]) | X86Core.FL_RESERVED1;
                } else if (FLAG_FIELDS.containsKey(k)) {
                    rflags = flagField(rflags, k, num(t[1]));
                } else if (memSize(k.split("@")[0]) > 0) {
                    String[] ka = k.split("@");
                    fx.put(num(ka[1]), memSize(ka[0]), num(t[1]));
                } else if (k.startsWith("b@")) {
                    byte[] bytes = HexFormat.of().parseHex(t[1]);
                    for (int i = 0; i < bytes.length; i++) fx.put(num(k.substring(2)) + i, 1, bytes[i]);
                } else if (k.startsWith("port@")) {
                    fx.portValues.put((int) num(k.substring(5)), num(t[1]));
                } else if (k.startsWith("pte@")) {
                    fx.pte(num(k.substring(4)), num(t[1]));
                } else if (SEGS.containsKey(k) && !k.equals("cs")) {
                    fx.loadSegment(SEGS.get(k), (int) num(t[1]));
                } else if (k.equals("fsbase") || k.equals("gsbase")) {
                    cpu.segs[k.equals("fsbase") ? Segmentation.FS : Segmentation.GS].setBase(num(t[1]));
                } else if (k.equals("steps")) {
                    steps = (int) num(t[1]);
                } else if (k.equals("cr2")) {
                    cpu.cr2 = num(t[1]);
                } else if (JudgeSimd.initial(cpu, x87, k, t[1])) {
                    continue;
                } else if (!k.equals("cpl")) {
                    throw new IllegalArgumentException("unknown initial token " + k);
                }
            }
            cpu.setRflags(rflags);
            long[] initial = cpu.regs.clone();
            long initialFlags = cpu.rflags();
            JudgeSimd simd = JudgeSimd.snapshot(cpu, x87);

            for (int s = 0; s < steps; s++) {
                X86Core.Exit exit = cpu.run(1);
                if (exit == X86Core.Exit.TRIPLE_FAULT || exit == X86Core.Exit.UNSUPPORTED) {
                    fail(c.name() + ": CPU stopped with " + exit + ": " + cpu.exitDetail());
                }
            }
            check(fx, mode, c, initial, initialFlags, simd, x87);
        }
    }

    private static void check(CpuFixture fx, Mode mode, Case c, long[] initial, long initialFlags, JudgeSimd simd,
                              TestX87 x87) {
        X86Core cpu = fx.cpu;
        boolean legacy = mode != Mode.LONG64;
        long regMask = legacy ? 0xffff_ffffL : -1L;
        long[] expected = initial.clone();
        long expFlags = initialFlags;
        long undefined = 0;
        long expRip = CpuFixture.CODE + c.code().length;
        int expVector = -1;
        int expError = -1;
        long frameReturn = -1;
        String expIo = "";
        List<String> failures = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        for (String[] t : tokens(c.out())) {
            String k = t[0];
            View v = VIEWS.get(k);
            if (v != null) {
                expected[v.reg] = write(expected[v.reg], v, num(t[1]));
            } else if (k.equals("f")) {
                expFlags = (expFlags & ~LazyFlags.STATUS) | flagLetters(t[1]);
            } else if (k.equals("u")) {
                undefined |= flagLetters(t[1]);
            } else if (k.equals("fl")) {
                expFlags = num(t[1]);
            } else if (FLAG_FIELDS.containsKey(k)) {
                expFlags = flagField(expFlags, k, num(t[1]));
            } else if (k.equals("rip")) {
                expRip = num(t[1]);
            } else if (k.equals("at")) {
                frameReturn = num(t[1]);
            } else if (k.equals("io")) {
                expIo = t[1];
            } else if (k.startsWith("#")) {
                String name = k.contains("(") ? k.substring(0, k.indexOf('(')) : k;
                Integer vec = VECTORS.get(name);
                if (vec == null) throw new IllegalArgumentException("unknown exception " + k);
                expVector = vec;
                if (k.contains("(")) expError = (int) num(k.substring(k.indexOf('(') + 1, k.indexOf(')')));
                if (frameReturn < 0 && (vec == 3 || vec == 4)) frameReturn = expRip;
            } else if (k.equals("int")) {
                expVector = (int) num(t[1]);
                if (frameReturn < 0) frameReturn = expRip;
            } else if (memSize(k.split("@")[0]) > 0 || k.startsWith("b@")) {
                later.add(() -> {
                    if (k.startsWith("b@")) {
                        byte[] bytes = HexFormat.of().parseHex(t[1]);
                        for (int i = 0; i < bytes.length; i++) {
                            long a = num(k.substring(2)) + i;
                            if (fx.get(a, 1) != (bytes[i] & 0xff)) failures.add(String.format("byte [%x] = %02x, expected %02x", a, fx.get(a, 1), bytes[i]));
                        }
                    } else {
                        String[] ka = k.split("@");
                        int size = memSize(ka[0]);
                        long want = num(t[1]) & LazyFlags.mask(size * 8);
                        long got = fx.get(num(ka[1]), size);
                        if (got != want) failures.add(String.format("%s[%x] = %x, expected %x", ka[0], num(ka[1]), got, want));
                    }
                });
            } else if (SEGS.containsKey(k)) {
                int s = SEGS.get(k);
                later.add(() -> cmp(failures, k, cpu.segs[s].selector(), num(t[1])));
            } else if (k.equals("fsbase") || k.equals("gsbase")) {
                later.add(() -> cmp(failures, k, cpu.segs[k.equals("fsbase") ? Segmentation.FS : Segmentation.GS].base(), num(t[1])));
            } else if (k.equals("cr0") || k.equals("cr2") || k.equals("cr3") || k.equals("cr4") || k.equals("efer")) {
                later.add(() -> cmp(failures, k, switch (k) {
                    case "cr0" -> cpu.mmu.cr0();
                    case "cr2" -> cpu.cr2;
                    case "cr3" -> cpu.mmu.cr3();
                    case "cr4" -> cpu.mmu.cr4();
                    default -> cpu.mmu.efer();
                }, num(t[1])));
            } else if (k.equals("halted")) {
                later.add(() -> cmp(failures, k, cpu.halted ? 1 : 0, num(t[1])));
            } else if (k.equals("cpl")) {
                later.add(() -> cmp(failures, k, cpu.cpl, num(t[1])));
            } else if (simd.expect(k, t[1])) {
                continue;
            } else {
                throw new IllegalArgumentException("unknown expected token " + k);
            }
        }
        if (frameReturn < 0) frameReturn = CpuFixture.CODE;

        long actualFlags = cpu.rflags();
        long rip = cpu.rip;
        boolean inHandler = cpu.segs[Segmentation.CS].base() == 0 && rip >= CpuFixture.HANDLERS && rip < CpuFixture.HANDLERS + 0x1000;
        boolean checkRsp = true;
        if (inHandler) {
            int vector = (int) (rip - CpuFixture.HANDLERS) / 16;
            Frame fr = frame(fx, mode, vector);
            if (expVector < 0) {
                failures.add(String.format("unexpected exception %d (error %x) at %x", vector, fr.error, fr.rip));
            } else {
                if (vector != expVector) failures.add("exception " + vector + ", expected " + expVector);
                if (expError >= 0) cmp(failures, "error code", fr.error, expError);
                cmp(failures, "return address", fr.rip, frameReturn);
                actualFlags = fr.flags;
            }
            checkRsp = false;
        } else {
            if (expVector >= 0) failures.add("no exception, expected vector " + expVector + " (rip " + Long.toHexString(rip) + ")");
            cmp(failures, "rip", rip, expRip);
        }
        for (int r = 0; r < 16; r++) {
            if (r == 4 && !checkRsp) continue;
            if (((cpu.regs[r] ^ expected[r]) & regMask) != 0) {
                failures.add(String.format("%s = %x, expected %x", regName(r), cpu.regs[r] & regMask, expected[r] & regMask));
            }
        }
        long flagMask = ~undefined & (legacy ? 0xffff_ffffL : -1L);
        if (((actualFlags ^ expFlags) & flagMask) != 0) {
            failures.add(String.format("rflags = %x (%s), expected %x (%s)", actualFlags, flagString(actualFlags),
                    expFlags & flagMask, flagString(expFlags & flagMask)));
        }
        String io = String.join(",", fx.ioLog);
        if (!io.equals(expIo)) failures.add("io = " + io + ", expected " + expIo);
        later.forEach(Runnable::run);
        simd.check(cpu, x87, failures);
        if (!failures.isEmpty()) {
            fail(c.name() + " [" + cpu.lastInstruction() + "]:\n  " + String.join("\n  ", failures));
        }
    }

    private static void cmp(List<String> failures, String what, long actual, long expected) {
        if (actual != expected) failures.add(String.format("%s = %x, expected %x", what, actual, expected));
    }

    private static boolean hasErrorCode(int vector) {
        return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
    }

    private record Frame(long error, long rip, long flags) {
    }

    /** The exception frame at the top of the handler's stack. */
    private static Frame frame(CpuFixture fx, Mode mode, int vector) {
        X86Core cpu = fx.cpu;
        int w = mode == Mode.REAL ? 2 : mode == Mode.PROT32 ? 4 : 8;
        long sp = cpu.segs[Segmentation.SS].base() + (mode == Mode.REAL ? cpu.regs[4] & 0xffff : cpu.regs[4]);
        long error = -1;
        if (mode != Mode.REAL && hasErrorCode(vector)) {
            error = fx.get(sp, w);
            sp += w;
        }
        return new Frame(error, fx.get(sp, w), fx.get(sp + 2L * w, w));
    }

    private static String regName(int r) {
        return VIEWS.keySet().stream().filter(n -> VIEWS.get(n).reg == r && VIEWS.get(n).size == 8).findFirst().orElse("r" + r);
    }

    static String flagString(long f) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) if ((f & FLAG_BITS[i]) != 0) sb.append(FLAG_LETTERS.charAt(i));
        if ((f & X86Core.FL_DF) != 0) sb.append(" DF");
        if ((f & X86Core.FL_IF) != 0) sb.append(" IF");
        if ((f & X86Core.FL_TF) != 0) sb.append(" TF");
        if ((f & X86Core.FL_IOPL) != 0) sb.append(" IOPL").append((f >>> 12) & 3);
        return sb.toString();
    }
}
