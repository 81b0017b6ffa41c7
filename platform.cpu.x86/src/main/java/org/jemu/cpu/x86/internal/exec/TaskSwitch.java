package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Descriptor;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * The hardware task switch to a 32-bit TSS (SDM vol. 3, 8.3) as an interrupt or exception task gate needs it (a
 * double-fault task is the common case): the running task's state is saved into its TSS, the new TSS is marked
 * busy and linked back to the old one, NT is set, and the new task's registers, segments, LDT and CR3 are loaded.
 */
final class TaskSwitch {

    private static final int CR3 = 0x1c, EIP = 0x20, EFLAGS = 0x24, EAX = 0x28, ES = 0x48, LDT = 0x60;
    private final X86Core cpu;

    TaskSwitch(X86Core cpu) {
        this.cpu = cpu;
    }

    /** Switches to the task of TSS selector {@code selector} for an interrupt or exception (a nested task). */
    void toNestedTask(int selector, int errorCode) {
        if ((selector & 4) != 0 || (selector & 0xfffc) == 0) throw CpuException.gp(selector & 0xfffc);
        long descAddr = cpu.seg.descriptorAddress(selector, 8);
        long d = cpu.mmu.readLinear(descAddr, 8);
        if (Descriptor.type(d) != Descriptor.SYS_TSS_AVAILABLE || Descriptor.isCodeOrData(d)) {
            if (Descriptor.type(d) == Descriptor.SYS_TSS16_AVAILABLE) {
                throw new Interrupts.UnsupportedGate("a task switch to a 16-bit TSS");
            }
            throw CpuException.gp(selector & 0xfffc);
        }
        if (!Descriptor.present(d)) throw CpuException.np(selector & 0xfffc);
        if (Descriptor.limit(d) < 0x67) throw CpuException.ts(selector & 0xfffc);
        long newTss = Descriptor.base(d);

        // save the running task
        var tr = cpu.seg.tr();
        long old = tr.base();
        cpu.mmu.writeLinear(old + EIP, 4, cpu.rip);
        cpu.mmu.writeLinear(old + EFLAGS, 4, cpu.rflags());
        for (int r = 0; r < 8; r++) cpu.mmu.writeLinear(old + EAX + 4L * r, 4, cpu.regs[r]);
        for (int s = 0; s < 6; s++) cpu.mmu.writeLinear(old + ES + 4L * s, 2, cpu.segs[s].selector());

        // link and mark the new one busy
        cpu.mmu.writeLinear(newTss, 2, tr.selector());
        cpu.mmu.writeLinear(descAddr + 4, 4, (d >>> 32) | (2L << 8));
        long busy = d | (2L << 40);
        tr.setFromDescriptor(selector, busy);

        // load the new task
        long eflags = cpu.mmu.readLinear(newTss + EFLAGS, 4) | X86Core.FL_NT;
        if ((cpu.mmu.cr0() & (1L << 31)) != 0) cpu.mmu.setCr3(cpu.mmu.readLinear(newTss + CR3, 4));
        cpu.rip = cpu.mmu.readLinear(newTss + EIP, 4);
        cpu.setRflags(eflags);
        for (int r = 0; r < 8; r++) cpu.regs[r] = cpu.mmu.readLinear(newTss + EAX + 4L * r, 4);
        int[] sel = new int[6];
        for (int s = 0; s < 6; s++) sel[s] = (int) cpu.mmu.readLinear(newTss + ES + 4L * s, 2);
        cpu.seg.loadLdt((int) cpu.mmu.readLinear(newTss + LDT, 2), false);
        int cs = sel[Segmentation.CS];
        long code = cpu.seg.readDescriptor(cs);
        if (!Descriptor.isCode(code)) throw CpuException.ts(cs & 0xfffc);
        if (!Descriptor.present(code)) throw CpuException.np(cs & 0xfffc);
        cpu.segs[Segmentation.CS].setFromDescriptor(cs, code);
        cpu.cpl = cs & 3;
        for (int s = 0; s < 6; s++) {
            if (s != Segmentation.CS) cpu.seg.loadSegment(cpu.segs[s], s, sel[s], cpu.cpl, false);
        }
        cpu.refreshMode();
        cpu.mmu.setCr0(cpu.mmu.cr0() | 8); // CR0.TS: the FPU state belongs to the old task
        if (errorCode >= 0) cpu.push(errorCode, 4);
    }
}
