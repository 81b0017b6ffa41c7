package org.jemu.cpu.x86.internal.exec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates seeded random sequences of valid 64-bit user-mode integer instructions as raw bytes for the CPU
 * differential tester ({@link CpuDiffTest}): ALU ops, shifts/rotates (imm, 1, CL), SHLD/SHRD, MUL/IMUL/DIV/IDIV,
 * BT*, BSF/BSR/TZCNT/LZCNT/POPCNT, MOV/MOVZX/MOVSX/MOVSXD/LEA/XCHG/CMPXCHG/XADD/BSWAP/CMOVcc/SETcc/CBW/CWD,
 * string instructions with and without REP, PUSH/POP, PUSHF/POPF, LAHF/SAHF, CLC/STC/CMC/CLD/STD and short forward
 * Jcc over one group; every operand size, r8-r15, SPL..DIL and AH..BH, LOCK, null segment and address-size prefixes.
 *
 * <p>Memory operands address the scratch data block through a reserved base register (value {@link
 * SeqLayout#DATA_MID}), a reserved index register (a small value), a displacement, or absolute/RIP-relative
 * displacements; the stack stays inside the stack block. Instructions that need pointers or counts (string
 * instructions, BT with a register offset into memory, shifts by CL) are preceded by MOVs that set them up;
 * DIV/IDIV are usually preceded by a zero/sign extension of the dividend (the rest may raise #DE, compared as a fault).
 *
 * <p>The generator tracks which arithmetic flags are architecturally undefined at each instruction boundary: an
 * instruction that reads a flag that is undefined at that point gets a flag-defining CMP inserted before it, and
 * the comparison masks the flags still undefined where the sequence ends (or faults).
 */
final class SeqGenerator {
    static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, DF = 0x400;
    static final long STATUS = CF | PF | AF | ZF | SF | OF;
    /** Register numbers from HI up are AH, CH, DH, BH (encodable only without REX). */
    static final int HI = 16;

    /** A generated case: code (without trailer), inputs, and the undefined-flag mask at each instruction start. */
    record Sequence(byte[] code, long[] regs, long rflags, long memSeed, int[] offsets, long[] undefBefore,
            long undefAtEnd, int instructions) {
        /** The arithmetic flags undefined when execution stops at {@code rip} (a fault) or at the end. */
        long undefinedAt(long rip) {
            int at = (int) (rip - SeqLayout.CODE);
            for (int i = 0; i < offsets.length; i++) {
                if (offsets[i] == at) return undefBefore[i];
            }
            return at == code.length ? undefAtEnd : STATUS;
        }
    }

    /** A memory operand: base/index register (-1: none), scale 0..3, displacement; or an absolute/RIP target. */
    record Mem(int base, int index, int scale, long disp, boolean rip) {
    }

    /** A ModRM r/m operand: a register ({@code mem == null}) or memory. */
    record Rm(int reg, Mem mem) {
        boolean isMem() {
            return mem != null;
        }
    }

    private final SplittableRandom rnd;
    private final boolean popcnt;
    private final boolean lzcnt;
    private final boolean tzcnt;

    private ByteArrayOutputStream out;
    private List<Integer> offsets;
    private List<Long> undefs;
    private long undef;
    private int depth;
    private int base;
    private int idx;
    private long idxValue;
    private int[] free;
    private int instructions;

    SeqGenerator(long seed, List<String> cpuFlags) {
        this.rnd = new SplittableRandom(seed);
        this.popcnt = cpuFlags.contains("popcnt");
        this.lzcnt = cpuFlags.contains("abm") || cpuFlags.contains("lzcnt");
        this.tzcnt = cpuFlags.contains("bmi1");
    }

    /** A sequence of 1..{@code maxGroups} instruction groups (a group is one instruction plus its setup). */
    Sequence next(int maxGroups) {
        while (true) {
            try {
                return generate(1 + rnd.nextInt(maxGroups));
            } catch (Retry r) {
                // a Jcc would have to skip more than 127 bytes: draw again
            }
        }
    }

    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry() {
            super(null, null, false, false);
        }
    }

    private Sequence generate(int groups) {
        out = new ByteArrayOutputStream();
        offsets = new ArrayList<>();
        undefs = new ArrayList<>();
        undef = 0;
        depth = 0;
        instructions = 0;
        int[] bases = {5, 8, 9, 10, 11, 12, 13, 14, 15};
        base = bases[rnd.nextInt(bases.length)];
        do {
            idx = 8 + rnd.nextInt(8);
        } while (idx == base);
        idxValue = rnd.nextInt(33) - 16;
        List<Integer> f = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            if (r != 4 && r != base && r != idx) f.add(r);
        }
        free = f.stream().mapToInt(Integer::intValue).toArray();
        long[] regs = new long[16];
        for (int r = 0; r < 16; r++) regs[r] = operand();
        regs[4] = SeqLayout.STACK_START;
        regs[base] = SeqLayout.DATA_MID;
        regs[idx] = idxValue;
        long rflags = 0x202 | (rnd.nextLong() & STATUS) | (rnd.nextInt(4) == 0 ? DF : 0);
        for (int g = 0; g < groups; g++) group(false);
        if (rnd.nextInt(12) == 0) fault();
        int[] offs = offsets.stream().mapToInt(Integer::intValue).toArray();
        long[] und = undefs.stream().mapToLong(Long::longValue).toArray();
        return new Sequence(out.toByteArray(), regs, rflags, rnd.nextLong(), offs, und, undef, instructions);
    }

    /** A random register value biased toward edge cases. */
    private long operand() {
        long[] edge = {0, 1, 2, 9, 0xF, 0x10, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL,
            0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2};
        return switch (rnd.nextInt(4)) {
            case 0 -> edge[rnd.nextInt(edge.length)] ^ (rnd.nextBoolean() ? 0 : rnd.nextLong() & 0xFFFF_FFFF_0000_0000L);
            case 1 -> rnd.nextLong() >>> rnd.nextInt(64);
            default -> rnd.nextLong();
        };
    }

    // ---- emission and flag tracking ---------------------------------------------------------------------------

    private long pc() {
        return SeqLayout.CODE + out.size();
    }

    private void put(byte[] b) {
        if (b == null) throw new IllegalStateException("generator produced an unencodable instruction");
        offsets.add(out.size());
        undefs.add(undef);
        out.writeBytes(b);
        instructions++;
    }

    private void put(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        put(b);
    }

    /** The instruction writes {@code written} flags, of which {@code undefined} become undefined. */
    private void fx(long written, long undefined) {
        undef = (undef & ~written) | undefined;
    }

    /** Before an instruction that reads {@code read}: defines the flags first when some of them are undefined. */
    private void need(long read) {
        if ((undef & read) != 0) define();
    }

    /** CMP reg, reg: defines all six arithmetic flags. */
    private void define() {
        int s = size();
        B b = new B(s).op(s == 1 ? 0x38 : 0x39).rm(new Rm(rnd.nextInt(16), null), true).reg(rnd.nextInt(16), true);
        put(b.build(pc()));
        fx(STATUS, 0);
    }

    static long ccFlags(int cc) {
        return switch (cc >> 1) {
            case 0 -> OF;
            case 1 -> CF;
            case 2 -> ZF;
            case 3 -> CF | ZF;
            case 4 -> SF;
            case 5 -> PF;
            case 6 -> SF | OF;
            default -> ZF | SF | OF;
        };
    }

    // ---- operand picking --------------------------------------------------------------------------------------

    private int size() {
        return 1 << rnd.nextInt(4);
    }

    private int wideSize() {
        return 2 << rnd.nextInt(3);
    }

    private int legacy8() {
        int v = rnd.nextInt(8);
        return v < 4 ? v : HI + v - 4;
    }

    /** A writable register: not RSP, the base or the index register. */
    private int dst(int s, boolean legacy) {
        return s == 1 && legacy ? legacy8() : free[rnd.nextInt(free.length)];
    }

    private int src(int s, boolean legacy) {
        return s == 1 && legacy ? legacy8() : rnd.nextInt(16);
    }

    /** A memory operand inside the data block (or, RSP-relative, the stack block) for an access of up to 16 bytes. */
    private Mem mem(boolean lowRegsOnly) {
        while (true) {
            int form = rnd.nextInt(7);
            long disp = switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(256) - 128;
                default -> rnd.nextInt(401) - 200;
            };
            int scale = rnd.nextInt(4);
            switch (form) {
                case 0, 1 -> {
                    if (!lowRegsOnly || base < 8) return new Mem(base, -1, 0, disp, false);
                }
                case 2 -> {
                    if (!lowRegsOnly) return new Mem(base, idx, scale, disp, false);
                }
                case 3 -> {
                    if (!lowRegsOnly) {
                        return new Mem(-1, idx, scale, SeqLayout.DATA_MID + disp, false);
                    }
                }
                case 4 -> {
                    return new Mem(-1, -1, 0, SeqLayout.DATA_MID + disp, false);
                }
                case 5 -> {
                    return new Mem(4, -1, 0, rnd.nextInt(97) - 48, false); // inside the stack block
                }
                default -> {
                    return new Mem(-1, -1, 0, SeqLayout.DATA_MID + disp, true);
                }
            }
        }
    }

    /** A memory operand for LEA: any registers, any displacement (nothing is accessed). */
    private Mem leaMem() {
        if (rnd.nextInt(3) == 0) return mem(false);
        int b = rnd.nextInt(17) - 1;
        int i;
        do {
            i = rnd.nextInt(17) - 1;
        } while (i == 4);
        long disp = rnd.nextBoolean() ? rnd.nextInt(256) - 128 : rnd.nextInt();
        return new Mem(b, i, rnd.nextInt(4), b < 0 ? (int) disp : disp, b < 0 && i < 0 && rnd.nextBoolean());
    }

    private Rm rm(int s, boolean write, boolean legacy) {
        if (rnd.nextInt(5) < 2) return new Rm(-1, mem(legacy && s == 1));
        return new Rm(write ? dst(s, legacy) : src(s, legacy), null);
    }

    /** Random null-segment (ES/CS/SS/DS), LOCK and address-size prefixes on a memory instruction. */
    private void memPrefixes(B b, Rm rm, boolean lockable) {
        if (!rm.isMem()) return;
        if (lockable && rnd.nextInt(8) == 0) b.prefix(0xF0);
        if (rnd.nextInt(16) == 0) b.prefix(new int[] {0x26, 0x2E, 0x36, 0x3E}[rnd.nextInt(4)]);
        if (rnd.nextInt(10) == 0) b.prefix(0x67);
    }

    /** Prefixes that must not change the meaning: 0x66 under REX.W, a REX ignored before a null segment prefix. */
    private void junk(B b, int s) {
        if (s == 8 && rnd.nextInt(20) == 0) b.prefix(0x66);
        if (rnd.nextInt(20) == 0) b.ignoredRex(0x40 | rnd.nextInt(16), new int[] {0x26, 0x2E, 0x36, 0x3E}[rnd.nextInt(4)]);
    }

    private long imm(int bytes) {
        return switch (bytes) {
            case 1 -> (byte) rnd.nextInt();
            case 2 -> (short) rnd.nextInt();
            case 4 -> rnd.nextInt(4) == 0 ? rnd.nextInt(256) - 128 : rnd.nextInt();
            default -> rnd.nextLong();
        };
    }

    private static int immBytes(int s) {
        return s == 1 ? 1 : s == 2 ? 2 : 4;
    }

    // ---- groups -----------------------------------------------------------------------------------------------

    private static final int[] WEIGHTS = {
        14, // 0 ALU
        3, // 1 TEST
        5, // 2 INC/DEC/NOT/NEG
        8, // 3 shifts/rotates
        3, // 4 SHLD/SHRD
        5, // 5 MUL/IMUL/DIV/IDIV
        3, // 6 IMUL 2/3 operands
        4, // 7 BT*
        4, // 8 bit scans and counts
        6, // 9 MOV
        3, // 10 MOVZX/MOVSX/MOVSXD
        2, // 11 LEA
        2, // 12 XCHG
        2, // 13 CMPXCHG
        2, // 14 XADD
        1, // 15 BSWAP
        3, // 16 CMOVcc
        3, // 17 SETcc
        2, // 18 CBW/CWD families
        6, // 19 string instructions
        4, // 20 PUSH/POP
        1, // 21 PUSHF/POPF
        1, // 22 LAHF/SAHF
        2, // 23 CLC/STC/CMC/CLD/STD
        3, // 24 Jcc over a group
    };
    private static final int TOTAL = Arrays.stream(WEIGHTS).sum();

    private void group(boolean inJcc) {
        int g;
        do {
            int w = rnd.nextInt(TOTAL);
            g = 0;
            while (w >= WEIGHTS[g]) w -= WEIGHTS[g++];
        } while (inJcc && (g == 20 || g == 21 || g == 24));
        switch (g) {
            case 0 -> alu();
            case 1 -> test();
            case 2 -> unary();
            case 3 -> shift();
            case 4 -> doubleShift();
            case 5 -> mulDiv();
            case 6 -> imul();
            case 7 -> bitTest();
            case 8 -> bitScan();
            case 9 -> mov();
            case 10 -> movx();
            case 11 -> lea();
            case 12 -> xchg();
            case 13 -> cmpxchgXadd(true);
            case 14 -> cmpxchgXadd(false);
            case 15 -> bswap();
            case 16 -> cmov();
            case 17 -> setcc();
            case 18 -> put(new B(wideSize()).op(rnd.nextBoolean() ? 0x98 : 0x99).build(pc()));
            case 19 -> string();
            case 20 -> pushPop();
            case 21 -> pushfPopf();
            case 22 -> lahfSahf();
            case 23 -> flagOps();
            default -> jcc();
        }
    }

    /** Invalid-in-64-bit and LOCK-invalid opcodes, privileged instructions at CPL 3 and faulting addresses. */
    private static final int[][] FAULTS = {
        {0x06}, {0x07}, {0x0E}, {0x16}, {0x17}, {0x1E}, {0x1F}, {0x27}, {0x2F}, {0x37}, {0x3F}, {0x60}, {0x61},
        {0xCE}, {0xD4, 0x0A}, {0xD5, 0x0A}, {0xD6}, {0x82, 0xC0, 0x01}, {0x9A, 1, 2, 3, 4, 5, 6},
        {0xEA, 1, 2, 3, 4, 5, 6}, {0x0F, 0x0B}, {0x0F, 0x04}, {0x0F, 0x0A}, {0xF0, 0x01, 0xC0}, {0xF0, 0x90},
        {0x8D, 0xC0}, {0x8E, 0xC8}, {0xF0, 0x0F, 0xA3, 0x00}, {0xF0, 0x39, 0x00}, {0xF0, 0x8B, 0x00}, {0xF0, 0xF8},
        // privileged at CPL 3: #GP
        {0xF4}, {0xFA}, {0xFB}, {0xEC}, {0xEE}, {0xE4, 0x80}, {0x0F, 0x20, 0xC0}, {0x0F, 0x22, 0xD8}, {0x0F, 0x32},
        {0x0F, 0x30}, {0x0F, 0x06}, {0x0F, 0x09}, {0x0F, 0x08}, {0x0F, 0x00, 0xD8}, {0x0F, 0x01, 0x10},
    };

    private void fault() {
        int k = rnd.nextInt(FAULTS.length + 6);
        if (k < FAULTS.length) {
            put(FAULTS[k]);
            return;
        }
        long[] addresses = {0x8000_0000_0000_0000L, 0x0000_8000_0000_0000L, 0xffff_7fff_ffff_fff8L, // non-canonical
            0x1008_0000L, 0x100, SeqLayout.BASE - 0x1000}; // not present; supervisor-only
        long a = addresses[rnd.nextInt(addresses.length)] + rnd.nextInt(64);
        put(new B(size() == 8 ? 8 : 4).op(0xA1 + (rnd.nextBoolean() ? 2 : 0)).imm(a, 8).build(pc()));
    }

    private void alu() {
        int k = rnd.nextInt(8);
        int s = size();
        boolean legacy = rnd.nextBoolean();
        int w = s == 1 ? 0 : 1;
        if (k == 2 || k == 3) need(CF);
        B b = new B(s);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                Rm rm = rm(s, k != 7, legacy);
                memPrefixes(b, rm, k != 7);
                b.op(8 * k + w).rm(rm, s == 1).reg(src(s, legacy), s == 1);
            }
            case 1 -> {
                Rm rm = rm(s, false, legacy);
                memPrefixes(b, rm, false);
                b.op(8 * k + 2 + w).reg(k == 7 ? src(s, legacy) : dst(s, legacy), s == 1).rm(rm, s == 1);
            }
            case 2 -> {
                Rm rm = rm(s, k != 7, legacy);
                memPrefixes(b, rm, k != 7);
                if (s != 1 && rnd.nextBoolean()) {
                    b.op(0x83).digit(k).rm(rm, false).imm(imm(1), 1);
                } else {
                    b.op(s == 1 ? 0x80 : 0x81).digit(k).rm(rm, s == 1).imm(imm(immBytes(s)), immBytes(s));
                }
            }
            default -> b.op(8 * k + 4 + w).imm(imm(immBytes(s)), immBytes(s));
        }
        junk(b, s);
        put(b.build(pc()));
        fx(STATUS, k == 1 || k == 4 || k == 6 ? AF : 0);
    }

    private void test() {
        int s = size();
        boolean legacy = rnd.nextBoolean();
        int w = s == 1 ? 0 : 1;
        B b = new B(s);
        switch (rnd.nextInt(3)) {
            case 0 -> {
                Rm rm = rm(s, false, legacy);
                memPrefixes(b, rm, false);
                b.op(0x84 + w).rm(rm, s == 1).reg(src(s, legacy), s == 1);
            }
            case 1 -> {
                Rm rm = rm(s, false, legacy);
                memPrefixes(b, rm, false);
                b.op(0xF6 + w).digit(0).rm(rm, s == 1).imm(imm(immBytes(s)), immBytes(s));
            }
            default -> b.op(0xA8 + w).imm(imm(immBytes(s)), immBytes(s));
        }
        junk(b, s);
        put(b.build(pc()));
        fx(STATUS, AF);
    }

    private void unary() {
        int k = rnd.nextInt(4); // INC DEC NOT NEG
        int s = size();
        boolean legacy = rnd.nextBoolean();
        Rm rm = rm(s, true, legacy);
        B b = new B(s);
        memPrefixes(b, rm, true);
        int w = s == 1 ? 0 : 1;
        if (k < 2) {
            b.op(0xFE + w).digit(k);
        } else {
            b.op(0xF6 + w).digit(k);
        }
        junk(b, s);
        put(b.rm(rm, s == 1).build(pc()));
        switch (k) {
            case 0, 1 -> fx(STATUS & ~CF, 0);
            case 3 -> fx(STATUS, 0);
            default -> { }
        }
    }

    private int count(int bits) {
        int[] pick = {0, 1, 2, bits - 1, bits, bits + 1, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65};
        return rnd.nextInt(3) == 0 ? rnd.nextInt(256) : pick[rnd.nextInt(pick.length)];
    }

    private void shift() {
        int k = rnd.nextInt(7);
        if (k == 6) k = 7; // no SAL alias
        int s = size();
        int bits = s * 8;
        boolean legacy = rnd.nextBoolean();
        int w = s == 1 ? 0 : 1;
        int form = rnd.nextInt(3);
        int c = form == 1 ? 1 : count(bits);
        if (form == 2) put(0xB1, c); // MOV CL, imm8
        if (k == 2 || k == 3) need(CF);
        Rm rm = rm(s, true, legacy);
        B b = new B(s);
        memPrefixes(b, rm, false);
        switch (form) {
            case 0 -> b.op(0xC0 + w).digit(k).rm(rm, s == 1).imm(c, 1);
            case 1 -> b.op(0xD0 + w).digit(k).rm(rm, s == 1);
            default -> b.op(0xD2 + w).digit(k).rm(rm, s == 1);
        }
        put(b.build(pc()));
        int masked = c & (s == 8 ? 63 : 31);
        if (masked == 0) return;
        if (k < 4) {
            fx(CF | OF, masked == 1 ? 0 : OF);
        } else {
            fx(STATUS, AF | (masked == 1 ? 0 : OF) | ((k == 4 || k == 5) && masked >= bits ? CF : 0));
        }
    }

    private void doubleShift() {
        int s = wideSize();
        boolean left = rnd.nextBoolean();
        boolean cl = rnd.nextBoolean();
        int c;
        do {
            c = count(s * 8);
        } while (s == 2 && (c & 31) > 16); // 16-bit counts 17..31: result undefined
        if (cl) put(0xB1, c);
        Rm rm = rm(s, true, false);
        B b = new B(s);
        memPrefixes(b, rm, false);
        b.op(0x0F, (left ? 0xA4 : 0xAC) + (cl ? 1 : 0)).rm(rm, false).reg(src(s, false), false);
        if (!cl) b.imm(c, 1);
        put(b.build(pc()));
        int masked = c & (s == 8 ? 63 : 31);
        if (masked != 0) fx(STATUS, AF | (masked == 1 ? 0 : OF));
    }

    private void mulDiv() {
        int k = 4 + rnd.nextInt(4); // MUL IMUL DIV IDIV
        int s = size();
        boolean legacy = rnd.nextBoolean();
        if (k >= 6 && rnd.nextInt(7) != 0) {
            if (k == 6) {
                if (s == 1) {
                    put(0xB4, 0); // MOV AH, 0
                } else {
                    put(0xBA, 0, 0, 0, 0); // MOV EDX, 0
                }
            } else {
                switch (s) {
                    case 1 -> put(0x66, 0x98); // CBW
                    case 2 -> put(0x66, 0x99); // CWD
                    case 4 -> put(0x99); // CDQ
                    default -> put(0x48, 0x99); // CQO
                }
            }
        }
        Rm rm = rm(s, false, legacy);
        B b = new B(s);
        memPrefixes(b, rm, false);
        put(b.op(s == 1 ? 0xF6 : 0xF7).digit(k).rm(rm, s == 1).build(pc()));
        fx(STATUS, k < 6 ? SF | ZF | AF | PF : STATUS);
    }

    private void imul() {
        int s = wideSize();
        Rm rm = rm(s, false, false);
        B b = new B(s);
        memPrefixes(b, rm, false);
        switch (rnd.nextInt(3)) {
            case 0 -> b.op(0x0F, 0xAF).reg(dst(s, false), false).rm(rm, false);
            case 1 -> b.op(0x6B).reg(dst(s, false), false).rm(rm, false).imm(imm(1), 1);
            default -> b.op(0x69).reg(dst(s, false), false).rm(rm, false).imm(imm(immBytes(s)), immBytes(s));
        }
        put(b.build(pc()));
        fx(STATUS, SF | ZF | AF | PF);
    }

    private void bitTest() {
        int k = rnd.nextInt(4); // BT BTS BTR BTC
        int s = wideSize();
        Rm rm = rm(s, k != 0, false);
        B b = new B(s);
        if (rnd.nextBoolean()) {
            int r = k == 0 ? src(s, false) : dst(s, false);
            if (rm.isMem()) {
                r = dst(8, false);
                long off = rnd.nextInt(2001) - 1000;
                put(new B(8).op(0xC7).digit(0).rm(new Rm(r, null), false).imm(off, 4).build(pc()));
            }
            memPrefixes(b, rm, k != 0);
            b.op(0x0F, 0xA3 + 8 * k).rm(rm, false).reg(r, false);
        } else {
            memPrefixes(b, rm, k != 0);
            b.op(0x0F, 0xBA).digit(4 + k).rm(rm, false).imm(rnd.nextInt(256), 1);
        }
        put(b.build(pc()));
        fx(CF | OF | SF | AF | PF, OF | SF | AF | PF);
    }

    private void bitScan() {
        int s = wideSize();
        Rm rm = rm(s, false, false);
        B b = new B(s);
        memPrefixes(b, rm, false);
        int k = rnd.nextInt(5);
        if (k == 2 && !tzcnt || k == 3 && !lzcnt || k == 4 && !popcnt) k = rnd.nextInt(2);
        switch (k) {
            case 0 -> b.op(0x0F, 0xBC);
            case 1 -> b.op(0x0F, 0xBD);
            case 2 -> b.prefix(0xF3).op(0x0F, 0xBC);
            case 3 -> b.prefix(0xF3).op(0x0F, 0xBD);
            default -> b.prefix(0xF3).op(0x0F, 0xB8);
        }
        put(b.reg(dst(s, false), false).rm(rm, false).build(pc()));
        switch (k) {
            case 0, 1 -> fx(STATUS, CF | OF | SF | AF | PF);
            case 2, 3 -> fx(STATUS, OF | SF | AF | PF);
            default -> fx(STATUS, 0);
        }
    }

    private void mov() {
        int s = size();
        boolean legacy = rnd.nextBoolean();
        int w = s == 1 ? 0 : 1;
        B b = new B(s);
        switch (rnd.nextInt(7)) {
            case 6 -> {
                int form = rnd.nextInt(5);
                switch (form) {
                    case 0 -> { // MOV r/m, Sreg (CS 0x33, SS 0x2b, the others null)
                        Rm rm = rm(s == 1 ? 2 : s, true, false);
                        memPrefixes(b, rm, false);
                        b.op(0x8C).digit(rnd.nextInt(6)).rm(rm, false);
                    }
                    case 1 -> b.op(0x0F, rnd.nextBoolean() ? 0xA0 : 0xA8); // PUSH FS / GS, popped at once
                    case 2 -> b.op(0x90);
                    case 3 -> b.prefix(0xF3).op(0x90); // PAUSE
                    default -> {
                        Rm rm = rm(s == 1 ? 4 : s, false, false);
                        b.op(0x0F, 0x1F).digit(0).rm(rm, false); // multi-byte NOP
                    }
                }
                put(b.build(pc()));
                if (form == 1) {
                    put(new B(s == 2 ? 2 : 4).opReg(0x58, dst(8, false), false).build(pc()));
                }
                return;
            }
            case 5 -> { // MOV AL/AX/EAX/RAX to or from moffs (64-bit address, or 32-bit with 0x67)
                boolean a32 = rnd.nextInt(4) == 0;
                if (a32) b.prefix(0x67);
                b.op(0xA0 + w + (rnd.nextBoolean() ? 2 : 0)).imm(SeqLayout.DATA_MID + rnd.nextInt(401) - 200, a32 ? 4 : 8);
            }
            case 0 -> {
                Rm rm = rm(s, true, legacy);
                memPrefixes(b, rm, false);
                b.op(0x88 + w).rm(rm, s == 1).reg(src(s, legacy), s == 1);
            }
            case 1 -> {
                Rm rm = rm(s, false, legacy);
                memPrefixes(b, rm, false);
                b.op(0x8A + w).reg(dst(s, legacy), s == 1).rm(rm, s == 1);
            }
            case 2 -> {
                Rm rm = rm(s, true, legacy);
                memPrefixes(b, rm, false);
                b.op(0xC6 + w).digit(0).rm(rm, s == 1).imm(imm(immBytes(s)), immBytes(s));
            }
            case 3 -> b.opReg(0xB0, dst(s, legacy), s == 1).imm(imm(1), 1);
            default -> {
                int n = s == 1 ? 1 : s == 2 ? 2 : s == 4 ? 4 : 8;
                b.opReg(s == 1 ? 0xB0 : 0xB8, dst(s, legacy), s == 1).imm(imm(n), n);
            }
        }
        junk(b, s);
        put(b.build(pc()));
    }

    private void movx() {
        int kind = rnd.nextInt(5);
        if (kind == 4) { // MOVSXD r64, r/m32 (rarely r32/r16, r/m32|16: no sign extension)
            int d = rnd.nextInt(6) == 0 ? 2 << rnd.nextInt(2) : 8;
            Rm rm = rm(d == 2 ? 2 : 4, false, false);
            B b = new B(d);
            memPrefixes(b, rm, false);
            put(b.op(0x63).reg(dst(d, false), false).rm(rm, false).build(pc()));
            return;
        }
        boolean signed = kind >= 2;
        boolean byteSrc = (kind & 1) == 0;
        int d = byteSrc ? wideSize() : (rnd.nextInt(5) == 0 ? 2 : 4 << rnd.nextInt(2));
        boolean legacy = byteSrc && d != 8 && rnd.nextBoolean();
        Rm rm = rm(byteSrc ? 1 : 2, false, legacy);
        int r = legacy ? new int[] {0, 1, 2, 3, 5, 6, 7}[rnd.nextInt(7)] : dst(d, false);
        if (legacy && r == base) r = 0;
        B b = new B(d);
        memPrefixes(b, rm, false);
        put(b.op(0x0F, (signed ? 0xBE : 0xB6) + (byteSrc ? 0 : 1)).reg(r, false).rm(rm, byteSrc).build(pc()));
    }

    private void lea() {
        int s = wideSize();
        B b = new B(s);
        if (rnd.nextInt(5) == 0) b.prefix(0x67);
        put(b.op(0x8D).reg(dst(s, false), false).rm(new Rm(-1, leaMem()), false).build(pc()));
    }

    private void xchg() {
        int s = size();
        boolean legacy = rnd.nextBoolean();
        B b = new B(s);
        if (s != 1 && rnd.nextInt(3) == 0) {
            int r;
            do {
                r = dst(s, false);
            } while (r == 0);
            b.opReg(0x90, r, false);
        } else {
            Rm rm = rm(s, true, legacy);
            memPrefixes(b, rm, true);
            b.op(s == 1 ? 0x86 : 0x87).rm(rm, s == 1).reg(dst(s, legacy), s == 1);
        }
        put(b.build(pc()));
    }

    private void cmpxchgXadd(boolean cmpxchg) {
        if (cmpxchg && rnd.nextInt(4) == 0) { // CMPXCHG8B / CMPXCHG16B (#GP unless 16-byte aligned)
            boolean sixteen = rnd.nextBoolean();
            Rm rm = new Rm(-1, mem(false));
            B b = new B(sixteen ? 8 : 4);
            memPrefixes(b, rm, true);
            put(b.op(0x0F, 0xC7).digit(1).rm(rm, false).build(pc()));
            fx(ZF, 0);
            return;
        }
        int s = size();
        boolean legacy = rnd.nextBoolean();
        Rm rm = rm(s, true, legacy);
        B b = new B(s);
        memPrefixes(b, rm, true);
        int op = (cmpxchg ? 0xB0 : 0xC0) + (s == 1 ? 0 : 1);
        int r = cmpxchg ? src(s, legacy) : dst(s, legacy);
        put(b.op(0x0F, op).rm(rm, s == 1).reg(r, s == 1).build(pc()));
        fx(STATUS, 0);
    }

    private void bswap() {
        int s = rnd.nextBoolean() ? 4 : 8;
        put(new B(s).op(0x0F).opReg(0xC8, dst(s, false), false).build(pc()));
    }

    private void cmov() {
        int s = wideSize();
        int cc = rnd.nextInt(16);
        need(ccFlags(cc));
        Rm rm = rm(s, false, false);
        B b = new B(s);
        memPrefixes(b, rm, false);
        put(b.op(0x0F, 0x40 + cc).reg(dst(s, false), false).rm(rm, false).build(pc()));
    }

    private void setcc() {
        int cc = rnd.nextInt(16);
        need(ccFlags(cc));
        boolean legacy = rnd.nextBoolean();
        Rm rm = rm(1, true, legacy);
        B b = new B(1);
        memPrefixes(b, rm, false);
        put(b.op(0x0F, 0x90 + cc).digit(0).rm(rm, true).build(pc()));
    }

    private void string() {
        if (rnd.nextInt(8) == 0) { // XLAT: RBX points into the data block
            put(0x48, 0xC7, 0xC3, le32(SeqLayout.DATA + rnd.nextInt(700)));
            B b = new B(rnd.nextInt(4) == 0 ? 8 : 4);
            if (rnd.nextInt(6) == 0) b.prefix(0x67);
            put(b.op(0xD7).build(pc()));
            return;
        }
        int k = rnd.nextInt(5); // MOVS CMPS STOS LODS SCAS
        if (rnd.nextInt(10) == 0) b0prefix = new int[] {0x26, 0x2E, 0x36, 0x3E}[rnd.nextInt(4)]; // no effect
        int[] ops = {0xA4, 0xA6, 0xAA, 0xAC, 0xAE};
        boolean usesSi = k == 0 || k == 1 || k == 3;
        boolean usesDi = k != 3;
        if (usesSi) put(0x48, 0xC7, 0xC6, le32(SeqLayout.DATA + 160 + rnd.nextInt(700)));
        if (usesDi) put(0x48, 0xC7, 0xC7, le32(SeqLayout.DATA + 160 + rnd.nextInt(700)));
        boolean rep = rnd.nextInt(3) != 0;
        int n = rnd.nextInt(17);
        if (rep) put(0xB9, le32(n));
        int s = size();
        B b = new B(s);
        if (rep) b.prefix((k == 1 || k == 4) && rnd.nextBoolean() ? 0xF2 : 0xF3);
        if (rnd.nextInt(8) == 0) b.prefix(0x67);
        if (b0prefix != 0) b.prefix(b0prefix);
        b0prefix = 0;
        put(b.op(ops[k] + (s == 1 ? 0 : 1)).build(pc()));
        if ((k == 1 || k == 4) && (!rep || n > 0)) fx(STATUS, 0);
    }

    private int b0prefix;

    private static int[] le32(long v) {
        return new int[] {(int) v & 0xff, (int) (v >>> 8) & 0xff, (int) (v >>> 16) & 0xff, (int) (v >>> 24) & 0xff};
    }

    private void put(int a, int b, int c, int[] d) {
        put(a, b, c, d[0], d[1], d[2], d[3]);
    }

    private void put(int a, int[] d) {
        put(a, d[0], d[1], d[2], d[3]);
    }

    private void pushPop() {
        boolean push = depth > 180 ? true : depth < -180 ? false : rnd.nextBoolean();
        int s = rnd.nextInt(4) == 0 ? 2 : 8;
        B b = new B(s == 2 ? 2 : 4); // PUSH/POP default to 64 bits: no REX.W
        if (push) {
            switch (rnd.nextInt(4)) {
                case 0 -> b.opReg(0x50, rnd.nextInt(16), false);
                case 1 -> b.op(0x6A).imm(imm(1), 1);
                case 2 -> b.op(0x68).imm(imm(s == 2 ? 2 : 4), s == 2 ? 2 : 4);
                default -> {
                    Rm rm = new Rm(-1, mem(false));
                    memPrefixes(b, rm, false);
                    b.op(0xFF).digit(6).rm(rm, false);
                }
            }
            depth -= s;
        } else {
            if (rnd.nextBoolean()) {
                b.opReg(0x58, dst(8, false), false);
            } else {
                Rm rm = new Rm(-1, mem(false));
                memPrefixes(b, rm, false);
                b.op(0x8F).digit(0).rm(rm, false);
            }
            depth += s;
        }
        put(b.build(pc()));
    }

    private void pushfPopf() {
        if (undef != 0) define();
        put(0x9C); // PUSHFQ
        if (depth > 100 || rnd.nextBoolean()) {
            long toggle = rnd.nextLong() & (STATUS | DF);
            put(0x48, 0x81, 0x34, 0x24, le32(toggle)); // XOR QWORD [RSP], imm32
            put(0x9D); // POPFQ
            fx(STATUS, 0);
        } else {
            depth -= 8;
        }
    }

    private void put(int a, int b, int c, int d, int[] e) {
        put(a, b, c, d, e[0], e[1], e[2], e[3]);
    }

    private void lahfSahf() {
        if (rnd.nextBoolean()) {
            need(SF | ZF | AF | PF | CF);
            put(0x9F);
        } else {
            put(0x9E);
            fx(SF | ZF | AF | PF | CF, 0);
        }
    }

    private void flagOps() {
        switch (rnd.nextInt(5)) {
            case 0 -> {
                put(0xF8);
                fx(CF, 0);
            }
            case 1 -> {
                put(0xF9);
                fx(CF, 0);
            }
            case 2 -> {
                need(CF);
                put(0xF5);
            }
            case 3 -> put(0xFC);
            default -> put(0xFD);
        }
    }

    private void jcc() {
        int cc = rnd.nextInt(16);
        need(ccFlags(cc));
        put(0x70 + cc, 0);
        int at = out.size();
        long before = undef;
        group(true);
        int len = out.size() - at;
        if (len > 127) throw new Retry();
        byte[] code = out.toByteArray();
        code[at - 1] = (byte) len;
        out.reset();
        out.writeBytes(code);
        undef |= before;
    }

    // ---- encoder ----------------------------------------------------------------------------------------------

    /** Builds one instruction: legacy prefixes, REX, opcode, ModRM/SIB/displacement, immediate. */
    static final class B {
        private final ByteArrayOutputStream pre = new ByteArrayOutputStream();
        private final boolean w;
        private int r;
        private int x;
        private int bb;
        private boolean needRex;
        private boolean forbidRex;
        private int[] opcode = {};
        private int regField = -1;
        private Rm rm;
        private long imm;
        private int immBytes;

        /** Operand size in bytes: 2 adds 0x66, 8 sets REX.W. */
        B(int size) {
            if (size == 2) pre.write(0x66);
            w = size == 8;
        }

        B prefix(int p) {
            pre.write(p);
            return this;
        }

        private int ignoredRex = -1;
        private int ignoredRexSegment;

        /** When the instruction needs no REX: {@code rex} then {@code segment} before the opcode (the REX is ignored). */
        B ignoredRex(int rex, int segment) {
            ignoredRex = rex;
            ignoredRexSegment = segment;
            return this;
        }

        B op(int... o) {
            opcode = o.clone();
            return this;
        }

        /** An opcode with a register in its low three bits (B0+r, B8+r, 50+r, 58+r, 90+r, 0F C8+r). */
        B opReg(int op, int reg, boolean byteReg) {
            int field = regBits(reg, byteReg);
            bb = reg >= HI ? 0 : (reg >> 3) & 1;
            int[] o = Arrays.copyOf(opcode, opcode.length + 1);
            o[o.length - 1] = op + field;
            opcode = o;
            return this;
        }

        private int regBits(int reg, boolean byteReg) {
            if (reg >= HI) {
                forbidRex = true;
                return reg - HI + 4;
            }
            if (byteReg && reg >= 4 && reg < 8) needRex = true;
            return reg & 7;
        }

        B reg(int reg, boolean byteReg) {
            regField = regBits(reg, byteReg);
            r = reg >= HI ? 0 : (reg >> 3) & 1;
            return this;
        }

        B digit(int d) {
            regField = d;
            return this;
        }

        B rm(Rm operand, boolean byteReg) {
            rm = operand;
            if (!operand.isMem()) {
                regBits(operand.reg(), byteReg);
                bb = operand.reg() >= HI ? 0 : (operand.reg() >> 3) & 1;
            } else {
                Mem m = operand.mem();
                if (m.base() >= 0) bb = (m.base() >> 3) & 1;
                if (m.index() >= 0) x = (m.index() >> 3) & 1;
            }
            return this;
        }

        B imm(long value, int bytes) {
            imm = value;
            immBytes = bytes;
            return this;
        }

        /** The bytes, or null when the operands cannot be encoded together (AH..BH with a REX prefix). */
        byte[] build(long pc) {
            boolean rex = w || r != 0 || x != 0 || bb != 0 || needRex;
            if (rex && forbidRex) return null;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(pre.toByteArray());
            if (rex) {
                o.write(0x40 | (w ? 8 : 0) | r << 2 | x << 1 | bb);
            } else if (ignoredRex >= 0) {
                o.write(ignoredRex);
                o.write(ignoredRexSegment);
            }
            for (int b : opcode) o.write(b);
            int ripPatch = -1;
            if (rm != null) {
                int reg = regField & 7;
                if (!rm.isMem()) {
                    o.write(0xC0 | reg << 3 | regBits(rm.reg(), false));
                } else {
                    Mem m = rm.mem();
                    long disp = m.disp();
                    if (m.rip()) {
                        o.write(reg << 3 | 5);
                        ripPatch = o.size();
                        le(o, 0, 4);
                    } else if (m.base() < 0) {
                        o.write(reg << 3 | 4);
                        int index = m.index() < 0 ? 4 : m.index() & 7;
                        o.write(m.scale() << 6 | index << 3 | 5);
                        le(o, disp, 4);
                    } else {
                        int mod = disp == 0 && (m.base() & 7) != 5 ? 0 : disp == (byte) disp ? 1 : 2;
                        boolean sib = m.index() >= 0 || (m.base() & 7) == 4;
                        o.write(mod << 6 | reg << 3 | (sib ? 4 : m.base() & 7));
                        if (sib) {
                            int index = m.index() < 0 ? 4 : m.index() & 7;
                            o.write(m.scale() << 6 | index << 3 | (m.base() & 7));
                        }
                        if (mod == 1) le(o, disp, 1);
                        if (mod == 2) le(o, disp, 4);
                    }
                }
            } else if (regField >= 0) {
                throw new IllegalStateException("ModRM reg without r/m");
            }
            le(o, imm, immBytes);
            byte[] b = o.toByteArray();
            if (ripPatch >= 0) {
                long rel = rm.mem().disp() - (pc + b.length);
                for (int i = 0; i < 4; i++) b[ripPatch + i] = (byte) (rel >>> (8 * i));
            }
            return b;
        }

        private static void le(ByteArrayOutputStream o, long v, int n) {
            for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
