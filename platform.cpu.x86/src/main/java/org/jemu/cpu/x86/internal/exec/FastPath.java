package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_IMM;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_MEM;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_REG;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_REL;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.decode.Op;

/**
 * Specialised execution of the instructions that dominate ordinary code — two-operand ALU ops, INC/DEC, MOV, MOVZX,
 * LEA, PUSH/POP of a register, near JMP/Jcc/CALL/RET — in their common operand forms. {@link #classify} picks the
 * form once per decoded instruction ({@link DecodedInsn#fast}); {@link #execute} runs it with the operand kinds known,
 * without {@link Exec}'s generic operand switches. Anything else (LOCK prefixes, segment registers, far or indirect
 * branches...) keeps {@code fast == 0} and goes through {@link Exec}; the semantics are the same, which the judge
 * tables and the differential tester check through both paths.
 */
final class FastPath {

    /** ALU operations, in the order of the ALU forms' low nibble. */
    private static final Op[] ALU = {Op.ADD, Op.OR, Op.ADC, Op.SBB, Op.AND, Op.SUB, Op.XOR, Op.CMP, Op.TEST};
    private static final int ALU_CMP = 7;

    /** Forms: ALU forms are FORM | alu index; the rest are plain codes. */
    static final int ALU_RR = 0x10, ALU_RI = 0x20, ALU_RM = 0x30, ALU_MR = 0x40, ALU_MI = 0x50;
    static final int INC_R = 0x60, DEC_R = 0x61, MOV_RR = 0x62, MOV_RI = 0x63, MOV_RM = 0x64, MOV_MR = 0x65,
            MOV_MI = 0x66, MOVZX_RR = 0x67, MOVZX_RM = 0x68, LEA = 0x69, PUSH_R = 0x6a, POP_R = 0x6b, JCC = 0x6c,
            JMP = 0x6d, CALL = 0x6e, RET = 0x6f;

    private final X86Core cpu;
    private final LazyFlags f;

    FastPath(X86Core cpu) {
        this.cpu = cpu;
        this.f = cpu.flags;
    }

    /**
     * Chooses the fast form of a freshly decoded instruction ({@link DecodedInsn#fast}, 0 when it must run through
     * {@link Exec}) and copies the operands it uses into the instruction's flat fields.
     */
    static void prepare(DecodedInsn i) {
        i.r0 = i.regno[0];
        i.r1 = i.regno[1];
        i.s0 = i.size[0];
        i.s1 = i.size[1];
        i.memSeg = i.hasMem() ? i.segment() : 0;
        i.fast = classify(i);
        i.endsRun = (i.flags & DecodedInsn.F_ENDS_BLOCK) != 0 && !(i.fast >= JCC && i.fast <= RET);
    }

    private static int classify(DecodedInsn i) {
        if (i.lock() || i.rep != DecodedInsn.REP_NONE && i.op != Op.JCC) return 0;
        int k0 = i.nOperands > 0 ? i.kind[0] : 0;
        int k1 = i.nOperands > 1 ? i.kind[1] : 0;
        switch (i.op) {
            case ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST -> {
                if (i.nOperands != 2 || i.s0 != i.opSize || k1 != K_IMM && i.s1 != i.opSize) return 0;
                int alu = aluIndex(i.op);
                if (k0 == K_REG && k1 == K_REG) return ALU_RR | alu;
                if (k0 == K_REG && k1 == K_IMM) return ALU_RI | alu;
                if (k0 == K_REG && k1 == K_MEM) return ALU_RM | alu;
                if (k0 == K_MEM && k1 == K_REG) return ALU_MR | alu;
                if (k0 == K_MEM && k1 == K_IMM) return ALU_MI | alu;
                return 0;
            }
            case INC, DEC -> {
                return i.nOperands == 1 && k0 == K_REG && i.s0 == i.opSize ? (i.op == Op.INC ? INC_R : DEC_R) : 0;
            }
            case MOV -> {
                if (i.nOperands != 2) return 0;
                if (k0 == K_REG && k1 == K_REG) return MOV_RR;
                if (k0 == K_REG && k1 == K_IMM) return MOV_RI;
                if (k0 == K_REG && k1 == K_MEM) return MOV_RM;
                if (k0 == K_MEM && k1 == K_REG) return MOV_MR;
                if (k0 == K_MEM && k1 == K_IMM) return MOV_MI;
                return 0;
            }
            case MOVZX -> {
                if (k0 == K_REG && k1 == K_REG) return MOVZX_RR;
                if (k0 == K_REG && k1 == K_MEM) return MOVZX_RM;
                return 0;
            }
            case LEA -> {
                return k0 == K_REG && i.hasMem() ? LEA : 0;
            }
            case PUSH -> {
                return i.nOperands == 1 && k0 == K_REG ? PUSH_R : 0;
            }
            case POP -> {
                return i.nOperands == 1 && k0 == K_REG ? POP_R : 0;
            }
            case JCC -> {
                return k0 == K_REL ? JCC : 0;
            }
            case JMP -> {
                return k0 == K_REL ? JMP : 0;
            }
            case CALL -> {
                return k0 == K_REL ? CALL : 0;
            }
            case RET -> {
                return i.nOperands == 0 ? RET : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private static int aluIndex(Op op) {
        for (int k = 0; k < ALU.length; k++) {
            if (ALU[k] == op) return k;
        }
        throw new IllegalArgumentException(op.name());
    }

    /** Runs instruction {@code i} of form {@code form} (non-zero); RIP already points past it. */
    void execute(DecodedInsn i, int form) {
        X86Core c = cpu;
        int size = i.opSize;
        switch (form) {
            case INC_R -> c.setReg(i.r0, size, f.inc(c.reg(i.r0, size), size * 8));
            case DEC_R -> c.setReg(i.r0, size, f.dec(c.reg(i.r0, size), size * 8));
            case MOV_RR -> c.setReg(i.r0, i.s0, c.reg(i.r1, i.s1));
            case MOV_RI -> c.setReg(i.r0, i.s0, imm(i, i.s1));
            case MOV_RM -> c.setReg(i.r0, i.s0, c.readMem(i.memSeg, c.effectiveAddress(i), i.s1));
            case MOV_MR -> c.writeMem(i.memSeg, c.effectiveAddress(i), i.s0, c.reg(i.r1, i.s1));
            case MOV_MI -> c.writeMem(i.memSeg, c.effectiveAddress(i), i.s0, imm(i, i.s1));
            case MOVZX_RR -> c.setReg(i.r0, i.s0, c.reg(i.r1, i.s1));
            case MOVZX_RM -> c.setReg(i.r0, i.s0, c.readMem(i.memSeg, c.effectiveAddress(i), i.s1));
            case LEA -> c.setReg(i.r0, size, c.effectiveAddress(i));
            case PUSH_R -> c.push(c.reg(i.r0, i.s0), size);
            case POP_R -> c.setReg(i.r0, i.s0, c.pop(size));
            case JCC -> {
                if (f.condition(i.cc)) c.rip = ipMask(c.rip + i.imm, size);
            }
            case JMP -> c.rip = ipMask(c.rip + i.imm, size);
            case CALL -> {
                long t = ipMask(c.rip + i.imm, size);
                c.push(c.rip, size);
                c.rip = t;
            }
            case RET -> c.rip = ipMask(c.pop(size), size);
            default -> {
                int alu = form & 15;
                switch (form >>> 4) {
                    case ALU_RR >>> 4 -> aluToReg(i, alu, c.reg(i.r1, i.s1), size);
                    case ALU_RI >>> 4 -> aluToReg(i, alu, imm(i, i.s1), size);
                    case ALU_RM >>> 4 -> aluToReg(i, alu, c.readMem(i.memSeg, c.effectiveAddress(i), size), size);
                    case ALU_MR >>> 4 -> aluToMem(i, alu, c.reg(i.r1, i.s1), size);
                    case ALU_MI >>> 4 -> aluToMem(i, alu, imm(i, i.s1), size);
                    default -> throw new IllegalStateException("no fast form " + form);
                }
            }
        }
    }

    private void aluToReg(DecodedInsn i, int alu, long b, int size) {
        X86Core c = cpu;
        int r = i.r0;
        long a = c.reg(r, size);
        long v = alu(alu, a, b, size * 8);
        if (alu < ALU_CMP) c.setReg(r, size, v);
    }

    private void aluToMem(DecodedInsn i, int alu, long b, int size) {
        X86Core c = cpu;
        int seg = i.memSeg;
        long ea = c.effectiveAddress(i);
        long a = c.readMem(seg, ea, size);
        long v = alu(alu, a, b, size * 8);
        if (alu < ALU_CMP) c.writeMem(seg, ea, size, v);
    }

    private long alu(int alu, long a, long b, int bits) {
        return switch (alu) {
            case 0 -> f.add(a, b, bits);
            case 1 -> f.or(a, b, bits);
            case 2 -> f.adc(a, b, bits);
            case 3 -> f.sbb(a, b, bits);
            case 4 -> f.and(a, b, bits);
            case 5 -> f.sub(a, b, bits);
            case 6 -> f.xor(a, b, bits);
            case 7 -> {
                f.cmp(a, b, bits);
                yield 0;
            }
            default -> {
                f.test(a, b, bits);
                yield 0;
            }
        };
    }

    /** An immediate operand at the operation size (sign-extended imm8/imm32 forms), as {@link Exec#get} reads it. */
    private static long imm(DecodedInsn i, int operandSize) {
        return i.imm & LazyFlags.mask(Math.max(operandSize, i.opSize) * 8);
    }

    private static long ipMask(long target, int size) {
        return size == 2 ? target & 0xffff : size == 4 ? target & 0xffff_ffffL : target;
    }
}
