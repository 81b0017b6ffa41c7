package org.jemu.cpu.x86.internal.decode;

/**
 * One immutable opcode-table entry: the operation, up to three operand descriptors ({@link Spec}) and flags; or, for a
 * group opcode, the member tables indexed by ModRM.reg ({@code mem}, and {@code reg} for mod=11 when it differs; a
 * 64-entry {@code reg} table is indexed by ModRM bits 0-5).
 */
record Entry(Op op, int o1, int o2, int o3, int flags, Entry[] mem, Entry[] reg) {
    /** Needs a ModRM byte. */
    static final int MODRM = 1;
    /** Invalid in 64-bit mode. */
    static final int I64 = 2;
    /** Valid only in 64-bit mode. */
    static final int O64 = 4;
    /** Operand size defaults to 64 bits in 64-bit mode (66 gives 16). */
    static final int D64 = 8;
    /** Operand size is 64 bits in 64-bit mode whatever the prefixes (Intel behaviour for near branches). */
    static final int F64 = 16;
    /** Byte operation (operand size 1). */
    static final int BYTE = 32;
    /** Operand size capped at 32 bits (REX.W ignored): IN/OUT/INS/OUTS. */
    static final int ZCAP = 64;
    /** Trailing imm8 (SSE forms described only by "E"). */
    static final int IMM8 = 128;
    /** Invalid with a 66, F2 or F3 prefix (those select an SSE instruction, none of which exists here): MOVNTI. */
    static final int NO_SIMD_PREFIX = 256;
    /** Invalid with F2 or F3 (they select other instructions): CLFLUSH, the fences. */
    static final int NO_REP_PREFIX = 512;

    static final Entry UD = new Entry(Op.UD, 0, 0, 0, 0, null, null);

    boolean has(int flag) { return (flags & flag) != 0; }

    boolean isGroup() { return mem != null; }

    int operand(int i) { return i == 0 ? o1 : i == 1 ? o2 : o3; }

    /** Builds an entry from the table notation, e.g. {@code of(Op.ADD, "Eb,Gb", 0)}. */
    static Entry of(Op op, String operands, int flags) {
        int[] s = new int[3];
        if (!operands.isEmpty()) {
            String[] t = operands.split(",");
            for (int i = 0; i < t.length; i++) s[i] = Spec.parse(t[i]);
        }
        boolean sized = false, hasByte = false;
        for (int x : s) {
            if (x == 0) continue;
            if (Spec.needsModrm(x)) flags |= MODRM;
            if (Spec.isImmediate(x)) continue;
            int sz = Spec.size(x);
            if (sz == Spec.SV || sz == Spec.SZ || sz == Spec.SY || sz == Spec.SP) sized = true;
            if (sz == Spec.SB) hasByte = true;
            if (sz == Spec.SZ) flags |= ZCAP;
        }
        if (hasByte && !sized) flags |= BYTE;
        return new Entry(op, s[0], s[1], s[2], flags, null, null);
    }

    static Entry group(Entry[] mem, Entry[] reg) {
        return new Entry(null, 0, 0, 0, MODRM, mem, reg);
    }
}
