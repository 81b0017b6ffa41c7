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
            case INC_R -> inc(i.r0, size);
            case DEC_R -> dec(i.r0, size);
            case MOV_RR, MOVZX_RR -> movRR(i.r0, i.s0, i.r1, i.s1);
            case MOV_RI -> movRI(i.r0, i.s0, imm(i));
            case MOV_RM, MOVZX_RM -> movRM(i.r0, i.s0, i.memSeg, c.effectiveAddress(i), i.s1);
            case MOV_MR -> movMR(i.memSeg, c.effectiveAddress(i), i.s0, i.r1, i.s1);
            case MOV_MI -> movMI(i.memSeg, c.effectiveAddress(i), i.s0, imm(i));
            case LEA -> lea(i.r0, size, c.effectiveAddress(i));
            case PUSH_R -> push(i.r0, i.s0, size);
            case POP_R -> pop(i.r0, i.s0, size);
            case JCC -> jcc(i.cc, i.imm, size);
            case JMP -> jmp(i.imm, size);
            case CALL -> call(i.imm, size);
            case RET -> ret(size);
            default -> {
                int alu = form & 15;
                switch (form >>> 4) {
                    case ALU_RR >>> 4 -> aluRR(alu, i.r0, i.r1, size);
                    case ALU_RI >>> 4 -> aluRI(alu, i.r0, imm(i), size);
                    case ALU_RM >>> 4 -> aluRM(alu, i.r0, i.memSeg, c.effectiveAddress(i), size);
                    case ALU_MR >>> 4 -> aluMR(alu, i.memSeg, c.effectiveAddress(i), i.r1, size);
                    case ALU_MI >>> 4 -> aluMI(alu, i.memSeg, c.effectiveAddress(i), imm(i), size);
                    default -> throw new IllegalStateException("no fast form " + form);
                }
            }
        }
    }

    // ---- the operations, with operands as plain values (also what translated blocks call) ------------------------

    void inc(int r, int size) {
        cpu.setReg(r, size, f.inc(cpu.reg(r, size), size * 8));
    }

    void dec(int r, int size) {
        cpu.setReg(r, size, f.dec(cpu.reg(r, size), size * 8));
    }

    /** MOV and MOVZX between registers (a narrower source is zero-extended). */
    void movRR(int r0, int s0, int r1, int s1) {
        cpu.setReg(r0, s0, cpu.reg(r1, s1));
    }

    void movRI(int r0, int s0, long imm) {
        cpu.setReg(r0, s0, imm);
    }

    /** MOV and MOVZX from memory. */
    void movRM(int r0, int s0, int seg, long ea, int s1) {
        cpu.setReg(r0, s0, cpu.readMem(seg, ea, s1));
    }

    void movMR(int seg, long ea, int s0, int r1, int s1) {
        cpu.writeMem(seg, ea, s0, cpu.reg(r1, s1));
    }

    void movMI(int seg, long ea, int s0, long imm) {
        cpu.writeMem(seg, ea, s0, imm);
    }

    void lea(int r0, int size, long ea) {
        cpu.setReg(r0, size, ea);
    }

    void push(int r0, int s0, int size) {
        cpu.push(cpu.reg(r0, s0), size);
    }

    void pop(int r0, int s0, int size) {
        cpu.setReg(r0, s0, cpu.pop(size));
    }

    void jcc(int cc, long disp, int size) {
        if (f.condition(cc)) cpu.rip = X86Core.addrMask(cpu.rip + disp, size);
    }

    void jmp(long disp, int size) {
        cpu.rip = X86Core.addrMask(cpu.rip + disp, size);
    }

    void call(long disp, int size) {
        X86Core c = cpu;
        long t = X86Core.addrMask(c.rip + disp, size);
        c.push(c.rip, size);
        c.rip = t;
    }

    void ret(int size) {
        cpu.rip = X86Core.addrMask(cpu.pop(size), size);
    }

    void aluRR(int alu, int r0, int r1, int size) {
        aluToReg(alu, r0, cpu.reg(r1, size), size);
    }

    void aluRI(int alu, int r0, long imm, int size) {
        aluToReg(alu, r0, imm, size);
    }

    void aluRM(int alu, int r0, int seg, long ea, int size) {
        aluToReg(alu, r0, cpu.readMem(seg, ea, size), size);
    }

    void aluMR(int alu, int seg, long ea, int r1, int size) {
        aluToMem(alu, seg, ea, cpu.reg(r1, size), size);
    }

    void aluMI(int alu, int seg, long ea, long imm, int size) {
        aluToMem(alu, seg, ea, imm, size);
    }

    private void aluToReg(int alu, int r, long b, int size) {
        long v = alu(alu, cpu.reg(r, size), b, size * 8);
        if (alu < ALU_CMP) cpu.setReg(r, size, v);
    }

    private void aluToMem(int alu, int seg, long ea, long b, int size) {
        long a = cpu.readMem(seg, ea, size);
        long v = alu(alu, a, b, size * 8);
        if (alu < ALU_CMP) cpu.writeMem(seg, ea, size, v);
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

    /** The immediate source operand at the operation size (sign-extended imm8/imm32 forms), as Exec reads it. */
    static long imm(DecodedInsn i) {
        return i.imm & LazyFlags.mask(Math.max(i.s1, i.opSize) * 8);
    }
}
