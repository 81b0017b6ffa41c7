package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.SegmentCache;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * The fast system-call family as the SDM (vol. 2B) defines it for Intel processors: SYSCALL/SYSRET (STAR, LSTAR,
 * CSTAR, SFMASK; EFER.SCE), SYSENTER/SYSEXIT (SYSENTER_CS/ESP/EIP), SWAPGS (KERNEL_GS_BASE) and RDTSCP (TSC_AUX).
 * The segment registers they load are fixed flat descriptors, not read from the GDT, exactly as the processor does.
 */
final class FastSyscall {

    // hidden descriptor attributes (SegmentCache flags: access byte in bits 8-15, G/D/L in 20-23)
    private static final int CODE64_DPL0 = 0xa09b00, CODE32_DPL0 = 0xc09b00, DATA_DPL0 = 0xc09300;
    private static final int CODE64_DPL3 = 0xa0fb00, CODE32_DPL3 = 0xc0fb00, DATA_DPL3 = 0xc0f300;
    private static final long FLAT = 0xffff_ffffL;
    /** RFLAGS bits SYSRET may load from R11 in 64-bit mode: all defined bits but VM and RF (SDM). */
    private static final long SYSRET_FLAGS = 0x3c7fd7L;

    private final X86Core cpu;
    private final Msrs msrs;

    FastSyscall(X86Core cpu, Msrs msrs) {
        this.cpu = cpu;
        this.msrs = msrs;
    }

    void syscall() {
        if ((cpu.mmu.efer() & X86Core.EFER_SCE) == 0) throw CpuException.ud();
        if (!cpu.protectedMode() || cpu.vm86()) throw CpuException.ud();
        int cs = (int) (msrs.star >>> 32) & 0xfffc;
        if (cpu.longMode()) {
            boolean from64 = cpu.codeSize() == 64;
            cpu.regs[1] = cpu.rip;
            cpu.regs[11] = cpu.rflags() & ~X86Core.FL_RF;
            long target = from64 ? msrs.lstar : msrs.cstar;
            cpu.setRflags(cpu.rflags() & ~msrs.sfmask & ~X86Core.FL_RF);
            load(cs, CODE64_DPL0, cs + 8, DATA_DPL0, 0);
            cpu.rip = target;
        } else {
            cpu.regs[1] = cpu.rip & 0xffff_ffffL;
            cpu.setRflags(cpu.rflags() & ~(X86Core.FL_VM | X86Core.FL_IF | X86Core.FL_RF));
            load(cs, CODE32_DPL0, cs + 8, DATA_DPL0, 0);
            cpu.rip = msrs.star & 0xffff_ffffL;
        }
    }

    void sysret(DecodedInsn i) {
        if ((cpu.mmu.efer() & X86Core.EFER_SCE) == 0) throw CpuException.ud();
        if (!cpu.protectedMode() || cpu.cpl != 0) throw CpuException.gp0();
        int base = (int) (msrs.star >>> 48) & 0xffff;
        boolean to64 = cpu.codeSize() == 64 && (i.rex & 8) != 0;
        if (cpu.longMode()) {
            long target = to64 ? cpu.regs[1] : cpu.regs[1] & 0xffff_ffffL;
            if (to64 && !Segmentation.isCanonical(target)) throw CpuException.gp0(); // Intel: #GP in ring 0
            cpu.setRflags((cpu.regs[11] & SYSRET_FLAGS) | X86Core.FL_RESERVED1);
            int cs = to64 ? base + 16 : base;
            load(cs | 3, to64 ? CODE64_DPL3 : CODE32_DPL3, (base + 8) | 3, DATA_DPL3, 3);
            cpu.rip = target;
        } else {
            cpu.setRflags(cpu.rflags() | X86Core.FL_IF);
            load(base | 3, CODE32_DPL3, (base + 8) | 3, DATA_DPL3, 3);
            cpu.rip = cpu.regs[1] & 0xffff_ffffL;
        }
    }

    void sysenter() {
        if (!cpu.protectedMode()) throw CpuException.gp0();
        int cs = (int) msrs.sysenterCs & 0xfffc;
        if (cs == 0) throw CpuException.gp0();
        cpu.setRflags(cpu.rflags() & ~(X86Core.FL_VM | X86Core.FL_IF | X86Core.FL_RF));
        boolean ia32e = cpu.longMode();
        load(cs, ia32e ? CODE64_DPL0 : CODE32_DPL0, cs + 8, DATA_DPL0, 0);
        cpu.regs[4] = ia32e ? msrs.sysenterEsp : msrs.sysenterEsp & 0xffff_ffffL;
        cpu.rip = ia32e ? msrs.sysenterEip : msrs.sysenterEip & 0xffff_ffffL;
    }

    void sysexit(DecodedInsn i) {
        int base = (int) msrs.sysenterCs & 0xfffc;
        if (!cpu.protectedMode() || cpu.cpl != 0 || base == 0) throw CpuException.gp0();
        boolean to64 = cpu.codeSize() == 64 && (i.rex & 8) != 0;
        if (to64) {
            if (!Segmentation.isCanonical(cpu.regs[2]) || !Segmentation.isCanonical(cpu.regs[1])) throw CpuException.gp0();
            load((base + 32) | 3, CODE64_DPL3, (base + 40) | 3, DATA_DPL3, 3);
            cpu.rip = cpu.regs[2];
            cpu.regs[4] = cpu.regs[1];
        } else {
            load((base + 16) | 3, CODE32_DPL3, (base + 24) | 3, DATA_DPL3, 3);
            cpu.rip = cpu.regs[2] & 0xffff_ffffL;
            cpu.regs[4] = cpu.regs[1] & 0xffff_ffffL;
        }
    }

    void swapgs() {
        if (cpu.codeSize() != 64) throw CpuException.ud();
        if (cpu.cpl != 0) throw CpuException.gp0();
        SegmentCache gs = cpu.segs[Segmentation.GS];
        long user = gs.base();
        gs.setBase(msrs.kernelGsBase);
        msrs.kernelGsBase = user;
    }

    /** RDTSCP: EDX:EAX = TSC, ECX = TSC_AUX (the caller checks CR4.TSD as for RDTSC). */
    void rdtscp() {
        long t = msrs.tsc();
        cpu.setReg(0, 4, t);
        cpu.setReg(2, 4, t >>> 32);
        cpu.setReg(1, 4, msrs.tscAux);
    }

    private void load(int cs, int csFlags, int ss, int ssFlags, int cpl) {
        cpu.segs[Segmentation.CS].set(cs, 0, FLAT, csFlags);
        cpu.segs[Segmentation.SS].set(ss, 0, FLAT, ssFlags);
        cpu.cpl = cpl;
        cpu.refreshMode();
    }
}
