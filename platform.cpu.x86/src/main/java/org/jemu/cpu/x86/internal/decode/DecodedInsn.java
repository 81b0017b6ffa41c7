package org.jemu.cpu.x86.internal.decode;

/**
 * One decoded instruction: a reusable, mutable record with public fields so that the execution engine reads it without
 * allocation. {@link Decoder#decode} fills every field; {@link #pack}/{@link #unpack} move it to and from the compact
 * form of a {@link DecodedBlock}.
 *
 * <p>Registers are numbered 0-15 (RAX..R15). A byte register without REX among 4-7 is a high-byte register, numbered
 * {@link #HIGH8} | (n - 4): AH=0x10, CH=0x11, DH=0x12, BH=0x13 (the byte above the low byte of GPR {@code r & 3}).
 * Segment registers are ES=0, CS=1, SS=2, DS=3, FS=4, GS=5.
 *
 * <p>Immediates and relative displacements are sign-extended from their encoded width ({@link #immSize}) to 64 bits;
 * whoever wants them zero-extended (INT n, IN/OUT port, ENTER, far pointers) masks them. Memory displacements are
 * sign-extended too, except a moffs (A0-A3), which is zero-extended. The effective address is
 * {@code base + (index << scale) + disp} truncated to {@link #addrSize}; with {@code base == RIP} the base is the
 * address of the next instruction.
 */
public final class DecodedInsn {
    // operand kinds
    public static final int K_NONE = 0, K_REG = 1, K_MEM = 2, K_IMM = 3, K_REL = 4, K_FAR = 5, K_SREG = 6,
            K_CREG = 7, K_DREG = 8;
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    public static final int NO_SEG = -1, NO_REG = -1, RIP = 16, HIGH8 = 0x10;
    public static final int REP_NONE = 0, REP_E = 1, REP_NE = 2;
    // prefix bits
    public static final int P_66 = 1, P_67 = 2, P_LOCK = 4, P_REPNE = 8, P_REP = 16, P_SEG = 32;
    // flags
    public static final int F_MODRM = 1, F_MEM = 2, F_RIPREL = 4, F_BRANCH = 8, F_ENDS_BLOCK = 16, F_REX = 32;

    /** The operation; UD for an invalid encoding, TOO_LONG past 15 bytes. */
    public Op op = Op.UD;
    /** Decoding mode 16, 32 or 64. */
    public int mode;
    /** Instruction length in bytes. */
    public int length;
    /** Operation size in bytes: 1 for byte operations, else the operand-size attribute 2/4/8. */
    public int opSize;
    /** Address size in bytes 2/4/8. */
    public int addrSize;
    /** Legacy prefixes seen (P_* bits). */
    public int prefixes;
    /** Segment override (last one wins) or NO_SEG. */
    public int seg;
    /** REP_NONE, REP_E (F3) or REP_NE (F2): the last of F2/F3. */
    public int rep;
    /** The effective REX byte (0x40-0x4F) or 0. */
    public int rex;
    /** Opcode map (0 one-byte, 1 = 0F, 2 = 0F 38, 3 = 0F 3A) and opcode byte. */
    public int map, opcode;
    /** The ModRM byte or -1; mod, and reg/rm with their REX extensions. */
    public int modrm, mod, reg, rm;
    /** The memory operand: base (NO_REG, 0-15 or RIP), index (NO_REG or 0-15), scale (shift 0-3), disp. */
    public int base, index, scale;
    public long disp;
    /** First and second immediate (ENTER's imm8, a far pointer's selector). */
    public long imm, imm2;
    /** Encoded width of {@link #imm}. */
    public int immSize;
    /** Condition code 0-15 of JCC, SETCC, CMOVCC. */
    public int cc;
    /** F_* flags. */
    public int flags;
    /** Explicit operands: count, kind (K_*), size in bytes, register number. */
    public int nOperands;
    public final int[] kind = new int[3], size = new int[3], regno = new int[3];
    /**
     * The execution engine's specialised form of this instruction (0: none, execute generically), chosen once when
     * the instruction is decoded; not part of the compact form.
     */
    public int fast;
    /** Flat copies of regno[0..1], size[0..1] and the memory operand's segment, for the engine's fast forms. */
    public int r0, r1, s0, s1, memSeg;
    /**
     * Whether the engine must leave its run of instructions after this one (F_ENDS_BLOCK, except for near branches
     * to relative targets, which change nothing but RIP).
     */
    public boolean endsRun;
    /** The engine's translation of the block starting here (null: none yet), and how often it ran interpreted. */
    public Object translated;
    public int heat;

    /** The decoder's reusable cursor (no allocation per decode). */
    final Decoder.Cursor cursor = new Decoder.Cursor();

    public boolean lock() { return (prefixes & P_LOCK) != 0; }

    public boolean hasMem() { return (flags & F_MEM) != 0; }

    public boolean branch() { return (flags & F_BRANCH) != 0; }

    public boolean endsBlock() { return (flags & F_ENDS_BLOCK) != 0; }

    public boolean ripRelative() { return (flags & F_RIPREL) != 0; }

    /** The segment of the memory operand: the override, else SS for (E/R)SP/(E/R)BP bases, else DS. */
    public int segment() {
        if (seg != NO_SEG) return seg;
        return base == 4 || base == 5 ? SS : DS;
    }

    void reset(int mode) {
        op = Op.UD;
        this.mode = mode;
        length = opSize = addrSize = prefixes = rex = map = opcode = mod = reg = rm = scale = immSize = cc = 0;
        flags = nOperands = rep = fast = r0 = r1 = s0 = s1 = memSeg = 0;
        endsRun = false;
        translated = null;
        heat = 0;
        seg = NO_SEG;
        modrm = base = index = -1;
        disp = imm = imm2 = 0;
        for (int i = 0; i < 3; i++) kind[i] = size[i] = regno[i] = 0;
    }

    /** Words per instruction in the compact form. */
    public static final int WORDS = 4;

    /**
     * Stores this instruction in {@code w[at..at+3]}. Word 0: op(10) length(4) opSize(4) addrSize(4) seg+1(3) rep(2)
     * cc(4) rex(4+1 present) flags(6) immSize(4) nOperands(2) scale(2) base+1(5) index+1(5) mode(2) — lock is in the
     * prefixes of word 1. Word 1: three operands of kind(4) size(4) regno(5), modrm+1(9), prefixes(6), map(2),
     * opcode(8). Word 2: disp when there is a memory operand, else imm2. Word 3: imm.
     */
    public void pack(long[] w, int at) {
        long w0 = op.ordinal() | (long) length << 10 | (long) opSize << 14 | (long) addrSize << 18
                | (long) (seg + 1) << 22 | (long) rep << 25 | (long) cc << 28 | (long) (rex == 0 ? 0 : 0x10 | rex & 15) << 32
                | (long) (flags & 0x3F) << 37 | (long) immSize << 43 | (long) nOperands << 47 | (long) scale << 49
                | (long) (base + 1) << 51 | (long) (index + 1) << 56 | (long) (mode == 16 ? 0 : mode == 32 ? 1 : 2) << 61;
        long w1 = 0;
        for (int i = 0; i < 3; i++) w1 |= (long) (kind[i] | size[i] << 4 | regno[i] << 8) << (13 * i);
        w1 |= (long) (modrm + 1) << 39 | (long) (prefixes & 0x3F) << 48 | (long) map << 54 | (long) opcode << 56;
        w[at] = w0;
        w[at + 1] = w1;
        w[at + 2] = hasMem() ? disp : imm2;
        w[at + 3] = imm;
    }

    /** Restores an instruction stored by {@link #pack}. */
    public void unpack(long[] w, int at) {
        long w0 = w[at], w1 = w[at + 1];
        op = Op.of((int) (w0 & 0x3FF));
        length = (int) (w0 >>> 10) & 15;
        opSize = (int) (w0 >>> 14) & 15;
        addrSize = (int) (w0 >>> 18) & 15;
        seg = ((int) (w0 >>> 22) & 7) - 1;
        rep = (int) (w0 >>> 25) & 3;
        cc = (int) (w0 >>> 28) & 15;
        rex = (int) (w0 >>> 32) & 0x1F;
        if (rex != 0) rex = 0x40 | rex & 15;
        flags = (int) (w0 >>> 37) & 0x3F;
        immSize = (int) (w0 >>> 43) & 15;
        nOperands = (int) (w0 >>> 47) & 3;
        scale = (int) (w0 >>> 49) & 3;
        base = ((int) (w0 >>> 51) & 31) - 1;
        index = ((int) (w0 >>> 56) & 31) - 1;
        int m = (int) (w0 >>> 61) & 3;
        mode = m == 0 ? 16 : m == 1 ? 32 : 64;
        for (int i = 0; i < 3; i++) {
            int o = (int) (w1 >>> (13 * i)) & 0x1FFF;
            kind[i] = o & 15;
            size[i] = (o >>> 4) & 15;
            regno[i] = o >>> 8;
        }
        modrm = ((int) (w1 >>> 39) & 0x1FF) - 1;
        prefixes = (int) (w1 >>> 48) & 0x3F;
        map = (int) (w1 >>> 54) & 3;
        opcode = (int) (w1 >>> 56) & 0xFF;
        if (modrm >= 0) {
            mod = modrm >>> 6;
            reg = (modrm >>> 3) & 7 | (rex & 4) << 1;
            rm = modrm & 7 | (rex & 1) << 3;
        } else {
            mod = reg = rm = 0;
        }
        if (hasMem()) {
            disp = w[at + 2];
            imm2 = 0;
        } else {
            disp = 0;
            imm2 = w[at + 2];
        }
        imm = w[at + 3];
    }

    /** Intel-syntax disassembly (for debugging and test messages). */
    @Override
    public String toString() {
        return Disasm.format(this);
    }
}
