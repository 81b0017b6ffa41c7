package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.Entry.D64;
import static org.jemu.cpu.x86.internal.decode.Entry.F64;
import static org.jemu.cpu.x86.internal.decode.Entry.I64;
import static org.jemu.cpu.x86.internal.decode.Entry.BYTE;
import static org.jemu.cpu.x86.internal.decode.Entry.ZCAP;
import static org.jemu.cpu.x86.internal.decode.Entry.MODRM;

/**
 * The one-byte opcode map (legacy prefixes and 0F are handled by the decoder before the lookup). {@link #LEGACY} is
 * the map of 16- and 32-bit modes; {@link #LONG} the one of 64-bit mode, which differs only where an opcode changes
 * meaning (63 MOVSXD); invalidity in 64-bit mode is the {@link Entry#I64} flag.
 */
final class OneByteMap {
    private OneByteMap() {}

    private static final Op[] ALU = {Op.ADD, Op.OR, Op.ADC, Op.SBB, Op.AND, Op.SUB, Op.XOR, Op.CMP};
    private static final Op[] SHIFT = {Op.ROL, Op.ROR, Op.RCL, Op.RCR, Op.SHL, Op.SHR, Op.SHL, Op.SAR};

    static final Entry[] LEGACY = build(false);
    static final Entry[] LONG = build(true);

    static Entry[] groupOf(String operands, Op[] ops, int flags) {
        Entry[] g = new Entry[8];
        for (int i = 0; i < 8; i++) g[i] = ops[i] == null ? Entry.UD : Entry.of(ops[i], operands, flags);
        return g;
    }

    private static Entry[] build(boolean long64) {
        Entry[] t = new Entry[256];
        for (int i = 0; i < 8; i++) {
            Op op = ALU[i];
            int b = i * 8;
            t[b] = Entry.of(op, "Eb,Gb", 0);
            t[b + 1] = Entry.of(op, "Ev,Gv", 0);
            t[b + 2] = Entry.of(op, "Gb,Eb", 0);
            t[b + 3] = Entry.of(op, "Gv,Ev", 0);
            t[b + 4] = Entry.of(op, "AL,Ib", 0);
            t[b + 5] = Entry.of(op, "eAX,Iz", 0);
        }
        t[0x06] = Entry.of(Op.PUSH, "ES", I64);
        t[0x07] = Entry.of(Op.POP, "ES", I64);
        t[0x0E] = Entry.of(Op.PUSH, "CS", I64);
        t[0x16] = Entry.of(Op.PUSH, "SS", I64);
        t[0x17] = Entry.of(Op.POP, "SS", I64);
        t[0x1E] = Entry.of(Op.PUSH, "DS", I64);
        t[0x1F] = Entry.of(Op.POP, "DS", I64);
        t[0x27] = Entry.of(Op.DAA, "", I64);
        t[0x2F] = Entry.of(Op.DAS, "", I64);
        t[0x37] = Entry.of(Op.AAA, "", I64);
        t[0x3F] = Entry.of(Op.AAS, "", I64);
        for (int r = 0; r < 8; r++) {
            t[0x40 + r] = Entry.of(Op.INC, "Zv", I64);
            t[0x48 + r] = Entry.of(Op.DEC, "Zv", I64);
            t[0x50 + r] = Entry.of(Op.PUSH, "Zv", D64);
            t[0x58 + r] = Entry.of(Op.POP, "Zv", D64);
            t[0x90 + r] = r == 0 ? Entry.of(Op.NOP, "", 0) : Entry.of(Op.XCHG, "Zv,eAX", 0);
            t[0xB0 + r] = Entry.of(Op.MOV, "Zb,Ib", 0);
            t[0xB8 + r] = Entry.of(Op.MOV, "Zv,Iv", 0);
        }
        t[0x60] = Entry.of(Op.PUSHA, "", I64);
        t[0x61] = Entry.of(Op.POPA, "", I64);
        t[0x62] = Entry.of(Op.BOUND, "Gv,Ma", I64);
        t[0x63] = long64 ? Entry.of(Op.MOVSXD, "Gv,Ed", 0) : Entry.of(Op.ARPL, "Ew,Gw", 0);
        t[0x68] = Entry.of(Op.PUSH, "Iz", D64);
        t[0x69] = Entry.of(Op.IMUL3, "Gv,Ev,Iz", 0);
        t[0x6A] = Entry.of(Op.PUSH, "Ib", D64);
        t[0x6B] = Entry.of(Op.IMUL3, "Gv,Ev,Ib", 0);
        t[0x6C] = Entry.of(Op.INS, "", BYTE);
        t[0x6D] = Entry.of(Op.INS, "", ZCAP);
        t[0x6E] = Entry.of(Op.OUTS, "", BYTE);
        t[0x6F] = Entry.of(Op.OUTS, "", ZCAP);
        for (int cc = 0; cc < 16; cc++) t[0x70 + cc] = Entry.of(Op.JCC, "Jb", F64);
        t[0x80] = Entry.group(groupOf("Eb,Ib", ALU, 0), null);
        t[0x81] = Entry.group(groupOf("Ev,Iz", ALU, 0), null);
        t[0x82] = new Entry(null, 0, 0, 0, MODRM | I64, groupOf("Eb,Ib", ALU, 0), null);
        t[0x83] = Entry.group(groupOf("Ev,Ib", ALU, 0), null);
        t[0x84] = Entry.of(Op.TEST, "Eb,Gb", 0);
        t[0x85] = Entry.of(Op.TEST, "Ev,Gv", 0);
        t[0x86] = Entry.of(Op.XCHG, "Eb,Gb", 0);
        t[0x87] = Entry.of(Op.XCHG, "Ev,Gv", 0);
        t[0x88] = Entry.of(Op.MOV, "Eb,Gb", 0);
        t[0x89] = Entry.of(Op.MOV, "Ev,Gv", 0);
        t[0x8A] = Entry.of(Op.MOV, "Gb,Eb", 0);
        t[0x8B] = Entry.of(Op.MOV, "Gv,Ev", 0);
        t[0x8C] = Entry.of(Op.MOV_SREG, "Ev,Sw", 0);
        t[0x8D] = Entry.of(Op.LEA, "Gv,M", 0);
        t[0x8E] = Entry.of(Op.MOV_SREG, "Sw,Ew", 0);
        t[0x8F] = Entry.group(groupOf("Ev", new Op[] {Op.POP, null, null, null, null, null, null, null}, D64), null);
        t[0x98] = Entry.of(Op.CBW, "", 0);
        t[0x99] = Entry.of(Op.CWD, "", 0);
        t[0x9A] = Entry.of(Op.CALLF, "Ap", I64);
        t[0x9B] = Entry.of(Op.FWAIT, "", 0);
        t[0x9C] = Entry.of(Op.PUSHF, "", D64);
        t[0x9D] = Entry.of(Op.POPF, "", D64);
        t[0x9E] = Entry.of(Op.SAHF, "", 0);
        t[0x9F] = Entry.of(Op.LAHF, "", 0);
        t[0xA0] = Entry.of(Op.MOV, "AL,Ob", 0);
        t[0xA1] = Entry.of(Op.MOV, "eAX,Ov", 0);
        t[0xA2] = Entry.of(Op.MOV, "Ob,AL", 0);
        t[0xA3] = Entry.of(Op.MOV, "Ov,eAX", 0);
        t[0xA4] = Entry.of(Op.MOVS, "", BYTE);
        t[0xA5] = Entry.of(Op.MOVS, "", 0);
        t[0xA6] = Entry.of(Op.CMPS, "", BYTE);
        t[0xA7] = Entry.of(Op.CMPS, "", 0);
        t[0xA8] = Entry.of(Op.TEST, "AL,Ib", 0);
        t[0xA9] = Entry.of(Op.TEST, "eAX,Iz", 0);
        t[0xAA] = Entry.of(Op.STOS, "", BYTE);
        t[0xAB] = Entry.of(Op.STOS, "", 0);
        t[0xAC] = Entry.of(Op.LODS, "", BYTE);
        t[0xAD] = Entry.of(Op.LODS, "", 0);
        t[0xAE] = Entry.of(Op.SCAS, "", BYTE);
        t[0xAF] = Entry.of(Op.SCAS, "", 0);
        t[0xC0] = Entry.group(groupOf("Eb,Ib", SHIFT, 0), null);
        t[0xC1] = Entry.group(groupOf("Ev,Ib", SHIFT, 0), null);
        t[0xC2] = Entry.of(Op.RET, "Iw", F64);
        t[0xC3] = Entry.of(Op.RET, "", F64);
        t[0xC4] = Entry.of(Op.LES, "Gz,Mp", I64);
        t[0xC5] = Entry.of(Op.LDS, "Gz,Mp", I64);
        t[0xC6] = Entry.group(groupOf("Eb,Ib", new Op[] {Op.MOV, null, null, null, null, null, null, null}, 0), null);
        t[0xC7] = Entry.group(groupOf("Ev,Iz", new Op[] {Op.MOV, null, null, null, null, null, null, null}, 0), null);
        t[0xC8] = Entry.of(Op.ENTER, "Iw,Ib", D64);
        t[0xC9] = Entry.of(Op.LEAVE, "", D64);
        t[0xCA] = Entry.of(Op.RETF, "Iw", 0);
        t[0xCB] = Entry.of(Op.RETF, "", 0);
        t[0xCC] = Entry.of(Op.INT3, "", 0);
        t[0xCD] = Entry.of(Op.INT, "Ib", 0);
        t[0xCE] = Entry.of(Op.INTO, "", I64);
        t[0xCF] = Entry.of(Op.IRET, "", 0);
        t[0xD0] = Entry.group(groupOf("Eb,1", SHIFT, 0), null);
        t[0xD1] = Entry.group(groupOf("Ev,1", SHIFT, 0), null);
        t[0xD2] = Entry.group(groupOf("Eb,CL", SHIFT, 0), null);
        t[0xD3] = Entry.group(groupOf("Ev,CL", SHIFT, 0), null);
        t[0xD4] = Entry.of(Op.AAM, "Ib", I64);
        t[0xD5] = Entry.of(Op.AAD, "Ib", I64);
        t[0xD6] = Entry.of(Op.SALC, "", I64);
        t[0xD7] = Entry.of(Op.XLAT, "", BYTE);
        for (int i = 0xD8; i <= 0xDF; i++) t[i] = Entry.of(Op.X87, "E", 0);
        t[0xE0] = Entry.of(Op.LOOPNE, "Jb", F64);
        t[0xE1] = Entry.of(Op.LOOPE, "Jb", F64);
        t[0xE2] = Entry.of(Op.LOOP, "Jb", F64);
        t[0xE3] = Entry.of(Op.JCXZ, "Jb", F64);
        t[0xE4] = Entry.of(Op.IN, "AL,Ib", 0);
        t[0xE5] = Entry.of(Op.IN, "zAX,Ib", 0);
        t[0xE6] = Entry.of(Op.OUT, "Ib,AL", 0);
        t[0xE7] = Entry.of(Op.OUT, "Ib,zAX", 0);
        t[0xE8] = Entry.of(Op.CALL, "Jz", F64);
        t[0xE9] = Entry.of(Op.JMP, "Jz", F64);
        t[0xEA] = Entry.of(Op.JMPF, "Ap", I64);
        t[0xEB] = Entry.of(Op.JMP, "Jb", F64);
        t[0xEC] = Entry.of(Op.IN, "AL,DX", 0);
        t[0xED] = Entry.of(Op.IN, "zAX,DX", 0);
        t[0xEE] = Entry.of(Op.OUT, "DX,AL", 0);
        t[0xEF] = Entry.of(Op.OUT, "DX,zAX", 0);
        t[0xF1] = Entry.of(Op.INT1, "", 0);
        t[0xF4] = Entry.of(Op.HLT, "", 0);
        t[0xF5] = Entry.of(Op.CMC, "", 0);
        Entry[] g3b = groupOf("Eb", new Op[] {null, null, Op.NOT, Op.NEG, Op.MUL, Op.IMUL1, Op.DIV, Op.IDIV}, 0);
        g3b[0] = g3b[1] = Entry.of(Op.TEST, "Eb,Ib", 0);
        t[0xF6] = Entry.group(g3b, null);
        Entry[] g3v = groupOf("Ev", new Op[] {null, null, Op.NOT, Op.NEG, Op.MUL, Op.IMUL1, Op.DIV, Op.IDIV}, 0);
        g3v[0] = g3v[1] = Entry.of(Op.TEST, "Ev,Iz", 0);
        t[0xF7] = Entry.group(g3v, null);
        t[0xF8] = Entry.of(Op.CLC, "", 0);
        t[0xF9] = Entry.of(Op.STC, "", 0);
        t[0xFA] = Entry.of(Op.CLI, "", 0);
        t[0xFB] = Entry.of(Op.STI, "", 0);
        t[0xFC] = Entry.of(Op.CLD, "", 0);
        t[0xFD] = Entry.of(Op.STD, "", 0);
        t[0xFE] = Entry.group(groupOf("Eb", new Op[] {Op.INC, Op.DEC, null, null, null, null, null, null}, 0), null);
        Entry[] g5 = {Entry.of(Op.INC, "Ev", 0), Entry.of(Op.DEC, "Ev", 0), Entry.of(Op.CALL, "Ev", F64),
                Entry.of(Op.CALLF, "Mp", 0), Entry.of(Op.JMP, "Ev", F64), Entry.of(Op.JMPF, "Mp", 0),
                Entry.of(Op.PUSH, "Ev", D64), Entry.UD};
        t[0xFF] = Entry.group(g5, null);
        for (int i = 0; i < 256; i++) if (t[i] == null) t[i] = Entry.UD; // prefixes and 0F never reach the lookup
        return t;
    }
}
