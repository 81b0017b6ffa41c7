package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.*;

/**
 * The table-driven x86 decoder. Stateless and thread-safe: {@link #decode} reads one instruction from a
 * {@link ByteSource} into a caller-owned {@link DecodedInsn}. Any byte sequence decodes: invalid encodings give
 * {@link Op#UD}, more than 15 bytes {@link Op#TOO_LONG}; the only exception that leaves it is the source's
 * {@link FetchFault}, and no byte beyond the 15th is ever fetched.
 */
public final class Decoder {
    private Decoder() {}

    public static final int MODE16 = 16, MODE32 = 32, MODE64 = 64;
    public static final int MAX_LENGTH = 15;

    private static final Entry PAUSE = Entry.of(Op.PAUSE, "", 0);
    private static final Entry XCHG_R8 = OneByteMap.LEGACY[0x90 + 1];
    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

    /** A cursor over the source that refuses to go past 15 bytes. */
    static final class Cursor {
        ByteSource src;
        long pc;
        int pos;
        boolean tooLong;

        int next() {
            if (pos >= MAX_LENGTH) {
                tooLong = true;
                return 0;
            }
            return src.fetch(pc + pos++) & 0xFF;
        }

        /** Little-endian value of {@code n} bytes, sign-extended. */
        long signed(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) v |= (long) next() << (8 * i);
            int sh = 64 - 8 * n;
            return n == 8 ? v : v << sh >> sh;
        }

        long unsigned(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) v |= (long) next() << (8 * i);
            return v;
        }
    }

    /** Decodes the instruction at {@code pc} in {@code mode} (16, 32 or 64) into {@code d}, and returns it. */
    public static DecodedInsn decode(ByteSource src, long pc, int mode, DecodedInsn d) {
        if (mode != MODE16 && mode != MODE32 && mode != MODE64) throw new IllegalArgumentException("mode " + mode);
        d.reset(mode);
        Cursor c = d.cursor;
        c.src = src;
        c.pc = pc;
        c.pos = 0;
        c.tooLong = false;
        Op result;
        try {
            result = decode(c, mode, d);
        } finally {
            c.src = null;
        }
        if (c.tooLong) {
            d.op = Op.TOO_LONG;
            d.length = MAX_LENGTH;
            d.flags = F_ENDS_BLOCK;
            return d;
        }
        d.length = c.pos;
        if (result != null) {
            d.op = result;
            d.flags |= F_ENDS_BLOCK;
            d.nOperands = 0;
        }
        return d;
    }

    /** Returns null on success, or the fault op (UD). */
    private static Op decode(Cursor c, int mode, DecodedInsn d) {
        boolean long64 = mode == MODE64;
        int b, rex = 0, pfx = 0;
        for (;;) {
            b = c.next();
            int s = switch (b) {
                case 0x26 -> ES; case 0x2E -> CS; case 0x36 -> SS; case 0x3E -> DS; case 0x64 -> FS; case 0x65 -> GS;
                default -> -1;
            };
            if (s >= 0) {
                d.seg = s;
                pfx |= P_SEG;
            } else if (b == 0x66) {
                pfx |= P_66;
            } else if (b == 0x67) {
                pfx |= P_67;
            } else if (b == 0xF0) {
                pfx |= P_LOCK;
            } else if (b == 0xF2) {
                pfx |= P_REPNE;
                d.rep = REP_NE;
            } else if (b == 0xF3) {
                pfx |= P_REP;
                d.rep = REP_E;
            } else if (long64 && (b & 0xF0) == 0x40) {
                rex = b; // a later legacy prefix cancels it, a later REX replaces it
                continue;
            } else {
                break;
            }
            rex = 0;
        }
        d.prefixes = pfx;
        d.rex = rex;
        if (rex != 0) d.flags |= F_REX;
        boolean rexW = (rex & 8) != 0;
        int rexR = (rex & 4) << 1, rexX = (rex & 2) << 2, rexB = (rex & 1) << 3;

        Entry e;
        if (b == 0x0F) {
            int b2 = c.next();
            if (b2 == 0x38) {
                d.map = 2;
                d.opcode = c.next();
                e = TwoByteMap.MAP_0F38;
            } else if (b2 == 0x3A) {
                d.map = 3;
                d.opcode = c.next();
                e = TwoByteMap.MAP_0F3A;
            } else {
                d.map = 1;
                d.opcode = b2;
                Entry f3 = d.rep == REP_E ? TwoByteMap.F3[b2] : null;
                e = f3 != null ? f3 : TwoByteMap.MAP[b2];
            }
        } else {
            d.opcode = b;
            e = (long64 ? OneByteMap.LONG : OneByteMap.LEGACY)[b];
            if (b == 0x90) {
                if (rexB != 0) e = XCHG_R8;
                else if (d.rep == REP_E) e = PAUSE;
            }
        }
        if (long64 ? e.has(Entry.I64) : e.has(Entry.O64)) return Op.UD;

        if (e.has(Entry.MODRM)) {
            int m = c.next();
            d.modrm = m;
            d.flags |= F_MODRM;
            d.mod = m >>> 6;
            d.reg = (m >>> 3) & 7 | rexR;
            d.rm = m & 7 | rexB;
            if (e.isGroup()) {
                Entry[] rt = e.reg();
                e = d.mod == 3 && rt != null ? (rt.length == 64 ? rt[m & 63] : rt[(m >>> 3) & 7]) : e.mem()[(m >>> 3) & 7];
                if (long64 ? e.has(Entry.I64) : e.has(Entry.O64)) return Op.UD;
            }
        }
        Op op = e.op();
        if (op == Op.UD) return Op.UD;
        if (e.has(Entry.NO_SIMD_PREFIX) && (pfx & (P_66 | P_REP | P_REPNE)) != 0) return Op.UD;
        if (e.has(Entry.NO_REP_PREFIX) && (pfx & (P_REP | P_REPNE)) != 0) return Op.UD;

        // operand and address sizes
        boolean p66 = (pfx & P_66) != 0;
        int osz;
        if (long64) {
            osz = e.has(Entry.F64) || rexW ? 8 : e.has(Entry.D64) ? (p66 ? 2 : 8) : p66 ? 2 : 4;
        } else {
            osz = (mode == MODE16) != p66 ? 2 : 4;
        }
        if (e.has(Entry.ZCAP) && osz == 8) osz = 4;
        boolean p67 = (pfx & P_67) != 0;
        int asz = long64 ? (p67 ? 4 : 8) : (mode == MODE16) != p67 ? 2 : 4;
        d.opSize = e.has(Entry.BYTE) ? 1 : osz;
        d.addrSize = asz;

        // ModRM memory operand (R operands ignore mod: MOV CRn/DRn)
        boolean regOnly = Spec.kind(e.o1()) == Spec.R || Spec.kind(e.o2()) == Spec.R;
        if (e.has(Entry.MODRM) && d.mod != 3 && !regOnly) {
            d.flags |= F_MEM;
            memory(c, d, asz, long64, rexX, rexB);
        }

        // explicit operands
        int nImm = 0;
        for (int i = 0; i < 3; i++) {
            int spec = e.operand(i);
            if (spec == 0) break;
            d.nOperands = i + 1;
            int sz = Spec.bytes(Spec.size(spec), osz, mode);
            d.size[i] = sz;
            switch (Spec.kind(spec)) {
                case Spec.E -> {
                    if (d.mod == 3) reg(d, i, d.rm, sz);
                    else d.kind[i] = K_MEM;
                }
                case Spec.M -> {
                    if (d.mod == 3) return Op.UD;
                    d.kind[i] = K_MEM;
                }
                case Spec.R -> reg(d, i, d.rm, sz);
                case Spec.G -> reg(d, i, d.reg, sz);
                case Spec.S -> {
                    int sr = (d.modrm >>> 3) & 7;
                    if (sr > GS || (i == 0 && sr == CS)) return Op.UD;
                    d.kind[i] = K_SREG;
                    d.regno[i] = sr;
                }
                case Spec.C -> {
                    int cr = d.reg;
                    if (cr != 0 && cr != 2 && cr != 3 && cr != 4 && cr != 8) return Op.UD;
                    d.kind[i] = K_CREG;
                    d.regno[i] = cr;
                }
                case Spec.D -> {
                    if (d.reg > 7) return Op.UD;
                    d.kind[i] = K_DREG;
                    d.regno[i] = d.reg;
                }
                case Spec.I, Spec.J -> {
                    long v = c.signed(sz);
                    d.kind[i] = Spec.kind(spec) == Spec.I ? K_IMM : K_REL;
                    if (nImm++ == 0) {
                        d.imm = v;
                        d.immSize = sz;
                    } else {
                        d.imm2 = v;
                    }
                }
                case Spec.ONE -> {
                    d.kind[i] = K_IMM;
                    d.imm = 1;
                    nImm++;
                }
                case Spec.O -> {
                    d.kind[i] = K_MEM;
                    d.flags |= F_MEM;
                    d.disp = c.unsigned(asz);
                }
                case Spec.A -> {
                    int ow = osz == 2 ? 2 : 4;
                    d.kind[i] = K_FAR;
                    d.imm = c.unsigned(ow);
                    d.immSize = ow;
                    d.imm2 = c.unsigned(2);
                    d.size[i] = ow + 2;
                }
                case Spec.Z -> reg(d, i, d.opcode & 7 | rexB, sz);
                case Spec.FIX -> {
                    d.kind[i] = K_REG;
                    d.regno[i] = Spec.fixed(spec);
                }
                case Spec.SEG -> {
                    d.kind[i] = K_SREG;
                    d.regno[i] = Spec.fixed(spec);
                }
                default -> throw new AssertionError(spec);
            }
        }
        if (e.has(Entry.IMM8)) {
            d.imm = c.signed(1);
            d.immSize = 1;
        }

        // instruction-specific rules
        if (op == Op.CMPXCHG8B && rexW) {
            op = Op.CMPXCHG16B;
            d.size[0] = 16;
        }
        if (op == Op.MOV_CR || op == Op.MOV_DR) d.opSize = long64 ? 8 : 4;
        if (op == Op.JCC || op == Op.SETCC || op == Op.CMOVCC) d.cc = d.opcode & 15;
        if ((pfx & P_LOCK) != 0 && !(op.lockable() && d.kind[0] == K_MEM)) return Op.UD;
        d.op = op;
        if (op.branch()) d.flags |= F_BRANCH;
        if (op.endsBlock() || ((op == Op.MOV_SREG || op == Op.POP) && d.kind[0] == K_SREG)) d.flags |= F_ENDS_BLOCK;
        return null;
    }

    private static void reg(DecodedInsn d, int i, int n, int sz) {
        d.kind[i] = K_REG;
        d.regno[i] = sz == 1 && d.rex == 0 && n >= 4 && n < 8 ? HIGH8 | (n - 4) : n;
    }

    private static void memory(Cursor c, DecodedInsn d, int asz, boolean long64, int rexX, int rexB) {
        int mod = d.mod, rm = d.modrm & 7;
        if (asz == 2) {
            d.base = BASE16[rm];
            d.index = INDEX16[rm];
            if (mod == 0 && rm == 6) {
                d.base = NO_REG;
                d.disp = c.signed(2);
            } else if (mod == 1) {
                d.disp = c.signed(1);
            } else if (mod == 2) {
                d.disp = c.signed(2);
            }
            return;
        }
        boolean disp32 = mod == 2;
        if (rm == 4) {
            int sib = c.next();
            d.scale = sib >>> 6;
            int idx = (sib >>> 3) & 7 | rexX;
            d.index = idx == 4 ? NO_REG : idx;
            if ((sib & 7) == 5 && mod == 0) {
                d.base = NO_REG;
                disp32 = true;
            } else {
                d.base = sib & 7 | rexB;
            }
        } else if (rm == 5 && mod == 0) {
            disp32 = true;
            if (long64) {
                d.base = RIP;
                d.flags |= F_RIPREL;
            }
        } else {
            d.base = rm | rexB;
        }
        if (mod == 1) d.disp = c.signed(1);
        else if (disp32) d.disp = c.signed(4);
    }
}
