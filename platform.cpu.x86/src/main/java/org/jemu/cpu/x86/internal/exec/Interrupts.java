package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Descriptor;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * Event delivery (SDM vol. 3 ch. 6): real-mode IVT; protected-mode IDT interrupt and trap gates (16/32-bit) with the
 * stack switch from the TSS on a privilege change; long-mode 16-byte gates with IST and the always-pushed SS:RSP;
 * error codes; the double-fault rules (contributory + contributory, #PF + contributory/#PF → #DF; a fault while
 * delivering #DF → triple fault). IRET lives here too.
 */
final class Interrupts {

    private static final int NONE = -1;
    private final X86Core cpu;
    /** The vector being delivered, for the double-fault rules; NONE outside delivery. */
    private int delivering = NONE;
    private final TaskSwitch tasks;

    Interrupts(X86Core cpu) {
        this.cpu = cpu;
        this.tasks = new TaskSwitch(cpu);
    }

    /** A fault or trap raised by an instruction (RIP already points at the right place). */
    void deliverException(CpuException e) {
        int vector = e.vector();
        if (vector == 14) cpu.cr2 = e.faultAddress();
        deliver(vector, e.hasErrorCode() ? e.errorCode() : -1, false);
    }

    /** An external interrupt or NMI taken between instructions. */
    void deliverHardware(int vector) {
        deliver(vector, -1, false);
    }

    /** INT n / INT3 / INTO: RIP is already past the instruction; the gate's DPL is checked against CPL. */
    void deliverSoftware(int vector) {
        deliver(vector, -1, true);
    }

    private void deliver(int vector, int errorCode, boolean software) {
        int outer = delivering;
        if (outer == 8) {
            cpu.tripleFault("fault while delivering #DF (vector " + vector + ")");
            return;
        }
        if (outer != NONE && isDoubleFault(outer, vector)) {
            vector = 8;
            errorCode = 0;
        }
        delivering = vector;
        try {
            if (!cpu.protectedMode()) {
                real(vector);
            } else if (cpu.longMode()) {
                long64(vector, errorCode, software);
            } else {
                protected32(vector, errorCode, software);
            }
            cpu.halted = false;
        } catch (CpuException nested) {
            // a fault while delivering: the double-fault rules decide (recursion depth is bounded by them)
            if (nested.vector() == 14) cpu.cr2 = nested.faultAddress();
            if (software) cpu.rip = cpu.currentRip; // a fault raised by INT n itself points at the INT instruction
            deliver(nested.vector(), nested.hasErrorCode() ? nested.errorCode() : -1, false);
        } finally {
            delivering = outer;
        }
    }

    private static boolean contributory(int v) {
        return v == 0 || (v >= 10 && v <= 13);
    }

    private static boolean isDoubleFault(int first, int second) {
        return (contributory(first) && contributory(second)) || (first == 14 && (contributory(second) || second == 14));
    }

    // ---- real mode -----------------------------------------------------------------------------------------------

    private void real(int vector) {
        long entry = vector * 4L;
        if (entry + 3 > cpu.idtLimit) throw CpuException.gp(vector * 8 + 2);
        long ip = cpu.mmu.readLinear(cpu.idtBase + entry, 2) & 0xffff;
        int cs = (int) (cpu.mmu.readLinear(cpu.idtBase + entry + 2, 2) & 0xffff);
        cpu.push(cpu.rflags() & 0xffff, 2);
        cpu.push(cpu.segs[Segmentation.CS].selector(), 2);
        cpu.push(cpu.rip & 0xffff, 2);
        cpu.eflags &= ~(X86Core.FL_IF | X86Core.FL_TF | X86Core.FL_AC | X86Core.FL_RF);
        Segmentation.loadReal(cpu.segs[Segmentation.CS], cs);
        cpu.refreshMode();
        cpu.rip = ip;
    }

    // ---- protected mode --------------------------------------------------------------------------------------

    private void protected32(int vector, int errorCode, boolean software) {
        long entry = vector * 8L;
        if (entry + 7 > cpu.idtLimit) throw CpuException.gp(vector * 8 + 2);
        long gate = cpu.mmu.readLinear(cpu.idtBase + entry, 8);
        int type = Descriptor.type(gate);
        int dpl = Descriptor.dpl(gate);
        if (type == Descriptor.SYS_TASK_GATE) {
            if (software && dpl < cpu.cpl) throw CpuException.gp(vector * 8 + 2);
            if (!Descriptor.present(gate)) throw CpuException.np(vector * 8 + 2);
            tasks.toNestedTask(Descriptor.gateSelector(gate), errorCode);
            return;
        }
        boolean is32 = type == 0xe || type == 0xf;
        if (type != 0xe && type != 0xf && type != 6 && type != 7) throw CpuException.gp(vector * 8 + 2);
        if (software && dpl < cpu.cpl) throw CpuException.gp(vector * 8 + 2);
        if (!Descriptor.present(gate)) throw CpuException.np(vector * 8 + 2);
        int selector = Descriptor.gateSelector(gate);
        long offset = is32 ? Descriptor.gateOffset(gate) : Descriptor.gateOffset(gate) & 0xffff;
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long code = cpu.seg.readDescriptor(selector);
        if (!Descriptor.isCode(code) || Descriptor.dpl(code) > cpu.cpl) throw CpuException.gp(selector & 0xfffc);
        if (!Descriptor.present(code)) throw CpuException.np(selector & 0xfffc);
        int newCpl = Descriptor.conforming(code) ? cpu.cpl : Descriptor.dpl(code);
        int size = is32 ? 4 : 2;
        long flagsValue = cpu.rflags();
        int oldCs = cpu.segs[Segmentation.CS].selector();
        long oldRip = cpu.rip;
        if (newCpl < cpu.cpl) {
            // stack switch from the TSS (32-bit TSS: ESPn at 4 + 8n, SSn at 8 + 8n)
            long tss = cpu.seg.tr().base();
            long newSp = cpu.mmu.readLinear(tss + 4 + 8L * newCpl, 4) & 0xffff_ffffL;
            int newSs = (int) (cpu.mmu.readLinear(tss + 8 + 8L * newCpl, 2) & 0xffff);
            int oldSs = cpu.segs[Segmentation.SS].selector();
            long oldSp = cpu.regs[4];
            cpu.seg.loadSegment(cpu.segs[Segmentation.SS], Segmentation.SS, newSs, newCpl, false);
            cpu.regs[4] = newSp;
            cpu.cpl = newCpl;
            cpu.push(oldSs, size);
            cpu.push(oldSp, size);
        }
        cpu.push(flagsValue, size);
        cpu.push(oldCs, size);
        cpu.push(oldRip, size);
        if (errorCode >= 0) cpu.push(errorCode, size);
        cpu.segs[Segmentation.CS].setFromDescriptor((selector & 0xfffc) | newCpl, code);
        cpu.cpl = newCpl;
        cpu.refreshMode();
        cpu.rip = offset;
        long clear = X86Core.FL_TF | X86Core.FL_NT | X86Core.FL_RF | X86Core.FL_VM;
        if (type == 0xe || type == 6) clear |= X86Core.FL_IF;
        cpu.eflags &= ~clear;
    }

    // ---- long mode ---------------------------------------------------------------------------------------------

    private void long64(int vector, int errorCode, boolean software) {
        long entry = vector * 16L;
        if (entry + 15 > cpu.idtLimit) throw CpuException.gp(vector * 8 + 2);
        long lo = cpu.mmu.readLinear(cpu.idtBase + entry, 8);
        long hi = cpu.mmu.readLinear(cpu.idtBase + entry + 8, 8);
        int type = Descriptor.type(lo);
        int dpl = Descriptor.dpl(lo);
        if (type != 0xe && type != 0xf) throw CpuException.gp(vector * 8 + 2);
        if (software && dpl < cpu.cpl) throw CpuException.gp(vector * 8 + 2);
        if (!Descriptor.present(lo)) throw CpuException.np(vector * 8 + 2);
        int selector = Descriptor.gateSelector(lo);
        long offset = Descriptor.gateOffset64(lo, hi);
        int ist = Descriptor.gateIst(lo);
        if ((selector & 0xfffc) == 0) throw CpuException.gp(0);
        long code = cpu.seg.readDescriptor(selector);
        if (!Descriptor.isCode(code) || !Descriptor.longCode(code) || Descriptor.dpl(code) > cpu.cpl) {
            throw CpuException.gp(selector & 0xfffc);
        }
        if (!Descriptor.present(code)) throw CpuException.np(selector & 0xfffc);
        int newCpl = Descriptor.conforming(code) ? cpu.cpl : Descriptor.dpl(code);
        long oldSs = cpu.segs[Segmentation.SS].selector();
        long oldRsp = cpu.regs[4];
        long flagsValue = cpu.rflags();
        long oldCs = cpu.segs[Segmentation.CS].selector();
        long oldRip = cpu.rip;
        long tss = cpu.seg.tr().base();
        long rsp = oldRsp;
        if (ist != 0) {
            rsp = cpu.mmu.readLinear(tss + 0x24 + 8L * (ist - 1), 8);
        } else if (newCpl < cpu.cpl) {
            rsp = cpu.mmu.readLinear(tss + 4 + 8L * newCpl, 8);
        }
        if (newCpl < cpu.cpl) cpu.segs[Segmentation.SS].set(newCpl, 0, 0, 0);
        rsp &= ~0xfL;
        cpu.cpl = newCpl;
        cpu.segs[Segmentation.CS].setFromDescriptor((selector & 0xfffc) | newCpl, code);
        cpu.refreshMode();
        cpu.regs[4] = rsp;
        cpu.push(oldSs, 8);
        cpu.push(oldRsp, 8);
        cpu.push(flagsValue, 8);
        cpu.push(oldCs, 8);
        cpu.push(oldRip, 8);
        if (errorCode >= 0) cpu.push(errorCode, 8);
        cpu.rip = offset;
        long clear = X86Core.FL_TF | X86Core.FL_NT | X86Core.FL_RF;
        if (type == 0xe) clear |= X86Core.FL_IF;
        cpu.eflags &= ~clear;
    }

    // ---- IRET ----------------------------------------------------------------------------------------------------

    /** IRET/IRETD/IRETQ with operand size {@code size} (2, 4, 8). */
    void iret(int size) {
        if (!cpu.protectedMode()) {
            long ip = cpu.pop(size);
            int cs = (int) cpu.pop(size) & 0xffff;
            long fl = cpu.pop(size);
            Segmentation.loadReal(cpu.segs[Segmentation.CS], cs);
            cpu.refreshMode();
            cpu.rip = ip & (size == 2 ? 0xffff : 0xffff_ffffL);
            long keep = size == 2 ? ~0xffffL : X86Core.FL_VM | (1L << 19) | (1L << 20); // VM, VIF, VIP stay
            cpu.setRflags((cpu.rflags() & keep) | (fl & (size == 2 ? 0xffff : 0x257fd5L)));
            return;
        }
        if ((cpu.eflags & X86Core.FL_NT) != 0 && !cpu.longMode()) {
            throw new UnsupportedGate("IRET with NT set (task return)");
        }
        long ip = cpu.pop(size);
        int cs = (int) cpu.pop(size) & 0xffff;
        long fl = cpu.pop(size);
        if ((cs & 0xfffc) == 0) throw CpuException.gp(0);
        long code = cpu.seg.readDescriptor(cs);
        int rpl = cs & 3;
        if (!Descriptor.isCode(code) || rpl < cpu.cpl) throw CpuException.gp(cs & 0xfffc);
        if (!Descriptor.present(code)) throw CpuException.np(cs & 0xfffc);
        boolean toLong = cpu.longMode() && Descriptor.longCode(code);
        long newSp = 0;
        int newSs = 0;
        boolean popStack = rpl > cpu.cpl || size == 8;
        if (popStack) {
            newSp = cpu.pop(size);
            newSs = (int) cpu.pop(size) & 0xffff;
        }
        int oldCpl = cpu.cpl;
        cpu.segs[Segmentation.CS].setFromDescriptor(cs, code);
        cpu.cpl = rpl;
        cpu.refreshMode();
        cpu.rip = toLong ? ip : ip & 0xffff_ffffL;
        long changeable = 0x257fd5L; // CF..OF, TF, DF, NT, RF, AC, ID
        if (oldCpl == 0) changeable |= X86Core.FL_IOPL;
        if (oldCpl <= ((cpu.eflags & X86Core.FL_IOPL) >>> 12)) changeable |= X86Core.FL_IF;
        if (size == 2) changeable &= 0xffff;
        cpu.setRflags((cpu.rflags() & ~changeable) | (fl & changeable));
        if (popStack) {
            if ((newSs & 0xfffc) == 0 && toLong && rpl < 3) {
                cpu.segs[Segmentation.SS].set(newSs, 0, 0, 0);
            } else {
                cpu.seg.loadSegment(cpu.segs[Segmentation.SS], Segmentation.SS, newSs, rpl, toLong);
            }
            cpu.regs[4] = size == 2 ? (cpu.regs[4] & ~0xffffL) | (newSp & 0xffff) : newSp;
        }
        if (rpl > oldCpl) cpu.dropInaccessibleDataSegments(rpl);
    }

    /** An event or return this CPU does not model yet (task gates, task returns): the VM stops with this message. */
    static final class UnsupportedGate extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedGate(String what) {
            super(what + " is not supported yet", null, false, false);
        }
    }
}
