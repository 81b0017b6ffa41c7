package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_FAR;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_MEM;
import static org.jemu.cpu.x86.internal.decode.DecodedInsn.K_REG;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Descriptor;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * System instructions: segment register loads, far transfers, control and debug registers, descriptor tables,
 * MSRs, CPUID, RDTSC, HLT, CLI/STI, PUSHF/POPF with their privilege rules. What part 1 does not model yet (call
 * gates, task switches, LAR/LSL/VERR/VERW) stops the CPU with a message instead of guessing.
 */
final class SystemOps {

    private final X86Core cpu;

    SystemOps(X86Core cpu) {
        this.cpu = cpu;
    }

    void execute(DecodedInsn i, int memSeg, long memEa) {
        switch (i.op) {
            case MOV_SREG -> {
                if (i.kind[0] == org.jemu.cpu.x86.internal.decode.DecodedInsn.K_SREG) {
                    int s = i.regno[0];
                    if (s == Segmentation.CS) throw CpuException.ud();
                    long v = i.kind[1] == K_REG ? cpu.reg(i.regno[1], 2) : cpu.readMem(memSeg, memEa, 2);
                    loadSegmentRegister(s, (int) v & 0xffff);
                } else {
                    long sel = cpu.segs[i.regno[1]].selector();
                    if (i.kind[0] == K_REG) {
                        cpu.setReg(i.regno[0], i.opSize, sel);
                    } else {
                        cpu.writeMem(memSeg, memEa, 2, sel);
                    }
                }
            }
            case LDS, LES, LFS, LGS, LSS -> loadFarPointer(i, memSeg, memEa);
            case MOV_CR -> movCr(i);
            case MOV_DR -> {
                requireCpl0();
                if (i.kind[0] == K_REG && i.regno[1] >= 0 && i.kind[1] != K_REG) {
                    cpu.setReg(i.regno[0], 8, cpu.dr[i.regno[1] & 7]);
                } else {
                    cpu.dr[i.regno[0] & 7] = cpu.reg(i.regno[1], 8);
                }
            }
            case LGDT, LIDT -> {
                requireCpl0();
                int limit = (int) cpu.readMem(memSeg, memEa, 2);
                long base = cpu.codeSize() == 64 ? cpu.readMem(memSeg, memEa + 2, 8)
                        : cpu.readMem(memSeg, memEa + 2, 4) & (i.opSize == 2 ? 0xff_ffffL : 0xffff_ffffL);
                if (i.op == org.jemu.cpu.x86.internal.decode.Op.LGDT) {
                    cpu.seg.setGdt(base, limit);
                } else {
                    cpu.idtBase = base;
                    cpu.idtLimit = limit;
                }
            }
            case SGDT, SIDT -> {
                boolean gdt = i.op == org.jemu.cpu.x86.internal.decode.Op.SGDT;
                cpu.writeMem(memSeg, memEa, 2, gdt ? cpu.seg.gdtLimit() : cpu.idtLimit);
                long base = gdt ? cpu.seg.gdtBase() : cpu.idtBase;
                cpu.writeMem(memSeg, memEa + 2, cpu.codeSize() == 64 ? 8 : 4, base);
            }
            case LLDT -> {
                requireCpl0();
                cpu.seg.loadLdt((int) selectorOperand(i, memSeg, memEa), cpu.longMode());
            }
            case LTR -> {
                requireCpl0();
                cpu.seg.loadTr((int) selectorOperand(i, memSeg, memEa), cpu.longMode());
            }
            case SLDT, STR -> {
                long sel = i.op == org.jemu.cpu.x86.internal.decode.Op.SLDT ? cpu.seg.ldtr().selector() : cpu.seg.tr().selector();
                if (i.kind[0] == K_MEM) {
                    cpu.writeMem(memSeg, memEa, 2, sel);
                } else {
                    cpu.setReg(i.regno[0], i.opSize, sel);
                }
            }
            case LMSW -> {
                requireCpl0();
                long v = i.kind[0] == K_REG ? cpu.reg(i.regno[0], 2) : cpu.readMem(memSeg, memEa, 2);
                long cr0 = cpu.mmu.cr0();
                setCr0((cr0 & ~0xeL) | (v & 0xf) | (cr0 & 1)); // LMSW cannot clear PE
            }
            case SMSW -> {
                long v = cpu.mmu.cr0();
                if (i.kind[0] == K_MEM) {
                    cpu.writeMem(memSeg, memEa, 2, v);
                } else {
                    cpu.setReg(i.regno[0], i.opSize, v);
                }
            }
            case CLTS -> {
                requireCpl0();
                setCr0(cpu.mmu.cr0() & ~8L);
            }
            case INVLPG -> {
                requireCpl0();
                cpu.mmu.invlpg(cpu.linear(memSeg, memEa, 1, org.jemu.cpu.x86.internal.mmu.PageWalker.ACCESS_READ));
            }
            case WBINVD, INVD -> requireCpl0();
            case HLT -> {
                requireCpl0();
                cpu.halted = true;
            }
            case CLI, STI -> cliSti(i.op == org.jemu.cpu.x86.internal.decode.Op.STI);
            case RDMSR -> {
                requireCpl0();
                long v = rdmsr((int) cpu.reg(1, 4));
                cpu.setReg(0, 4, v);
                cpu.setReg(2, 4, v >>> 32);
            }
            case WRMSR -> {
                requireCpl0();
                wrmsr((int) cpu.reg(1, 4), (cpu.reg(2, 4) << 32) | cpu.reg(0, 4));
            }
            case CPUID -> cpuid();
            case RDTSC -> {
                long t = tsc();
                cpu.setReg(0, 4, t);
                cpu.setReg(2, 4, t >>> 32);
            }
            case LAR, LSL -> lookupDescriptor(i, memSeg, memEa);
            case VERR, VERW -> verify(i.op == org.jemu.cpu.x86.internal.decode.Op.VERW, (int) selectorOperand(i, memSeg, memEa));
            case ARPL -> arpl(i, memSeg, memEa);
            case BOUND -> bound(i, memSeg, memEa);
            default -> throw new Interrupts.UnsupportedGate(i.op + " (" + i + ")");
        }
    }

    // ---- LAR, LSL, VERR, VERW, ARPL, BOUND ------------------------------------------------------------------------

    /** The descriptor a selector names, or 0 when it is null or beyond its table's limit (these instructions never fault on it). */
    private long peekDescriptor(int selector) {
        if ((selector & 0xfffc) == 0) return 0;
        boolean ldt = (selector & 4) != 0;
        long base = ldt ? cpu.seg.ldtr().base() : cpu.seg.gdtBase();
        long limit = ldt ? (cpu.seg.ldtr().usable() ? cpu.seg.ldtr().limit() : -1) : cpu.seg.gdtLimit();
        long offset = selector & 0xfff8L;
        if (offset + 7 > limit) return 0;
        return cpu.mmu.readLinear(base + offset, 8);
    }

    /** Whether DPL permits the access from CPL and RPL (conforming code segments are always accessible). */
    private boolean privilegeOk(long d, int selector) {
        if (Descriptor.isCode(d) && Descriptor.conforming(d)) return true;
        return Descriptor.dpl(d) >= Math.max(cpu.cpl, selector & 3);
    }

    private void lookupDescriptor(DecodedInsn i, int memSeg, long memEa) {
        if (!cpu.protectedMode() || cpu.vm86()) throw CpuException.ud();
        boolean lsl = i.op == org.jemu.cpu.x86.internal.decode.Op.LSL;
        int selector = (int) ((i.kind[1] == K_REG ? cpu.reg(i.regno[1], 2) : cpu.readMem(memSeg, memEa, 2)) & 0xffff);
        long d = peekDescriptor(selector);
        boolean ok = d != 0 && (Descriptor.isCodeOrData(d) ? true : systemTypeOk(Descriptor.type(d), lsl))
                && privilegeOk(d, selector);
        cpu.flags.update(org.jemu.cpu.x86.internal.alu.LazyFlags.ZF, ok ? org.jemu.cpu.x86.internal.alu.LazyFlags.ZF : 0);
        if (!ok) return;
        long value = lsl ? Descriptor.limit(d) : (d >>> 32) & (i.opSize == 2 ? 0xff00L : 0x00f0ff00L);
        cpu.setReg(i.regno[0], i.opSize, value);
    }

    /** System descriptor types LAR (and, fewer, LSL) accept: legacy mode and long mode differ (SDM, LAR/LSL). */
    private boolean systemTypeOk(int type, boolean lsl) {
        if (cpu.longMode()) return type == 2 || type == 9 || type == 11 || (!lsl && type == 12);
        return switch (type) {
            case 1, 2, 3, 9, 11 -> true;
            case 4, 5, 12 -> !lsl;
            default -> false;
        };
    }

    private void verify(boolean write, int selector) {
        if (!cpu.protectedMode() || cpu.vm86()) throw CpuException.ud();
        long d = peekDescriptor(selector);
        boolean ok = d != 0 && Descriptor.isCodeOrData(d) && privilegeOk(d, selector)
                && (write ? Descriptor.isData(d) && Descriptor.writable(d) : !Descriptor.isCode(d) || Descriptor.readable(d));
        cpu.flags.update(org.jemu.cpu.x86.internal.alu.LazyFlags.ZF, ok ? org.jemu.cpu.x86.internal.alu.LazyFlags.ZF : 0);
    }

    private void arpl(DecodedInsn i, int memSeg, long memEa) {
        if (!cpu.protectedMode() || cpu.vm86()) throw CpuException.ud();
        long dst = i.kind[0] == K_REG ? cpu.reg(i.regno[0], 2) : cpu.readMem(memSeg, memEa, 2);
        long src = cpu.reg(i.regno[1], 2);
        boolean adjust = (dst & 3) < (src & 3);
        if (adjust) {
            long v = (dst & ~3L) | (src & 3);
            if (i.kind[0] == K_REG) {
                cpu.setReg(i.regno[0], 2, v);
            } else {
                cpu.writeMem(memSeg, memEa, 2, v);
            }
        }
        cpu.flags.update(org.jemu.cpu.x86.internal.alu.LazyFlags.ZF, adjust ? org.jemu.cpu.x86.internal.alu.LazyFlags.ZF : 0);
    }

    private void bound(DecodedInsn i, int memSeg, long memEa) {
        if (i.kind[1] != K_MEM) throw CpuException.ud();
        int size = i.opSize;
        long index = org.jemu.cpu.x86.internal.alu.LazyFlags.signExtend(cpu.reg(i.regno[0], size), size * 8);
        long lower = org.jemu.cpu.x86.internal.alu.LazyFlags.signExtend(cpu.readMem(memSeg, memEa, size), size * 8);
        long upper = org.jemu.cpu.x86.internal.alu.LazyFlags.signExtend(cpu.readMem(memSeg, memEa + size, size), size * 8);
        if (index < lower || index > upper) throw CpuException.br();
    }

    private void requireCpl0() {
        if (cpu.protectedMode() && cpu.cpl != 0) throw CpuException.gp0();
        if (cpu.vm86()) throw CpuException.gp0();
    }

    private long selectorOperand(DecodedInsn i, int memSeg, long memEa) {
        return i.kind[0] == K_REG ? cpu.reg(i.regno[0], 2) : cpu.readMem(memSeg, memEa, 2);
    }

    /** The time-stamp counter: the CPU's clock (the machine's virtual clock under an accelerator) at 1 GHz. */
    long tsc() {
        return cpu.msrs.tsc();
    }

    // ---- segment registers and far transfers ---------------------------------------------------------------------

    void loadSegmentRegister(int s, int selector) {
        if (!cpu.protectedMode()) {
            Segmentation.loadReal(cpu.segs[s], selector);
        } else if (cpu.vm86()) {
            Segmentation.loadVm86(cpu.segs[s], selector);
        } else {
            cpu.seg.loadSegment(cpu.segs[s], s, selector, cpu.cpl, cpu.codeSize() == 64);
        }
        if (s == Segmentation.SS) cpu.interruptShadow = true;
    }

    private void loadFarPointer(DecodedInsn i, int memSeg, long memEa) {
        int size = i.opSize;
        long offset = cpu.readMem(memSeg, memEa, size);
        int selector = (int) cpu.readMem(memSeg, memEa + size, 2);
        int s = switch (i.op) {
            case LDS -> Segmentation.DS;
            case LES -> Segmentation.ES;
            case LFS -> Segmentation.FS;
            case LGS -> Segmentation.GS;
            default -> Segmentation.SS;
        };
        loadSegmentRegister(s, selector);
        cpu.setReg(i.regno[0], size, offset);
    }

    /** JMP FAR / CALL FAR: to a code segment, or through a call gate (task switches are not modelled yet). */
    void farTransfer(DecodedInsn i, boolean call, int memSeg, long memEa) {
        int size = i.opSize;
        long offset;
        int selector;
        if (i.kind[0] == K_FAR) {
            offset = i.imm;
            selector = (int) i.imm2 & 0xffff;
        } else {
            offset = cpu.readMem(memSeg, memEa, size);
            selector = (int) cpu.readMem(memSeg, memEa + size, 2);
        }
        if (cpu.protectedMode() && !cpu.vm86() && (selector & 0xfffc) != 0) {
            long d = cpu.seg.readDescriptor(selector);
            if (!Descriptor.isCodeOrData(d)) {
                throughGate(d, selector, call);
                return;
            }
        }
        if (call) {
            cpu.push(cpu.segs[Segmentation.CS].selector(), size);
            cpu.push(cpu.rip, size);
        }
        loadCs(selector);
        cpu.rip = size == 2 ? offset & 0xffff : size == 4 ? offset & 0xffff_ffffL : offset;
    }

    /**
     * A far JMP or CALL through a call gate (SDM vol. 2, CALL): gate and target checks, and for a CALL to a more
     * privileged non-conforming segment the stack switch from the TSS with the gate's parameters copied over.
     */
    private void throughGate(long gate, int selector, boolean call) {
        int type = Descriptor.type(gate);
        boolean lm = cpu.longMode();
        if (type == Descriptor.SYS_TASK_GATE || Descriptor.isTss(gate)) {
            throw new Interrupts.UnsupportedGate("task switch through selector " + Integer.toHexString(selector));
        }
        boolean gate32 = type == Descriptor.SYS_CALL_GATE;
        if (!gate32 && (lm || type != Descriptor.SYS_CALL_GATE16)) throw CpuException.gp(selector & 0xfffc);
        if (Descriptor.dpl(gate) < cpu.cpl || Descriptor.dpl(gate) < (selector & 3)) throw CpuException.gp(selector & 0xfffc);
        if (!Descriptor.present(gate)) throw CpuException.np(selector & 0xfffc);
        long offset;
        if (lm) {
            long high = cpu.mmu.readLinear(cpu.seg.descriptorAddress(selector, 16) + 8, 8);
            offset = Descriptor.gateOffset64(gate, high);
        } else {
            offset = gate32 ? Descriptor.gateOffset(gate) : Descriptor.gateOffset(gate) & 0xffff;
        }
        int target = Descriptor.gateSelector(gate);
        if ((target & 0xfffc) == 0) throw CpuException.gp0();
        long code = cpu.seg.readDescriptor(target);
        int dpl = Descriptor.dpl(code);
        if (!Descriptor.isCode(code) || dpl > cpu.cpl || (lm && !Descriptor.longCode(code))) {
            throw CpuException.gp(target & 0xfffc);
        }
        if (!Descriptor.present(code)) throw CpuException.np(target & 0xfffc);
        boolean conforming = Descriptor.conforming(code);
        if (!call) {
            if (!conforming && dpl != cpu.cpl) throw CpuException.gp(target & 0xfffc);
            setCs(target, code, cpu.cpl);
            cpu.rip = offset;
            return;
        }
        int size = lm ? 8 : gate32 ? 4 : 2;
        int oldCs = cpu.segs[Segmentation.CS].selector();
        long oldIp = cpu.rip;
        if (!conforming && dpl < cpu.cpl) {
            int oldSs = cpu.segs[Segmentation.SS].selector();
            long oldSp = cpu.regs[4];
            int params = lm ? 0 : Descriptor.gateParamCount(gate);
            long[] copied = new long[params];
            for (int k = 0; k < params; k++) {
                copied[k] = cpu.readMem(Segmentation.SS, X86Core.addrMask(oldSp + (long) k * size, cpu.stackSize()), size);
            }
            long tss = cpu.seg.tr().base();
            if (lm) {
                cpu.regs[4] = cpu.mmu.readLinear(tss + 4 + 8L * dpl, 8);
                cpu.segs[Segmentation.SS].set(dpl, 0, 0, 0);
                cpu.cpl = dpl;
            } else {
                long newSp = cpu.mmu.readLinear(tss + 4 + 8L * dpl, 4) & 0xffff_ffffL;
                int newSs = (int) (cpu.mmu.readLinear(tss + 8 + 8L * dpl, 2) & 0xffff);
                cpu.seg.loadSegment(cpu.segs[Segmentation.SS], Segmentation.SS, newSs, dpl, false);
                cpu.regs[4] = newSp;
                cpu.cpl = dpl;
            }
            setCs(target, code, dpl);
            cpu.push(oldSs, size);
            cpu.push(oldSp, size);
            for (int k = params - 1; k >= 0; k--) cpu.push(copied[k], size);
        } else {
            setCs(target, code, cpu.cpl);
        }
        cpu.push(oldCs, size);
        cpu.push(oldIp, size);
        cpu.rip = offset;
    }

    private void setCs(int selector, long descriptor, int cpl) {
        cpu.segs[Segmentation.CS].setFromDescriptor((selector & 0xfffc) | cpl, descriptor);
        cpu.cpl = cpl;
        cpu.refreshMode();
    }

    /** RETF: to the same privilege level, or to an outer one with the outer stack popped (SDM vol. 2, RET). */
    void farReturn(DecodedInsn i) {
        int size = i.opSize;
        long release = i.nOperands > 0 ? i.imm & 0xffff : 0;
        long offset = cpu.pop(size);
        int selector = (int) cpu.pop(size) & 0xffff;
        long ip = size == 2 ? offset & 0xffff : size == 4 ? offset & 0xffff_ffffL : offset;
        if (cpu.protectedMode() && !cpu.vm86() && (selector & 3) > cpu.cpl) {
            int rpl = selector & 3;
            long code = cpu.seg.readDescriptor(selector);
            boolean ok = Descriptor.isCode(code) && (Descriptor.conforming(code) ? Descriptor.dpl(code) <= rpl : Descriptor.dpl(code) == rpl);
            if (!ok) throw CpuException.gp(selector & 0xfffc);
            if (!Descriptor.present(code)) throw CpuException.np(selector & 0xfffc);
            cpu.setStackPointer(cpu.regs[4] + release, cpu.stackSize());
            long newSp = cpu.pop(size);
            int newSs = (int) cpu.pop(size) & 0xffff;
            boolean toLong = cpu.longMode() && Descriptor.longCode(code);
            setCs(selector, code, rpl);
            if ((newSs & 0xfffc) == 0 && toLong && rpl < 3) {
                cpu.segs[Segmentation.SS].set(newSs, 0, 0, 0);
            } else {
                cpu.seg.loadSegment(cpu.segs[Segmentation.SS], Segmentation.SS, newSs, rpl, toLong);
            }
            cpu.setStackPointer(newSp + release, cpu.stackSize());
            cpu.dropInaccessibleDataSegments(rpl);
            cpu.rip = ip;
            return;
        }
        if (release != 0) cpu.setStackPointer(cpu.regs[4] + release, cpu.stackSize());
        loadCs(selector);
        cpu.rip = ip;
    }

    private void loadCs(int selector) {
        try {
            loadCsRaw(selector);
        } finally {
            cpu.refreshMode();
        }
    }

    private void loadCsRaw(int selector) {
        if (!cpu.protectedMode()) {
            Segmentation.loadReal(cpu.segs[Segmentation.CS], selector);
            return;
        }
        if (cpu.vm86()) {
            Segmentation.loadVm86(cpu.segs[Segmentation.CS], selector);
            return;
        }
        if ((selector & 0xfffc) != 0 && !Descriptor.isCodeOrData(cpu.seg.readDescriptor(selector))) {
            throw new Interrupts.UnsupportedGate("far transfer through a gate or to a TSS (selector " + Integer.toHexString(selector) + ")");
        }
        cpu.seg.loadCodeSegmentDirect(cpu.segs[Segmentation.CS], selector, cpu.cpl, cpu.longMode());
    }

    // ---- control registers -------------------------------------------------------------------------------------

    private void movCr(DecodedInsn i) {
        requireCpl0();
        boolean read = i.kind[0] == K_REG && i.kind[1] != K_REG;
        int crIndex = read ? i.regno[1] : i.regno[0];
        if (read) {
            long v = switch (crIndex) {
                case 0 -> cpu.mmu.cr0();
                case 2 -> cpu.cr2;
                case 3 -> cpu.mmu.cr3();
                case 4 -> cpu.mmu.cr4();
                case 8 -> cpu.cr8();
                default -> throw CpuException.ud();
            };
            cpu.setReg(i.regno[0], cpu.codeSize() == 64 ? 8 : 4, v);
            return;
        }
        long v = cpu.reg(i.regno[1], cpu.codeSize() == 64 ? 8 : 4);
        switch (crIndex) {
            case 0 -> setCr0(v);
            case 2 -> cpu.cr2 = v;
            case 3 -> cpu.mmu.setCr3(v);
            case 4 -> {
                if ((v & ~0x3007ffL) != 0) throw CpuException.gp0();
                if (cpu.longMode() && (v & (1L << 5)) == 0) throw CpuException.gp0(); // PAE may not go off
                cpu.mmu.setCr4(v);
            }
            case 8 -> cpu.setCr8(v);
            default -> throw CpuException.ud();
        }
    }

    /** CR0 with the long-mode activation rule: PG on with EFER.LME and CR4.PAE sets EFER.LMA, PG off clears it. */
    void setCr0(long v) {
        v |= 0x10; // ET is hard-wired
        if ((v & (1L << 31)) != 0 && (v & 1) == 0) throw CpuException.gp0();
        if ((v & (1L << 29)) != 0 && (v & (1L << 30)) == 0) throw CpuException.gp0(); // NW without CD
        long efer = cpu.mmu.efer();
        boolean pg = (v & (1L << 31)) != 0;
        if (pg && (efer & X86Core.EFER_LME) != 0 && (cpu.mmu.cr0() & (1L << 31)) == 0) {
            if ((cpu.mmu.cr4() & (1L << 5)) == 0) throw CpuException.gp0();
            efer |= X86Core.EFER_LMA;
        } else if (!pg) {
            efer &= ~X86Core.EFER_LMA;
        }
        // EFER.LMA first, so the MMU switches straight to 4-level paging (never to legacy PAE with these tables)
        cpu.mmu.setEfer(efer);
        cpu.mmu.setCr0(v);
        cpu.refreshMode();
    }

    // ---- MSRs --------------------------------------------------------------------------------------------------

    private long rdmsr(int msr) {
        return cpu.msrs.read(msr);
    }

    private void wrmsr(int msr, long v) {
        cpu.msrs.write(msr, v);
    }

    // ---- CPUID -------------------------------------------------------------------------------------------------

    /** CPUID from the model's feature table ({@link Cpuid}); the APIC bit follows APIC_BASE's enable bit, as QEMU's. */
    private void cpuid() {
        int leaf = (int) cpu.reg(0, 4);
        org.jemu.cpu.x86.internal.apic.LocalApic apic = cpu.apic();
        long[] r = Cpuid.leaf(leaf, cpu.initialApicId());
        if (leaf == 1 && (apic == null
                || (apic.readApicBase() & org.jemu.cpu.x86.internal.apic.LocalApic.BASE_ENABLE) == 0)) {
            r[3] &= ~(1L << Cpuid.APIC_BIT);
        }
        cpu.setReg(0, 4, r[0]);
        cpu.setReg(3, 4, r[1]);
        cpu.setReg(1, 4, r[2]);
        cpu.setReg(2, 4, r[3]);
    }

    // ---- flags ------------------------------------------------------------------------------------------------

    private void cliSti(boolean sti) {
        if (cpu.protectedMode()) {
            long iopl = (cpu.eflags & X86Core.FL_IOPL) >>> 12;
            if (cpu.cpl > iopl) throw CpuException.gp0();
        }
        if (sti) {
            if ((cpu.eflags & X86Core.FL_IF) == 0) cpu.interruptShadow = true;
            cpu.eflags |= X86Core.FL_IF;
        } else {
            cpu.eflags &= ~X86Core.FL_IF;
        }
    }

    void pushf(int size) {
        if (cpu.vm86() && ((cpu.eflags & X86Core.FL_IOPL) >>> 12) < 3) throw CpuException.gp0();
        cpu.push(cpu.rflags() & ~(X86Core.FL_VM | X86Core.FL_RF), size);
    }

    /** POPF: IOPL only at CPL 0, IF only when CPL &le; IOPL; VM and RF are never set by it. */
    void popf(int size) {
        if (cpu.vm86() && ((cpu.eflags & X86Core.FL_IOPL) >>> 12) < 3) throw CpuException.gp0();
        long v = cpu.pop(size);
        long changeable = 0x254fd5L | X86Core.FL_IOPL | X86Core.FL_IF; // CF PF AF ZF SF TF DF OF NT AC ID, IOPL, IF
        if (cpu.protectedMode()) {
            if (cpu.cpl != 0) changeable &= ~X86Core.FL_IOPL;
            if (cpu.cpl > ((cpu.eflags & X86Core.FL_IOPL) >>> 12)) changeable &= ~X86Core.FL_IF;
        }
        if (size == 2) changeable &= 0xffff;
        cpu.setRflags((cpu.rflags() & ~changeable) | (v & changeable));
    }
}
