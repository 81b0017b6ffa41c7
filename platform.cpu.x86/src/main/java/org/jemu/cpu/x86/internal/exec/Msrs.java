package org.jemu.cpu.x86.internal.exec;

import java.util.Arrays;

import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Segmentation;

/**
 * The model-specific registers jemu's CPU implements (RDMSR/WRMSR), with the values QEMU's TCG gives them at reset;
 * any other MSR, and a write of a reserved bit or a non-canonical address, is #GP(0) as on hardware.
 *
 * <p>Implemented: TSC (0x10, counting the core's clock), APIC_BASE (0x1b, the local APIC's through {@link ApicMsrs}), microcode
 * revision (0x8b), MTRRcap (0xfe), TSC_DEADLINE (0x6e0, with a local APIC), SYSENTER_CS/ESP/EIP (0x174-0x176), MISC_ENABLE (0x1a0), the variable MTRRs
 * (0x200-0x20f), the fixed MTRRs (0x250, 0x258-0x259, 0x268-0x26f), PAT (0x277), MTRRdefType (0x2ff), EFER, STAR,
 * LSTAR, CSTAR, SFMASK, FS/GS base, KERNEL_GS_BASE, TSC_AUX and AMD's SYSCFG (0xc0010010). MTRRs and PAT are stored, checked and read back; jemu
 * has no caches for them to affect.
 */
final class Msrs {

    static final int TSC = 0x10;
    static final int APIC_BASE = 0x1b;
    static final int UCODE_REV = 0x8b;
    static final int MTRR_CAP = 0xfe;
    static final int TSC_DEADLINE = 0x6e0;
    static final int SYSENTER_CS = 0x174;
    static final int SYSENTER_ESP = 0x175;
    static final int SYSENTER_EIP = 0x176;
    static final int MISC_ENABLE = 0x1a0;
    static final int MTRR_PHYS_BASE0 = 0x200;
    /** Page-frame bits of a 40-bit physical address (QEMU's TCG phys-bits, what CPUID 0x80000008 reports). */
    static final long PHYS_ADDRESS_MASK = 0xff_ffff_f000L;
    static final int MTRR_FIX64K = 0x250;
    static final int MTRR_FIX16K_80000 = 0x258;
    static final int MTRR_FIX16K_A0000 = 0x259;
    static final int MTRR_FIX4K_C0000 = 0x268;
    static final int PAT = 0x277;
    static final int MTRR_DEF_TYPE = 0x2ff;
    static final int EFER = 0xc0000080;
    static final int STAR = 0xc0000081;
    static final int LSTAR = 0xc0000082;
    static final int CSTAR = 0xc0000083;
    static final int SFMASK = 0xc0000084;
    static final int FS_BASE = 0xc0000100;
    static final int GS_BASE = 0xc0000101;
    static final int KERNEL_GS_BASE = 0xc0000102;
    static final int TSC_AUX = 0xc0000103;
    /**
     * AMD's SYSCFG (K8 and later): the fixed-MTRR RdMem/WrMem and memory-type enables; stored, 0 after reset, bits
     * 63:32 reserved. Linux's MTRR set-up reads it on AMD family 0xf CPUs, which jemu's models claim to be.
     */
    static final int SYSCFG = 0xc0010010;

    static final int VARIABLE_MTRRS = 8;
    /** MTRRcap: 8 variable ranges, fixed ranges, write-combining (QEMU's value). */
    static final long MTRR_CAP_VALUE = VARIABLE_MTRRS | 1L << 8 | 1L << 10;
    static final long PAT_RESET = 0x0007040600070406L;
    /** MISC_ENABLE at reset: fast strings (QEMU's MSR_IA32_MISC_ENABLE_DEFAULT). */
    static final long MISC_ENABLE_RESET = 1;
    /** QEMU's default microcode revision, in the high half as the MSR reports it. */
    static final long UCODE_REV_VALUE = 0x1_0000_0000L;
    static final long APIC_BASE_RESET = 0xfee0_0000L | 1L << 8 | 1L << 11; // base, BSP, enabled

    /** The memory types an MTRR or PAT entry may hold: UC, WC, WT, WP, WB (and UC- for PAT). */
    private static boolean validMtrrType(long t) {
        return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
    }

    /** The MSRs of the local APIC, when the CPU has one: APIC_BASE and IA32_TSC_DEADLINE. */
    interface ApicMsrs {
        long readApicBase();

        /** @throws CpuException #GP for a value the APIC refuses */
        void writeApicBase(long value);

        long readTscDeadline();

        void writeTscDeadline(long value);
    }

    /** Everything the MSRs hold, for state export. */
    record State(long tscOffset, long tscAux, long sysenterCs, long sysenterEsp, long sysenterEip, long miscEnable,
                 long pat, long mtrrDefType, long[] mtrrFixed, long[] mtrrVariable, long star, long lstar, long cstar,
                 long sfmask, long kernelGsBase, long apicBase, long syscfg) {
    }

    private final X86Core cpu;
    long tscOffset;
    long tscAux;
    long sysenterCs, sysenterEsp, sysenterEip;
    long star, lstar, cstar, sfmask, kernelGsBase;
    private long miscEnable;
    private long pat;
    private long mtrrDefType;
    private long syscfg;
    /** FIX64K_00000, FIX16K_80000, FIX16K_A0000, FIX4K_C0000..F8000. */
    private final long[] mtrrFixed = new long[11];
    /** PHYSBASE0, PHYSMASK0, ... PHYSBASE7, PHYSMASK7. */
    private final long[] mtrrVariable = new long[2 * VARIABLE_MTRRS];
    private long apicBase = APIC_BASE_RESET;
    private ApicMsrs apic;

    Msrs(X86Core cpu) {
        this.cpu = cpu;
        reset();
    }

    /** Power-on values (TSC_AUX, the SYSCALL MSRs and the MTRRs are 0; INIT keeps MTRRs, which jemu does not model). */
    void reset() {
        tscAux = sysenterCs = sysenterEsp = sysenterEip = 0;
        star = lstar = cstar = sfmask = kernelGsBase = 0;
        miscEnable = MISC_ENABLE_RESET;
        pat = PAT_RESET;
        mtrrDefType = 0;
        syscfg = 0;
        Arrays.fill(mtrrFixed, 0);
        Arrays.fill(mtrrVariable, 0);
        apicBase = APIC_BASE_RESET;
    }

    void setApic(ApicMsrs handler) {
        this.apic = handler;
    }

    long tsc() {
        return cpu.clockNs() + tscOffset;
    }

    long read(int msr) {
        return switch (msr) {
            case TSC -> tsc();
            case APIC_BASE -> apic != null ? apic.readApicBase() : apicBase;
            case TSC_DEADLINE -> {
                if (apic == null) throw CpuException.gp0();
                yield apic.readTscDeadline();
            }
            case UCODE_REV -> UCODE_REV_VALUE;
            case MTRR_CAP -> MTRR_CAP_VALUE;
            case SYSENTER_CS -> sysenterCs;
            case SYSENTER_ESP -> sysenterEsp;
            case SYSENTER_EIP -> sysenterEip;
            case MISC_ENABLE -> miscEnable;
            case PAT -> pat;
            case MTRR_DEF_TYPE -> mtrrDefType;
            case EFER -> cpu.mmu.efer();
            case STAR -> star;
            case LSTAR -> lstar;
            case CSTAR -> cstar;
            case SFMASK -> sfmask;
            case FS_BASE -> cpu.segs[Segmentation.FS].base();
            case GS_BASE -> cpu.segs[Segmentation.GS].base();
            case KERNEL_GS_BASE -> kernelGsBase;
            case TSC_AUX -> tscAux;
            case SYSCFG -> syscfg;
            default -> {
                int fixed = fixedIndex(msr);
                if (fixed >= 0) yield mtrrFixed[fixed];
                if (msr >= MTRR_PHYS_BASE0 && msr < MTRR_PHYS_BASE0 + 2 * VARIABLE_MTRRS) {
                    yield mtrrVariable[msr - MTRR_PHYS_BASE0];
                }
                throw CpuException.gp0();
            }
        };
    }

    void write(int msr, long v) {
        switch (msr) {
            case TSC -> tscOffset = v - cpu.clockNs();
            case APIC_BASE -> {
                if (apic != null) {
                    apic.writeApicBase(v);
                } else {
                    // base bits 12-39 (MAXPHYADDR 40, CPUID 0x80000008), BSP (8), enable (11)
                    if ((v & ~(PHYS_ADDRESS_MASK | 0x900L)) != 0) throw CpuException.gp0();
                    apicBase = v;
                }
            }
            case TSC_DEADLINE -> {
                if (apic == null) throw CpuException.gp0();
                apic.writeTscDeadline(v);
            }
            case UCODE_REV -> {
                // writing triggers a microcode update on hardware; QEMU ignores it too
            }
            case SYSENTER_CS -> sysenterCs = v & 0xffff_ffffL;
            case SYSENTER_ESP -> sysenterEsp = canonical(v);
            case SYSENTER_EIP -> sysenterEip = canonical(v);
            case MISC_ENABLE -> miscEnable = v;
            case PAT -> {
                for (int i = 0; i < 8; i++) {
                    long t = (v >>> (8 * i)) & 0xff;
                    if (!validMtrrType(t) && t != 7) throw CpuException.gp0();
                }
                pat = v;
            }
            case MTRR_DEF_TYPE -> {
                if ((v & ~0xcffL) != 0 || !validMtrrType(v & 0xff)) throw CpuException.gp0();
                mtrrDefType = v;
            }
            case EFER -> writeEfer(v);
            case STAR -> star = v;
            case LSTAR -> lstar = canonical(v);
            case CSTAR -> cstar = canonical(v);
            case SFMASK -> sfmask = v & 0xffff_ffffL;
            case FS_BASE -> cpu.segs[Segmentation.FS].setBase(canonical(v));
            case GS_BASE -> cpu.segs[Segmentation.GS].setBase(canonical(v));
            case KERNEL_GS_BASE -> kernelGsBase = canonical(v);
            case TSC_AUX -> {
                if ((v >>> 32) != 0) throw CpuException.gp0();
                tscAux = v;
            }
            case SYSCFG -> {
                if ((v >>> 32) != 0) throw CpuException.gp0();
                syscfg = v;
            }
            default -> {
                int fixed = fixedIndex(msr);
                if (fixed >= 0) {
                    for (int i = 0; i < 8; i++) {
                        if (!validMtrrType((v >>> (8 * i)) & 0xff)) throw CpuException.gp0();
                    }
                    mtrrFixed[fixed] = v;
                } else if (msr >= MTRR_PHYS_BASE0 && msr < MTRR_PHYS_BASE0 + 2 * VARIABLE_MTRRS) {
                    boolean base = (msr & 1) == 0;
                    // MAXPHYADDR 40 (as CPUID 0x80000008 says): base = type | address; mask = valid (bit 11) | address
                    long reserved = base ? ~(PHYS_ADDRESS_MASK | 0xff) : ~(PHYS_ADDRESS_MASK | 1L << 11);
                    if ((v & reserved) != 0 || base && !validMtrrType(v & 0xff)) throw CpuException.gp0();
                    mtrrVariable[msr - MTRR_PHYS_BASE0] = v;
                } else {
                    throw CpuException.gp0();
                }
            }
        }
    }

    private void writeEfer(long v) {
        long allowed = X86Core.EFER_SCE | X86Core.EFER_LME | X86Core.EFER_NXE;
        if ((v & ~(allowed | X86Core.EFER_LMA)) != 0) throw CpuException.gp0();
        long old = cpu.mmu.efer();
        // LME may not change while paging is on (SDM 9.8.5)
        if (((old ^ v) & X86Core.EFER_LME) != 0 && (cpu.mmu.cr0() & X86Core.CR0_PG) != 0) throw CpuException.gp0();
        cpu.mmu.setEfer((v & allowed) | (old & X86Core.EFER_LMA));
        cpu.refreshMode();
    }

    /** The index into {@link #mtrrFixed} of a fixed-range MTRR, or -1. */
    private static int fixedIndex(int msr) {
        if (msr == MTRR_FIX64K) return 0;
        if (msr == MTRR_FIX16K_80000) return 1;
        if (msr == MTRR_FIX16K_A0000) return 2;
        if (msr >= MTRR_FIX4K_C0000 && msr < MTRR_FIX4K_C0000 + 8) return 3 + msr - MTRR_FIX4K_C0000;
        return -1;
    }

    private static long canonical(long v) {
        if (!Segmentation.isCanonical(v)) throw CpuException.gp0();
        return v;
    }

    /** The MSRs a state export carries (see X86ArchState.msrs): all but EFER, FS/GS base and the APIC's. */
    static final int[] EXPORTED = {TSC, SYSENTER_CS, SYSENTER_ESP, SYSENTER_EIP, MISC_ENABLE, PAT, MTRR_DEF_TYPE,
        MTRR_FIX64K, MTRR_FIX16K_80000, MTRR_FIX16K_A0000, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f,
        0x200, 0x201, 0x202, 0x203, 0x204, 0x205, 0x206, 0x207, 0x208, 0x209, 0x20a, 0x20b, 0x20c, 0x20d, 0x20e, 0x20f,
        STAR, LSTAR, CSTAR, SFMASK, KERNEL_GS_BASE, TSC_AUX};

    java.util.Map<Integer, Long> export() {
        java.util.Map<Integer, Long> m = new java.util.LinkedHashMap<>();
        for (int msr : EXPORTED) m.put(msr, read(msr));
        return m;
    }

    /** Loads exported MSRs (the TSC keeps counting from the imported value on this core's clock). */
    void importAll(java.util.Map<Integer, Long> values) {
        values.forEach(this::write);
    }

    State state() {
        return new State(tscOffset, tscAux, sysenterCs, sysenterEsp, sysenterEip, miscEnable, pat, mtrrDefType,
                mtrrFixed.clone(), mtrrVariable.clone(), star, lstar, cstar, sfmask, kernelGsBase,
                apic != null ? apic.readApicBase() : apicBase, syscfg);
    }

    void restore(State s) {
        tscOffset = s.tscOffset();
        tscAux = s.tscAux();
        sysenterCs = s.sysenterCs();
        sysenterEsp = s.sysenterEsp();
        sysenterEip = s.sysenterEip();
        miscEnable = s.miscEnable();
        syscfg = s.syscfg();
        pat = s.pat();
        mtrrDefType = s.mtrrDefType();
        System.arraycopy(s.mtrrFixed(), 0, mtrrFixed, 0, mtrrFixed.length);
        System.arraycopy(s.mtrrVariable(), 0, mtrrVariable, 0, mtrrVariable.length);
        star = s.star();
        lstar = s.lstar();
        cstar = s.cstar();
        sfmask = s.sfmask();
        kernelGsBase = s.kernelGsBase();
        apicBase = s.apicBase();
    }
}
