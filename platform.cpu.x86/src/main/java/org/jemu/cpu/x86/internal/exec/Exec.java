package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_IMM;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_MEM;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_REG;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_REL;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_SREG;

import org.jemu.cpu.x86.internal.alu.Alu;
import org.jemu.cpu.x86.internal.alu.Bcd;
import org.jemu.cpu.x86.internal.alu.DivideError;
import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.alu.MulDiv;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * Instruction semantics: one switch over the decoded op. Operands come from the decoder in Intel order (operand 0
 * is the destination); memory operands are resolved once per instruction. System instructions and string/I/O
 * instructions are in {@link SystemOps} and {@link StringOps}, the x87 escapes and WAIT in {@link X87Unit}.
 */
final class Exec {

    private final X86Core cpu;
    private final LazyFlags f;
    private final SystemOps sys;
    private final StringOps str;
    /** The current instruction's memory operand: segment register and effective address. */
    private int memSeg;
    private long memEa;

    Exec(X86Core cpu) {
        this.cpu = cpu;
        this.f = cpu.flags;
        this.sys = new SystemOps(cpu);
        this.str = new StringOps(cpu);
    }

    // ---- operands ----------------------------------------------------------------------------------------------

    long get(DecodedInsn i, int k) {
        int size = i.size[k];
        return switch (i.kind[k]) {
            case K_REG -> cpu.reg(i.regno[k], size);
            case K_MEM -> cpu.readMem(memSeg, memEa, size);
            // sign-extended to the operation size (83 /0 ib, REX.W C7, 81 with imm32 in 64-bit mode)
            case K_IMM, K_REL -> i.imm & LazyFlags.mask(Math.max(size, i.opSize) * 8);
            case K_SREG -> cpu.segs[i.regno[k]].selector();
            default -> throw CpuException.ud();
        };
    }

    void set(DecodedInsn i, int k, long value) {
        switch (i.kind[k]) {
            case K_REG -> cpu.setReg(i.regno[k], i.size[k], value);
            case K_MEM -> cpu.writeMem(memSeg, memEa, i.size[k], value);
            default -> throw CpuException.ud();
        }
    }

    private static int bits(int size) {
        return size * 8;
    }

    // ---- dispatch ----------------------------------------------------------------------------------------------

    void execute(DecodedInsn i) {
        if (i.hasMem()) {
            memSeg = i.segment();
            memEa = cpu.effectiveAddress(i);
        }
        int size = i.opSize;
        int b = bits(size);
        switch (i.op) {
            case ADD -> set(i, 0, f.add(get(i, 0), get(i, 1), b));
            case OR -> set(i, 0, f.or(get(i, 0), get(i, 1), b));
            case ADC -> set(i, 0, f.adc(get(i, 0), get(i, 1), b));
            case SBB -> set(i, 0, f.sbb(get(i, 0), get(i, 1), b));
            case AND -> set(i, 0, f.and(get(i, 0), get(i, 1), b));
            case SUB -> set(i, 0, f.sub(get(i, 0), get(i, 1), b));
            case XOR -> set(i, 0, f.xor(get(i, 0), get(i, 1), b));
            case CMP -> f.cmp(get(i, 0), get(i, 1), b);
            case TEST -> f.test(get(i, 0), get(i, 1), b);
            case INC -> set(i, 0, f.inc(get(i, 0), b));
            case DEC -> set(i, 0, f.dec(get(i, 0), b));
            case NOT -> set(i, 0, Alu.not(get(i, 0), b));
            case NEG -> set(i, 0, f.neg(get(i, 0), b));
            case ROL -> set(i, 0, Alu.rol(f, get(i, 0), count(i), b));
            case ROR -> set(i, 0, Alu.ror(f, get(i, 0), count(i), b));
            case RCL -> set(i, 0, Alu.rcl(f, get(i, 0), count(i), b));
            case RCR -> set(i, 0, Alu.rcr(f, get(i, 0), count(i), b));
            case SHL -> set(i, 0, f.shl(get(i, 0), count(i), b));
            case SHR -> set(i, 0, f.shr(get(i, 0), count(i), b));
            case SAR -> set(i, 0, f.sar(get(i, 0), count(i), b));
            case SHLD -> set(i, 0, Alu.shld(f, get(i, 0), get(i, 1), (int) get(i, 2), b));
            case SHRD -> set(i, 0, Alu.shrd(f, get(i, 0), get(i, 1), (int) get(i, 2), b));
            case MUL, IMUL1, DIV, IDIV -> mulDiv(i, b);
            case IMUL2 -> set(i, 0, MulDiv.imul(f, get(i, 0), get(i, 1), b));
            case IMUL3 -> set(i, 0, MulDiv.imul(f, get(i, 1), LazyFlags.signExtend(i.imm, b), b));
            case BT, BTS, BTR, BTC -> bitTest(i, b);
            case BSF, BSR -> {
                long src = get(i, 1);
                long r = i.op == org.jemu.cpu.x86.internal.decode.Op.BSF ? Alu.bsf(f, get(i, 0), src, b) : Alu.bsr(f, get(i, 0), src, b);
                if (src != 0) set(i, 0, r); // a zero source leaves the whole destination alone (no 32-bit zero-extension)
            }
            case TZCNT -> set(i, 0, Alu.tzcnt(f, get(i, 1), b));
            case LZCNT -> set(i, 0, Alu.lzcnt(f, get(i, 1), b));
            case POPCNT -> set(i, 0, Alu.popcnt(f, get(i, 1), b));
            case MOV -> set(i, 0, get(i, 1));
            case MOVZX -> set(i, 0, get(i, 1));
            case MOVSX, MOVSXD -> set(i, 0, Alu.signExtend(get(i, 1), bits(i.size[1]), b));
            case LEA -> {
                if (!i.hasMem()) throw CpuException.ud();
                cpu.setReg(i.regno[0], size, memEa);
            }
            case XCHG -> {
                long a = get(i, 0);
                long c = get(i, 1);
                set(i, 0, c);
                set(i, 1, a);
            }
            case CMPXCHG -> {
                long dst = get(i, 0);
                long acc = cpu.reg(0, size);
                if (Alu.cmpxchg(f, acc, dst, b)) {
                    set(i, 0, get(i, 1));
                } else {
                    if (i.kind[0] == K_MEM) set(i, 0, dst); // the processor always writes the destination
                    cpu.setReg(0, size, dst);
                }
            }
            case CMPXCHG8B, CMPXCHG16B -> cmpxchgWide(i);
            case XADD -> {
                long dst = get(i, 0);
                long src = get(i, 1);
                long sum = Alu.xadd(f, dst, src, b);
                set(i, 1, dst);
                set(i, 0, sum);
            }
            case BSWAP -> set(i, 0, Alu.bswap(get(i, 0), b));
            case CBW -> cpu.setReg(0, size, Alu.cbw(cpu.regs[0], b));
            case CWD -> cpu.setReg(2, size, Alu.cwd(cpu.regs[0], b));
            case SETCC -> set(i, 0, f.condition(i.cc) ? 1 : 0);
            case CMOVCC -> {
                long v = get(i, 1);
                if (f.condition(i.cc)) {
                    set(i, 0, v);
                } else if (size == 4) {
                    cpu.setReg(i.regno[0], 4, cpu.reg(i.regno[0], 4)); // 32-bit CMOV zero-extends even when not taken
                }
            }
            case PUSH -> cpu.push(i.kind[0] == K_IMM ? i.imm : get(i, 0), size);
            case POP -> pop(i);
            case PUSHA -> pusha(size);
            case POPA -> popa(size);
            case PUSHF -> sys.pushf(size);
            case POPF -> sys.popf(size);
            case LAHF -> cpu.setReg(DecodedInsn.HIGH8 | 0, 1, f.lahf());
            case SAHF -> f.sahf((int) cpu.reg(DecodedInsn.HIGH8 | 0, 1));
            case ENTER -> enter(i, size);
            case LEAVE -> {
                int ss = cpu.stackSize();
                cpu.setStackPointer(cpu.regs[5], ss);
                cpu.setReg(5, size, cpu.pop(size));
            }
            case JMP -> cpu.rip = target(i);
            case JCC -> {
                if (f.condition(i.cc)) cpu.rip = target(i);
            }
            case CALL -> {
                long t = target(i);
                cpu.push(cpu.rip, size);
                cpu.rip = t;
            }
            case RET -> {
                long t = cpu.pop(size);
                if (i.nOperands > 0) cpu.setStackPointer(cpu.regs[4] + (i.imm & 0xffff), cpu.stackSize());
                cpu.rip = X86Core.addrMask(t, size);
            }
            case JMPF, CALLF -> sys.farTransfer(i, i.op == org.jemu.cpu.x86.internal.decode.Op.CALLF, memSeg, memEa);
            case RETF -> sys.farReturn(i);
            case IRET -> cpu.interrupts.iret(size);
            case INT -> cpu.interrupts.deliverSoftware((int) i.imm & 0xff);
            case INT3 -> cpu.interrupts.deliverSoftware(3);
            case INT1 -> cpu.interrupts.deliverSoftware(1);
            case INTO -> {
                if (f.of()) cpu.interrupts.deliverSoftware(4);
            }
            case LOOP, LOOPE, LOOPNE, JCXZ -> loop(i);
            case MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS -> str.execute(i);
            case IN, OUT -> str.portIo(i);
            case XLAT -> {
                long ea = X86Core.addrMask(cpu.regs[3] + cpu.reg(0, 1), i.addrSize);
                cpu.setReg(0, 1, cpu.readMem(i.seg >= 0 ? i.seg : Segmentation.DS, ea, 1));
            }
            case DAA -> cpu.setReg(0, 1, Bcd.daa(f, (int) cpu.reg(0, 1)));
            case DAS -> cpu.setReg(0, 1, Bcd.das(f, (int) cpu.reg(0, 1)));
            case AAA -> cpu.setReg(0, 2, Bcd.aaa(f, (int) cpu.reg(0, 2)));
            case AAS -> cpu.setReg(0, 2, Bcd.aas(f, (int) cpu.reg(0, 2)));
            case AAM -> {
                try {
                    cpu.setReg(0, 2, Bcd.aam(f, (int) cpu.reg(0, 2), (int) i.imm & 0xff));
                } catch (DivideError e) {
                    throw CpuException.de();
                }
            }
            case AAD -> cpu.setReg(0, 2, Bcd.aad(f, (int) cpu.reg(0, 2), (int) i.imm & 0xff));
            case SALC -> cpu.setReg(0, 1, f.cf() ? 0xff : 0);
            case CLC -> f.setCf(false);
            case STC -> f.setCf(true);
            case CMC -> f.cmc();
            case CLD -> cpu.eflags &= ~X86Core.FL_DF;
            case STD -> cpu.eflags |= X86Core.FL_DF;
            case NOP, PAUSE, LFENCE, MFENCE, SFENCE, CLFLUSH -> {
            }
            case FWAIT -> cpu.x87.fwait();
            case X87 -> cpu.x87.execute(i, memSeg, memEa);
            case SSE -> cpu.sse.execute(i, memSeg, memEa);
            case UD, UD2, UNIMPL -> throw CpuException.ud();
            case SYSCALL -> cpu.fastSyscall.syscall();
            case SYSRET -> cpu.fastSyscall.sysret(i);
            case SYSENTER -> cpu.fastSyscall.sysenter();
            case SYSEXIT -> cpu.fastSyscall.sysexit(i);
            case SWAPGS -> cpu.fastSyscall.swapgs();
            case RDTSCP -> cpu.fastSyscall.rdtscp();
            // no performance counters (not advertised); RSM outside SMM
            case RDPMC, RSM -> throw CpuException.ud();
            case TOO_LONG -> throw CpuException.gp0();
            default -> sys.execute(i, memSeg, memEa);
        }
    }

    private int count(DecodedInsn i) {
        return (int) get(i, 1) & 0xff;
    }

    /** A near branch target: relative to the next instruction, or absolute from a register or memory. */
    private long target(DecodedInsn i) {
        long t = i.kind[0] == K_REL ? cpu.rip + i.imm : get(i, 0);
        return X86Core.addrMask(t, i.opSize);
    }

    private void pop(DecodedInsn i) {
        int size = i.opSize;
        if (i.kind[0] == K_SREG) {
            long sel = cpu.pop(size);
            sys.loadSegmentRegister(i.regno[0], (int) sel & 0xffff);
            return;
        }
        long v = cpu.pop(size);
        if (i.kind[0] == K_MEM) memEa = cpu.effectiveAddress(i); // POP [rsp+x] uses the incremented RSP
        set(i, 0, v);
    }

    private void pusha(int size) {
        long sp = cpu.reg(4, size);
        for (int r = 0; r < 8; r++) cpu.push(r == 4 ? sp : cpu.reg(r, size), size);
    }

    private void popa(int size) {
        for (int r = 7; r >= 0; r--) {
            long v = cpu.pop(size);
            if (r != 4) cpu.setReg(r, size, v);
        }
    }

    private void enter(DecodedInsn i, int size) {
        int alloc = (int) i.imm & 0xffff;
        int level = (int) i.imm2 & 0x1f;
        int ss = cpu.stackSize();
        cpu.push(cpu.reg(5, size), size);
        long frame = X86Core.addrMask(cpu.regs[4], ss);
        long bp = cpu.regs[5];
        for (int l = 1; l < level; l++) {
            bp = X86Core.addrMask(bp - size, ss);
            cpu.push(cpu.readMem(Segmentation.SS, bp, size), size);
        }
        if (level > 0) cpu.push(frame, size);
        cpu.setReg(5, size, frame);
        cpu.setStackPointer(cpu.regs[4] - alloc, ss);
    }

    private void loop(DecodedInsn i) {
        int as = i.addrSize;
        long cx = cpu.reg(1, as);
        boolean take;
        if (i.op == org.jemu.cpu.x86.internal.decode.Op.JCXZ) {
            take = cx == 0;
        } else {
            cx = X86Core.addrMask(cx - 1, as);
            cpu.setReg(1, as, cx);
            take = cx != 0 && switch (i.op) {
                case LOOPE -> f.zf();
                case LOOPNE -> !f.zf();
                default -> true;
            };
        }
        if (take) cpu.rip = X86Core.addrMask(cpu.rip + i.imm, i.opSize);
    }

    private void mulDiv(DecodedInsn i, int b) {
        int size = i.opSize;
        long src = get(i, 0);
        var w = cpu.wide;
        switch (i.op) {
            case MUL -> MulDiv.mul(f, cpu.reg(0, size), src, b, w);
            case IMUL1 -> MulDiv.imul(f, cpu.reg(0, size), src, b, w);
            default -> {
                long hi = size == 1 ? cpu.reg(DecodedInsn.HIGH8 | 0, 1) : cpu.reg(2, size);
                try {
                    if (i.op == org.jemu.cpu.x86.internal.decode.Op.DIV) {
                        MulDiv.div(hi, cpu.reg(0, size), src, b, w);
                    } else {
                        MulDiv.idiv(hi, cpu.reg(0, size), src, b, w);
                    }
                } catch (DivideError e) {
                    throw CpuException.de();
                }
            }
        }
        if (size == 1) {
            cpu.setReg(0, 2, (w.lo & 0xff) | ((w.hi & 0xff) << 8));
        } else {
            cpu.setReg(0, size, w.lo);
            cpu.setReg(2, size, w.hi);
        }
    }

    private void bitTest(DecodedInsn i, int b) {
        long offset = get(i, 1);
        if (i.kind[0] == K_MEM && i.kind[1] == K_REG) {
            // a register bit offset reaches beyond the operand: move the address by whole operands (signed)
            long signed = LazyFlags.signExtend(offset, b);
            memEa = X86Core.addrMask(memEa + (signed >> Integer.numberOfTrailingZeros(b)) * (b / 8), i.addrSize);
            offset = signed & (b - 1);
        } else {
            offset &= b - 1;
        }
        long v = get(i, 0);
        switch (i.op) {
            case BT -> Alu.bt(f, v, offset, b);
            case BTS -> set(i, 0, Alu.bts(f, v, offset, b));
            case BTR -> set(i, 0, Alu.btr(f, v, offset, b));
            default -> set(i, 0, Alu.btc(f, v, offset, b));
        }
    }

    private void cmpxchgWide(DecodedInsn i) {
        if (!i.hasMem()) throw CpuException.ud();
        boolean sixteen = i.op == org.jemu.cpu.x86.internal.decode.Op.CMPXCHG16B;
        if (!sixteen) {
            long mem = cpu.readMem(memSeg, memEa, 8);
            long expected = (cpu.reg(2, 4) << 32) | cpu.reg(0, 4);
            if (mem == expected) {
                cpu.writeMem(memSeg, memEa, 8, (cpu.reg(1, 4) << 32) | cpu.reg(3, 4));
                f.update(LazyFlags.ZF, LazyFlags.ZF);
            } else {
                cpu.writeMem(memSeg, memEa, 8, mem);
                cpu.setReg(0, 4, mem);
                cpu.setReg(2, 4, mem >>> 32);
                f.update(LazyFlags.ZF, 0);
            }
            return;
        }
        if ((memEa & 15) != 0) throw CpuException.gp0();
        long lo = cpu.readMem(memSeg, memEa, 8);
        long hi = cpu.readMem(memSeg, memEa + 8, 8);
        if (lo == cpu.regs[0] && hi == cpu.regs[2]) {
            cpu.writeMem(memSeg, memEa, 8, cpu.regs[3]);
            cpu.writeMem(memSeg, memEa + 8, 8, cpu.regs[1]);
            f.update(LazyFlags.ZF, LazyFlags.ZF);
        } else {
            cpu.writeMem(memSeg, memEa, 8, lo);
            cpu.writeMem(memSeg, memEa + 8, 8, hi);
            cpu.regs[0] = lo;
            cpu.regs[2] = hi;
            f.update(LazyFlags.ZF, 0);
        }
    }
}
