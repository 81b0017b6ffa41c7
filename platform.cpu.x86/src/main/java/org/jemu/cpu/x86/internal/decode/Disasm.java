package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.*;

/** Intel-syntax text of a {@link DecodedInsn}, close to {@code objdump -M intel}. Relative targets print as $+n. */
final class Disasm {
    private Disasm() {}

    private static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge",
            "le", "g"};
    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"};
    private static final String[] H8 = {"ah", "ch", "dh", "bh"};
    private static final String[] SREG = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};

    static String reg(int n, int size) {
        if ((n & HIGH8) != 0) return H8[n & 3];
        if (n >= 8) return "r" + n + (size == 1 ? "b" : size == 2 ? "w" : size == 4 ? "d" : "");
        return switch (size) {
            case 1 -> R8[n];
            case 2 -> R16[n];
            case 4 -> "e" + R16[n];
            default -> R64[n];
        };
    }

    private static String suffix(int size) {
        return switch (size) { case 1 -> "b"; case 2 -> "w"; case 4 -> "d"; default -> "q"; };
    }

    static String mnemonic(DecodedInsn d) {
        Op op = d.op;
        int s = d.opSize;
        return switch (op) {
            case UD -> "(bad)";
            case TOO_LONG -> "(too long)";
            case X87 -> "(x87)";
            case SSE -> "(sse)";
            case UNIMPL -> "(unimplemented)";
            case JCC -> "j" + CC[d.cc];
            case SETCC -> "set" + CC[d.cc];
            case CMOVCC -> "cmov" + CC[d.cc];
            case CBW -> s == 2 ? "cbw" : s == 4 ? "cwde" : "cdqe";
            case CWD -> s == 2 ? "cwd" : s == 4 ? "cdq" : "cqo";
            case MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS -> op.name().toLowerCase() + suffix(s);
            case IRET -> s == 2 ? "iret" : s == 4 ? "iretd" : "iretq";
            case PUSHA, POPA, PUSHF, POPF -> op.name().toLowerCase() + (s == 2 ? "" : s == 4 ? "d" : "q");
            case JCXZ -> d.addrSize == 2 ? "jcxz" : d.addrSize == 4 ? "jecxz" : "jrcxz";
            case IMUL1, IMUL2, IMUL3 -> "imul";
            case MOV_CR, MOV_DR, MOV_SREG -> "mov";
            default -> op.name().toLowerCase();
        };
    }

    static String format(DecodedInsn d) {
        StringBuilder sb = new StringBuilder();
        if (d.lock()) sb.append("lock ");
        if (d.rep != REP_NONE && switch (d.op) { case MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS -> true; default -> false; })
            sb.append(d.rep == REP_E ? (d.op == Op.CMPS || d.op == Op.SCAS ? "repe " : "rep ") : "repne ");
        sb.append(mnemonic(d));
        for (int i = 0; i < d.nOperands; i++) {
            sb.append(i == 0 ? " " : ",");
            operand(sb, d, i);
        }
        return sb.toString();
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    private static void operand(StringBuilder sb, DecodedInsn d, int i) {
        int size = d.size[i];
        switch (d.kind[i]) {
            case K_REG -> sb.append(reg(d.regno[i], size));
            case K_SREG -> sb.append(SREG[d.regno[i] & 7]);
            case K_CREG -> sb.append("cr").append(d.regno[i]);
            case K_DREG -> sb.append("dr").append(d.regno[i]);
            case K_IMM -> {
                int w = zeroExtends(d.op) ? Math.max(d.immSize, 1) : Math.min(Math.max(d.opSize, d.immSize), 8);
                long v = w >= 8 ? d.imm : d.imm & ((1L << (8 * w)) - 1);
                sb.append("0x").append(Long.toHexString(i > 0 && d.kind[i - 1] == K_IMM ? d.imm2 & 0xFF : v));
            }
            case K_REL -> sb.append("$").append(hex(d.length + d.imm).replace("0x", "+0x").replace("-+", "-"));
            case K_FAR -> sb.append("0x").append(Long.toHexString(d.imm2)).append(":0x").append(Long.toHexString(d.imm));
            case K_MEM -> mem(sb, d, size);
            default -> sb.append('?');
        }
    }

    private static boolean zeroExtends(Op op) {
        return switch (op) {
            case INT, IN, OUT, ENTER, RET, RETF, AAM, AAD, ROL, ROR, RCL, RCR, SHL, SHR, SAR, SHLD, SHRD, BT, BTS, BTR,
                 BTC -> true;
            default -> false;
        };
    }

    private static void mem(StringBuilder sb, DecodedInsn d, int size) {
        String ptr = switch (size) {
            case 1 -> "BYTE PTR ";
            case 2 -> "WORD PTR ";
            case 4 -> "DWORD PTR ";
            case 6 -> "FWORD PTR ";
            case 8 -> "QWORD PTR ";
            case 10 -> "TBYTE PTR ";
            case 16 -> "XMMWORD PTR ";
            default -> "";
        };
        if (d.op != Op.LGDT && d.op != Op.LIDT && d.op != Op.SGDT && d.op != Op.SIDT) sb.append(ptr);
        if (d.seg != NO_SEG) sb.append(SREG[d.seg]).append(':');
        sb.append('[');
        boolean any = false;
        if (d.base == RIP) {
            sb.append(d.addrSize == 4 ? "eip" : "rip");
            any = true;
        } else if (d.base != NO_REG) {
            sb.append(reg(d.base, d.addrSize));
            any = true;
        }
        if (d.index != NO_REG) {
            if (any) sb.append('+');
            sb.append(reg(d.index, d.addrSize));
            if (d.addrSize != 2) sb.append('*').append(1 << d.scale);
            any = true;
        }
        if (!any) {
            long mask = d.addrSize == 8 ? -1L : (1L << (8 * d.addrSize)) - 1;
            sb.append("0x").append(Long.toHexString(d.disp & mask));
        } else if (d.disp != 0) {
            sb.append(d.disp < 0 ? "-0x" + Long.toHexString(-d.disp) : "+0x" + Long.toHexString(d.disp));
        }
        sb.append(']');
    }
}
