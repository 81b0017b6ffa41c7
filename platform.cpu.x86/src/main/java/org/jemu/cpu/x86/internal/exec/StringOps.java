package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_IMM;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * String instructions (MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS) with REP/REPE/REPNE, and port I/O (IN, OUT) with
 * the IOPL and TSS I/O-bitmap checks. Source strings use DS (overridable), destinations always ES; the direction
 * flag picks the step. A REP loop runs to completion within one instruction (interrupts are taken after it).
 */
final class StringOps {

    private final X86Core cpu;

    StringOps(X86Core cpu) {
        this.cpu = cpu;
    }

    void execute(DecodedInsn i) {
        int size = i.opSize;
        int as = i.addrSize;
        long step = (cpu.eflags & X86Core.FL_DF) != 0 ? -size : size;
        int srcSeg = i.seg >= 0 ? i.seg : Segmentation.DS;
        boolean rep = i.rep != DecodedInsn.REP_NONE;
        if (i.op == org.jemu.cpu.x86.internal.decode.Op.INS || i.op == org.jemu.cpu.x86.internal.decode.Op.OUTS) {
            checkIo((int) cpu.reg(2, 2), size);
        }
        while (true) {
            if (rep && cpu.reg(1, as) == 0) return;
            switch (i.op) {
                case MOVS -> cpu.writeMem(Segmentation.ES, di(as), size, cpu.readMem(srcSeg, si(as), size));
                case STOS -> cpu.writeMem(Segmentation.ES, di(as), size, cpu.reg(0, size));
                case LODS -> cpu.setReg(0, size, cpu.readMem(srcSeg, si(as), size));
                case CMPS -> cpu.flags.cmp(cpu.readMem(srcSeg, si(as), size), cpu.readMem(Segmentation.ES, di(as), size), size * 8);
                case SCAS -> cpu.flags.cmp(cpu.reg(0, size), cpu.readMem(Segmentation.ES, di(as), size), size * 8);
                case INS -> cpu.writeMem(Segmentation.ES, di(as), size, cpu.io.read(cpu.reg(2, 2), size));
                case OUTS -> cpu.io.write(cpu.reg(2, 2), size, cpu.readMem(srcSeg, si(as), size));
                default -> throw CpuException.ud();
            }
            switch (i.op) {
                case MOVS, CMPS -> {
                    advance(6, as, step);
                    advance(7, as, step);
                }
                case STOS, SCAS, INS -> advance(7, as, step);
                default -> advance(6, as, step);
            }
            if (!rep) return;
            cpu.setReg(1, as, X86Core.addrMask(cpu.reg(1, as) - 1, as));
            boolean compares = i.op == org.jemu.cpu.x86.internal.decode.Op.CMPS || i.op == org.jemu.cpu.x86.internal.decode.Op.SCAS;
            if (compares && (i.rep == DecodedInsn.REP_E ? !cpu.flags.zf() : cpu.flags.zf())) return;
        }
    }

    private long si(int as) {
        return cpu.reg(6, as);
    }

    private long di(int as) {
        return cpu.reg(7, as);
    }

    private void advance(int r, int as, long step) {
        cpu.setReg(r, as, X86Core.addrMask(cpu.reg(r, as) + step, as));
    }

    /** IN and OUT: the port is an immediate byte or DX; the data register is AL/AX/EAX. */
    void portIo(DecodedInsn i) {
        boolean in = i.op == org.jemu.cpu.x86.internal.decode.Op.IN;
        int portOperand = in ? 1 : 0;
        int port = i.kind[portOperand] == K_IMM ? (int) i.imm & 0xff : (int) cpu.reg(2, 2);
        int size = in ? i.size[0] : i.size[1];
        checkIo(port, size);
        if (in) {
            cpu.setReg(0, size, cpu.io.read(port, size) & LazyFlags.mask(size * 8));
        } else {
            cpu.io.write(port, size, cpu.reg(0, size));
        }
    }

    /** In protected mode with CPL > IOPL (or in vm86), every byte of the access must be allowed by the TSS bitmap. */
    private void checkIo(int port, int size) {
        if (!cpu.protectedMode()) return;
        long iopl = (cpu.eflags & X86Core.FL_IOPL) >>> 12;
        if (!cpu.vm86() && cpu.cpl <= iopl) return;
        var tr = cpu.seg.tr();
        if (!tr.usable() || tr.limit() < 0x67) throw CpuException.gp0();
        long mapBase = cpu.mmu.readLinear(tr.base() + 0x66, 2) & 0xffff;
        long byteOffset = mapBase + (port >>> 3);
        if (byteOffset + 1 > tr.limit()) throw CpuException.gp0();
        long bits = cpu.mmu.readLinear(tr.base() + byteOffset, 2) & 0xffff;
        long mask = ((1L << size) - 1) << (port & 7);
        if ((bits & mask) != 0) throw CpuException.gp0();
    }
}
