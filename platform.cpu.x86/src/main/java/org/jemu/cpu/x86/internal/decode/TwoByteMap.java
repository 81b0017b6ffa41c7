package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.Entry.D64;
import static org.jemu.cpu.x86.internal.decode.Entry.F64;
import static org.jemu.cpu.x86.internal.decode.Entry.IMM8;
import static org.jemu.cpu.x86.internal.decode.Entry.O64;

/**
 * The two-byte (0F xx) opcode map, its F3 mandatory-prefix variants for integer instructions (POPCNT, TZCNT, LZCNT)
 * and the three-byte maps 0F 38 (ModRM, no immediate) and 0F 3A (ModRM + imm8), which are decoded only for their
 * length and marked {@link Op#UNIMPL} (SSSE3 and later). The SSE/SSE2/MMX rows are {@link Op#SSE} with a generic
 * ModRM operand: the SSE unit decodes the rest.
 */
final class TwoByteMap {
    private TwoByteMap() {}

    static final Entry[] MAP = build();
    /** Entries that replace {@link #MAP} when the last F2/F3 prefix is F3; null where F3 changes nothing. */
    static final Entry[] F3 = buildF3();
    static final Entry MAP_0F38 = Entry.of(Op.UNIMPL, "E", 0);
    static final Entry MAP_0F3A = Entry.of(Op.UNIMPL, "E", IMM8);

    private static Entry[] buildF3() {
        Entry[] t = new Entry[256];
        t[0xB8] = Entry.of(Op.POPCNT, "Gv,Ev", 0);
        t[0xBC] = Entry.of(Op.TZCNT, "Gv,Ev", 0);
        t[0xBD] = Entry.of(Op.LZCNT, "Gv,Ev", 0);
        return t;
    }

    private static Entry[] build() {
        Entry[] t = new Entry[256];
        Entry sse = Entry.of(Op.SSE, "E", 0), sseIb = Entry.of(Op.SSE, "E", IMM8), hintNop = Entry.of(Op.NOP, "Ev", 0);

        Entry[] g6 = {Entry.of(Op.SLDT, "Ev", 0), Entry.of(Op.STR, "Ev", 0), Entry.of(Op.LLDT, "Ew", 0),
                Entry.of(Op.LTR, "Ew", 0), Entry.of(Op.VERR, "Ew", 0), Entry.of(Op.VERW, "Ew", 0), Entry.UD, Entry.UD};
        t[0x00] = Entry.group(g6, null);
        Entry[] g7m = {Entry.of(Op.SGDT, "Ms", 0), Entry.of(Op.SIDT, "Ms", 0), Entry.of(Op.LGDT, "Ms", 0),
                Entry.of(Op.LIDT, "Ms", 0), Entry.of(Op.SMSW, "Ew", 0), Entry.UD, Entry.of(Op.LMSW, "Ew", 0),
                Entry.of(Op.INVLPG, "M", 0)};
        Entry[] g7r = new Entry[64];
        java.util.Arrays.fill(g7r, Entry.UD);
        for (int rm = 0; rm < 8; rm++) {
            g7r[4 << 3 | rm] = Entry.of(Op.SMSW, "Ev", 0);
            g7r[6 << 3 | rm] = Entry.of(Op.LMSW, "Ew", 0);
        }
        Entry unimpl = Entry.of(Op.UNIMPL, "", 0);
        g7r[1 << 3] = g7r[1 << 3 | 1] = g7r[1 << 3 | 2] = g7r[1 << 3 | 3] = unimpl; // MONITOR MWAIT CLAC STAC
        g7r[7 << 3] = Entry.of(Op.SWAPGS, "", O64);
        g7r[7 << 3 | 1] = Entry.of(Op.RDTSCP, "", 0);
        t[0x01] = Entry.group(g7m, g7r);
        t[0x02] = Entry.of(Op.LAR, "Gv,Ew", 0);
        t[0x03] = Entry.of(Op.LSL, "Gv,Ew", 0);
        t[0x05] = Entry.of(Op.SYSCALL, "", 0);
        t[0x06] = Entry.of(Op.CLTS, "", 0);
        t[0x07] = Entry.of(Op.SYSRET, "", 0);
        t[0x08] = Entry.of(Op.INVD, "", 0);
        t[0x09] = Entry.of(Op.WBINVD, "", 0);
        t[0x0B] = Entry.of(Op.UD2, "", 0);
        t[0x0D] = Entry.of(Op.NOP, "M", 0); // PREFETCH/PREFETCHW (memory only)
        for (int i = 0x10; i <= 0x17; i++) t[i] = sse;
        for (int i = 0x18; i <= 0x1F; i++) t[i] = hintNop; // PREFETCHh, hint NOPs, 0F 1F NOP Ev
        t[0x20] = Entry.of(Op.MOV_CR, "Rr,Cr", F64);
        t[0x21] = Entry.of(Op.MOV_DR, "Rr,Dr", F64);
        t[0x22] = Entry.of(Op.MOV_CR, "Cr,Rr", F64);
        t[0x23] = Entry.of(Op.MOV_DR, "Dr,Rr", F64);
        for (int i = 0x28; i <= 0x2F; i++) t[i] = sse;
        t[0x30] = Entry.of(Op.WRMSR, "", 0);
        t[0x31] = Entry.of(Op.RDTSC, "", 0);
        t[0x32] = Entry.of(Op.RDMSR, "", 0);
        t[0x33] = Entry.of(Op.RDPMC, "", 0);
        t[0x34] = Entry.of(Op.SYSENTER, "", 0);
        t[0x35] = Entry.of(Op.SYSEXIT, "", 0);
        for (int cc = 0; cc < 16; cc++) {
            t[0x40 + cc] = Entry.of(Op.CMOVCC, "Gv,Ev", 0);
            t[0x80 + cc] = Entry.of(Op.JCC, "Jz", F64);
            t[0x90 + cc] = Entry.of(Op.SETCC, "Eb", 0);
        }
        for (int i = 0x50; i <= 0x7F; i++) t[i] = sse;
        for (int i = 0x70; i <= 0x73; i++) t[i] = sseIb;
        t[0x77] = Entry.of(Op.SSE, "", 0); // EMMS
        t[0x78] = t[0x79] = t[0x7A] = t[0x7B] = Entry.UD; // VMREAD/VMWRITE (no VMX)
        t[0xA0] = Entry.of(Op.PUSH, "FS", D64);
        t[0xA1] = Entry.of(Op.POP, "FS", D64);
        t[0xA2] = Entry.of(Op.CPUID, "", 0);
        t[0xA3] = Entry.of(Op.BT, "Ev,Gv", 0);
        t[0xA4] = Entry.of(Op.SHLD, "Ev,Gv,Ib", 0);
        t[0xA5] = Entry.of(Op.SHLD, "Ev,Gv,CL", 0);
        t[0xA8] = Entry.of(Op.PUSH, "GS", D64);
        t[0xA9] = Entry.of(Op.POP, "GS", D64);
        t[0xAA] = Entry.of(Op.RSM, "", 0);
        t[0xAB] = Entry.of(Op.BTS, "Ev,Gv", 0);
        t[0xAC] = Entry.of(Op.SHRD, "Ev,Gv,Ib", 0);
        t[0xAD] = Entry.of(Op.SHRD, "Ev,Gv,CL", 0);
        Entry msse = Entry.of(Op.SSE, "M", 0);
        Entry[] g15m = {msse, msse, msse, msse, msse, msse, msse, Entry.of(Op.CLFLUSH, "M", Entry.NO_REP_PREFIX)};
        Entry[] g15r = {Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.of(Op.LFENCE, "", Entry.NO_REP_PREFIX),
                Entry.of(Op.MFENCE, "", Entry.NO_REP_PREFIX), Entry.of(Op.SFENCE, "", Entry.NO_REP_PREFIX)};
        t[0xAE] = Entry.group(g15m, g15r);
        t[0xAF] = Entry.of(Op.IMUL2, "Gv,Ev", 0);
        t[0xB0] = Entry.of(Op.CMPXCHG, "Eb,Gb", 0);
        t[0xB1] = Entry.of(Op.CMPXCHG, "Ev,Gv", 0);
        t[0xB2] = Entry.of(Op.LSS, "Gv,Mp", 0);
        t[0xB3] = Entry.of(Op.BTR, "Ev,Gv", 0);
        t[0xB4] = Entry.of(Op.LFS, "Gv,Mp", 0);
        t[0xB5] = Entry.of(Op.LGS, "Gv,Mp", 0);
        t[0xB6] = Entry.of(Op.MOVZX, "Gv,Eb", 0);
        t[0xB7] = Entry.of(Op.MOVZX, "Gv,Ew", 0);
        t[0xB9] = new Entry(Op.UD, 0, 0, 0, Entry.MODRM, null, null); // UD1
        Entry[] g8 = {Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.of(Op.BT, "Ev,Ib", 0),
                Entry.of(Op.BTS, "Ev,Ib", 0), Entry.of(Op.BTR, "Ev,Ib", 0), Entry.of(Op.BTC, "Ev,Ib", 0)};
        t[0xBA] = Entry.group(g8, null);
        t[0xBB] = Entry.of(Op.BTC, "Ev,Gv", 0);
        t[0xBC] = Entry.of(Op.BSF, "Gv,Ev", 0);
        t[0xBD] = Entry.of(Op.BSR, "Gv,Ev", 0);
        t[0xBE] = Entry.of(Op.MOVSX, "Gv,Eb", 0);
        t[0xBF] = Entry.of(Op.MOVSX, "Gv,Ew", 0);
        t[0xC0] = Entry.of(Op.XADD, "Eb,Gb", 0);
        t[0xC1] = Entry.of(Op.XADD, "Ev,Gv", 0);
        t[0xC2] = sseIb;
        t[0xC3] = Entry.of(Op.MOV, "My,Gy", Entry.NO_SIMD_PREFIX); // MOVNTI
        t[0xC4] = t[0xC5] = t[0xC6] = sseIb;
        Entry[] g9m = {Entry.UD, Entry.of(Op.CMPXCHG8B, "Mq", 0), Entry.UD, Entry.UD, Entry.UD, Entry.UD,
                Entry.UD, Entry.UD};
        Entry[] g9r = {Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.UD, Entry.UD};
        t[0xC7] = Entry.group(g9m, g9r);
        for (int r = 0; r < 8; r++) t[0xC8 + r] = Entry.of(Op.BSWAP, "Zv", 0);
        for (int i = 0xD0; i <= 0xFE; i++) t[i] = sse;
        for (int i = 0; i < 256; i++) if (t[i] == null) t[i] = Entry.UD;
        return t;
    }
}
