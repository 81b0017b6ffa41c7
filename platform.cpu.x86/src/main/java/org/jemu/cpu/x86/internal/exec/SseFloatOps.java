package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.SseUnit.NP;
import static org.jemu.cpu.x86.internal.exec.SseUnit.P66;
import static org.jemu.cpu.x86.internal.exec.SseUnit.PF2;
import static org.jemu.cpu.x86.internal.exec.SseUnit.PF3;
import static org.jemu.cpu.x86.internal.simd.SoftFloat.F32;
import static org.jemu.cpu.x86.internal.simd.SoftFloat.F64;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.simd.SoftFloat;

/**
 * The SSE/SSE2 floating-point rows of the 0F map: moves (10-17, 28, 29, 2B, 50), arithmetic, logic, compares and
 * approximations (51-5F, C2), COMISS/UCOMISS (2E, 2F), SHUFPS/SHUFPD (C6), UNPCKL/H (14, 15) and the conversions
 * (2A, 2C, 2D, 5A, 5B, E6). {@link #execute} returns false for an encoding that does not exist (#UD).
 */
final class SseFloatOps {
    private static final long LO32 = 0xFFFF_FFFFL;
    private static final int SQRT = 6, CMP = 7, RCP = 8, RSQRT = 9;

    private final SseUnit u;
    private final long[] x;
    private final SoftFloat fp;

    SseFloatOps(SseUnit unit) {
        this.u = unit;
        this.x = unit.xmm;
        this.fp = unit.fp;
    }

    boolean execute(DecodedInsn i, int pfx) {
        boolean mem = i.mod != 3;
        return switch (i.opcode) {
            case 0x10, 0x11 -> moveUnaligned(i, pfx);
            case 0x12, 0x13, 0x16, 0x17 -> moveHalf(i, pfx, mem);
            case 0x14, 0x15 -> unpack(i, pfx);
            case 0x28 -> pfx <= P66 && load128(i, true);
            case 0x29 -> pfx <= P66 && store128(i, true);
            case 0x2B -> pfx <= P66 && mem && store128(i, true);
            case 0x2A -> fromInt(i, pfx);
            case 0x2C, 0x2D -> toInt(i, pfx, i.opcode == 0x2C);
            case 0x2E, 0x2F -> pfx <= P66 && comis(i, pfx == P66 ? F64 : F32, i.opcode == 0x2F);
            case 0x50 -> pfx <= P66 && !mem && movmsk(i, pfx == P66);
            case 0x51 -> arith(i, pfx, SQRT);
            case 0x52, 0x53 -> (pfx == NP || pfx == PF3) && arith(i, pfx, i.opcode == 0x52 ? RSQRT : RCP);
            case 0x54, 0x55, 0x56, 0x57 -> pfx <= P66 && logic(i);
            case 0x58 -> arith(i, pfx, SoftFloat.ADD);
            case 0x59 -> arith(i, pfx, SoftFloat.MUL);
            case 0x5A -> convertFloat(i, pfx);
            case 0x5B -> pfx != PF2 && convertDq(i, pfx);
            case 0x5C -> arith(i, pfx, SoftFloat.SUB);
            case 0x5D -> arith(i, pfx, SoftFloat.MIN);
            case 0x5E -> arith(i, pfx, SoftFloat.DIV);
            case 0x5F -> arith(i, pfx, SoftFloat.MAX);
            case 0xC2 -> arith(i, pfx, CMP);
            case 0xC6 -> pfx <= P66 && shuffle(i, pfx == P66);
            case 0xE6 -> pfx != NP && convertPdDq(i, pfx);
            default -> false;
        };
    }

    private static long lane(long q, int half) {
        return (q >>> (32 * half)) & LO32;
    }

    private static long join(long lo, long hi) {
        return (lo & LO32) | hi << 32;
    }

    // ---- moves -------------------------------------------------------------------------------------------------

    private boolean load128(DecodedInsn i, boolean aligned) {
        u.checkSse();
        u.loadReg128(i, aligned);
        return true;
    }

    private boolean store128(DecodedInsn i, boolean aligned) {
        u.checkSse();
        u.storeReg128(i, aligned);
        return true;
    }

    /** 0F 10/11: MOVUPS, MOVUPD, MOVSS, MOVSD. */
    private boolean moveUnaligned(DecodedInsn i, int pfx) {
        boolean load = i.opcode == 0x10;
        if (pfx <= P66) return load ? load128(i, false) : store128(i, false);
        u.checkSse();
        boolean single = pfx == PF3;
        int dst = 2 * (load ? i.reg : i.rm);
        int src = 2 * (load ? i.rm : i.reg);
        if (i.mod == 3) {
            x[dst] = single ? (x[dst] & ~LO32) | (x[src] & LO32) : x[src];
        } else if (load) {
            x[dst] = u.loadMem(single ? 4 : 8);
            x[dst + 1] = 0;
        } else {
            u.storeMem(single ? 4 : 8, x[src]);
        }
        return true;
    }

    /** 0F 12/13/16/17: MOVLPS/MOVHLPS, MOVLPD, MOVHPS/MOVLHPS, MOVHPD (loads and stores of one half). */
    private boolean moveHalf(DecodedInsn i, int pfx, boolean mem) {
        if (pfx > P66 || (!mem && (pfx == P66 || (i.opcode & 1) != 0))) return false;
        u.checkSse();
        int half = i.opcode >= 0x16 ? 1 : 0;
        int r = 2 * i.reg;
        if ((i.opcode & 1) != 0) {
            u.storeMem(8, x[r + half]);
        } else if (mem) {
            x[r + half] = u.loadMem(8);
        } else {
            x[r + half] = x[2 * i.rm + 1 - half]; // MOVHLPS: low <- source high; MOVLHPS: high <- source low
        }
        return true;
    }

    private boolean movmsk(DecodedInsn i, boolean pd) {
        u.checkSse();
        long lo = x[2 * i.rm];
        long hi = x[2 * i.rm + 1];
        long m = pd ? (lo >>> 63) | (hi >>> 63) << 1
                : (lo >>> 31 & 1) | (lo >>> 63) << 1 | (hi >>> 31 & 1) << 2 | (hi >>> 63) << 3;
        u.cpu.setReg(i.reg, 4, m);
        return true;
    }

    // ---- logic, shuffles, unpacks ------------------------------------------------------------------------------

    private boolean logic(DecodedInsn i) {
        u.checkSse();
        u.loadSrc128(i, true);
        int d = 2 * i.reg;
        for (int k = 0; k < 2; k++) {
            long a = x[d + k];
            long b = k == 0 ? u.srcLo : u.srcHi;
            x[d + k] = switch (i.opcode) {
                case 0x54 -> a & b;
                case 0x55 -> ~a & b;
                case 0x56 -> a | b;
                default -> a ^ b;
            };
        }
        return true;
    }

    private boolean shuffle(DecodedInsn i, boolean pd) {
        u.checkSse();
        u.loadSrc128(i, true);
        int d = 2 * i.reg;
        int imm = (int) i.imm;
        long a0 = x[d];
        long a1 = x[d + 1];
        if (pd) {
            x[d] = (imm & 1) == 0 ? a0 : a1;
            x[d + 1] = (imm & 2) == 0 ? u.srcLo : u.srcHi;
        } else {
            x[d] = join(ps(a0, a1, imm), ps(a0, a1, imm >>> 2));
            x[d + 1] = join(ps(u.srcLo, u.srcHi, imm >>> 4), ps(u.srcLo, u.srcHi, imm >>> 6));
        }
        return true;
    }

    private static long ps(long lo, long hi, int sel) {
        sel &= 3;
        return lane(sel < 2 ? lo : hi, sel & 1);
    }

    private boolean unpack(DecodedInsn i, int pfx) {
        if (pfx > P66) return false;
        u.checkSse();
        u.loadSrc128(i, true);
        int d = 2 * i.reg;
        boolean high = i.opcode == 0x15;
        long a = x[d + (high ? 1 : 0)];
        long b = high ? u.srcHi : u.srcLo;
        if (pfx == P66) {
            x[d] = a;
            x[d + 1] = b;
        } else {
            x[d] = join(a, b);
            x[d + 1] = join(a >>> 32, b >>> 32);
        }
        return true;
    }

    // ---- arithmetic ------------------------------------------------------------------------------------------

    private long op(int kind, int fmt, long a, long b, int imm) {
        return switch (kind) {
            case SQRT -> fp.sqrt(fmt, b);
            case CMP -> fp.predicate(fmt, a, b, imm) ? (fmt == F32 ? LO32 : -1L) : 0;
            case RCP -> SoftFloat.reciprocal(b);
            case RSQRT -> SoftFloat.reciprocalSqrt(b);
            default -> fp.binary(kind, fmt, a, b);
        };
    }

    /** Packed (none, 66) or scalar (F3, F2) single/double arithmetic, compares and approximations. */
    private boolean arith(DecodedInsn i, int pfx, int kind) {
        u.checkSse();
        int d = 2 * i.reg;
        long a0 = x[d];
        long a1 = x[d + 1];
        int imm = (int) i.imm;
        fp.begin(u.mxcsr);
        long r0;
        long r1 = a1;
        switch (pfx) {
            case NP -> {
                u.loadSrc128(i, true);
                long b0 = u.srcLo;
                long b1 = u.srcHi;
                r0 = join(op(kind, F32, lane(a0, 0), lane(b0, 0), imm), op(kind, F32, lane(a0, 1), lane(b0, 1), imm));
                r1 = join(op(kind, F32, lane(a1, 0), lane(b1, 0), imm), op(kind, F32, lane(a1, 1), lane(b1, 1), imm));
            }
            case P66 -> {
                u.loadSrc128(i, true);
                long b1 = u.srcHi;
                r0 = op(kind, F64, a0, u.srcLo, imm);
                r1 = op(kind, F64, a1, b1, imm);
            }
            case PF3 -> r0 = (a0 & ~LO32) | op(kind, F32, a0 & LO32, u.loadSrc32(i), imm);
            default -> r0 = op(kind, F64, a0, u.loadSrc64(i), imm);
        }
        u.commitFlags();
        x[d] = r0;
        x[d + 1] = r1;
        return true;
    }

    private boolean comis(DecodedInsn i, int fmt, boolean signaling) {
        u.checkSse();
        long a = x[2 * i.reg];
        long b;
        if (fmt == F32) {
            a &= LO32;
            b = u.loadSrc32(i);
        } else {
            b = u.loadSrc64(i);
        }
        fp.begin(u.mxcsr);
        int rel = fp.compare(fmt, a, b, signaling);
        u.commitFlags();
        long flags = switch (rel) {
            case SoftFloat.UNORDERED -> LazyFlags.ZF | LazyFlags.PF | LazyFlags.CF;
            case SoftFloat.LESS -> LazyFlags.CF;
            case SoftFloat.EQUAL -> LazyFlags.ZF;
            default -> 0;
        };
        u.cpu.flags.setEager(flags);
        return true;
    }

    // ---- conversions -------------------------------------------------------------------------------------------

    /** 0F 2A: CVTPI2PS, CVTPI2PD, CVTSI2SS, CVTSI2SD. */
    private boolean fromInt(DecodedInsn i, int pfx) {
        int d = 2 * i.reg;
        if (pfx <= P66) {
            boolean mmx = i.mod == 3;
            if (mmx) {
                u.checkMmx(true);
            } else {
                u.checkSse();
            }
            long v = u.loadMmOrMem64(i);
            fp.begin(u.mxcsr);
            long lo = (int) v;
            long hi = v >> 32;
            if (pfx == NP) {
                long r = join(fp.fromInt(F32, lo), fp.fromInt(F32, hi));
                u.commitFlags();
                x[d] = r;
            } else {
                x[d] = fp.fromInt(F64, lo);
                x[d + 1] = fp.fromInt(F64, hi);
            }
            if (mmx) u.mmxTransition();
            return true;
        }
        u.checkSse();
        long v = u.loadGprOrMem(i);
        if (SseUnit.gprSize(i) == 4) v = (int) v;
        fp.begin(u.mxcsr);
        if (pfx == PF3) {
            long r = fp.fromInt(F32, v);
            u.commitFlags();
            x[d] = (x[d] & ~LO32) | r;
        } else {
            long r = fp.fromInt(F64, v);
            u.commitFlags();
            x[d] = r;
        }
        return true;
    }

    /** 0F 2C/2D: CVT(T)PS2PI, CVT(T)PD2PI, CVT(T)SS2SI, CVT(T)SD2SI. */
    private boolean toInt(DecodedInsn i, int pfx, boolean truncate) {
        if (pfx <= P66) {
            u.checkMmx(true);
            long r;
            if (pfx == NP) {
                long v = u.loadSrc64(i);
                fp.begin(u.mxcsr);
                r = join(fp.toInt(F32, lane(v, 0), false, truncate), fp.toInt(F32, lane(v, 1), false, truncate));
            } else {
                u.loadSrc128(i, true);
                fp.begin(u.mxcsr);
                r = join(fp.toInt(F64, u.srcLo, false, truncate), fp.toInt(F64, u.srcHi, false, truncate));
            }
            u.commitFlags();
            u.setMm(i.modrm >>> 3 & 7, r);
            return true;
        }
        u.checkSse();
        int fmt = pfx == PF3 ? F32 : F64;
        long v = fmt == F32 ? u.loadSrc32(i) : u.loadSrc64(i);
        int size = SseUnit.gprSize(i);
        fp.begin(u.mxcsr);
        long r = fp.toInt(fmt, v, size == 8, truncate);
        u.commitFlags();
        u.cpu.setReg(i.reg, size, r);
        return true;
    }

    /** 0F 5A: CVTPS2PD, CVTPD2PS, CVTSS2SD, CVTSD2SS. */
    private boolean convertFloat(DecodedInsn i, int pfx) {
        u.checkSse();
        int d = 2 * i.reg;
        long r0;
        long r1 = x[d + 1];
        switch (pfx) {
            case NP -> {
                long v = u.loadSrc64(i);
                fp.begin(u.mxcsr);
                r0 = fp.convert(F32, F64, lane(v, 0));
                r1 = fp.convert(F32, F64, lane(v, 1));
            }
            case P66 -> {
                u.loadSrc128(i, true);
                fp.begin(u.mxcsr);
                r0 = join(fp.convert(F64, F32, u.srcLo), fp.convert(F64, F32, u.srcHi));
                r1 = 0;
            }
            case PF3 -> {
                long v = u.loadSrc32(i);
                fp.begin(u.mxcsr);
                r0 = fp.convert(F32, F64, v);
            }
            default -> {
                long v = u.loadSrc64(i);
                fp.begin(u.mxcsr);
                r0 = (x[d] & ~LO32) | fp.convert(F64, F32, v);
            }
        }
        u.commitFlags();
        x[d] = r0;
        x[d + 1] = r1;
        return true;
    }

    /** 0F 5B: CVTDQ2PS, CVTPS2DQ, CVTTPS2DQ. */
    private boolean convertDq(DecodedInsn i, int pfx) {
        u.checkSse();
        u.loadSrc128(i, true);
        fp.begin(u.mxcsr);
        long r0 = dq(u.srcLo, pfx);
        long r1 = dq(u.srcHi, pfx);
        u.commitFlags();
        x[2 * i.reg] = r0;
        x[2 * i.reg + 1] = r1;
        return true;
    }

    private long dq(long q, int pfx) {
        if (pfx == NP) return join(fp.fromInt(F32, (int) q), fp.fromInt(F32, q >> 32));
        return join(fp.toInt(F32, lane(q, 0), false, pfx == PF3), fp.toInt(F32, lane(q, 1), false, pfx == PF3));
    }

    /** 0F E6: CVTTPD2DQ (66), CVTDQ2PD (F3), CVTPD2DQ (F2). */
    private boolean convertPdDq(DecodedInsn i, int pfx) {
        u.checkSse();
        long r0;
        long r1;
        if (pfx == PF3) {
            long v = u.loadSrc64(i);
            fp.begin(u.mxcsr);
            r0 = fp.fromInt(F64, (int) v);
            r1 = fp.fromInt(F64, v >> 32);
        } else {
            u.loadSrc128(i, true);
            fp.begin(u.mxcsr);
            boolean truncate = pfx == P66;
            r0 = join(fp.toInt(F64, u.srcLo, false, truncate), fp.toInt(F64, u.srcHi, false, truncate));
            r1 = 0;
        }
        u.commitFlags();
        x[2 * i.reg] = r0;
        x[2 * i.reg + 1] = r1;
        return true;
    }
}
