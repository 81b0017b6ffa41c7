package org.jemu.cpu.x86;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jemu.core.accel.CpuArchState;

/**
 * An x86-64 CPU's architectural state as a plain value: what one accelerator exports and another imports when the
 * accelerator is swapped while the guest runs: registers, segments, control registers, and the x87, SSE, MSR and
 * local APIC state. A part that is null (or an empty MSR map) was not captured and is left alone on import.
 *
 * @param gpr      RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8..R15
 * @param rip      instruction pointer
 * @param rflags   flags
 * @param segments ES, CS, SS, DS, FS, GS
 * @param ldtr     LDT register
 * @param tr       task register
 * @param gdtBase  GDTR base
 * @param gdtLimit GDTR limit
 * @param idtBase  IDTR base
 * @param idtLimit IDTR limit
 * @param cr0      CR0
 * @param cr2      CR2
 * @param cr3      CR3
 * @param cr4      CR4
 * @param cr8      CR8 (TPR)
 * @param efer     EFER
 * @param cpl      current privilege level
 * @param halted   whether the CPU is in HLT
 * @param fpu      the x87 state, or null
 * @param sse      the SSE state, or null
 * @param msrs     MSR number -> value for the MSRs not held elsewhere here (TSC, SYSENTER_*, STAR..SFMASK,
 *                 KERNEL_GS_BASE, TSC_AUX, PAT, MTRRs, MISC_ENABLE); EFER, FS/GS base and the APIC's MSRs are in
 *                 their own fields
 * @param apic     the local APIC state, or null (no APIC, or not captured)
 */
public record X86ArchState(List<Long> gpr, long rip, long rflags, List<Segment> segments, Segment ldtr, Segment tr,
                           long gdtBase, int gdtLimit, long idtBase, int idtLimit,
                           long cr0, long cr2, long cr3, long cr4, long cr8, long efer, int cpl, boolean halted,
                           Fpu fpu, Sse sse, Map<Integer, Long> msrs, Apic apic)
        implements CpuArchState {

    /** The integer-unit state alone (no x87, SSE, MSR or APIC part). */
    public X86ArchState(List<Long> gpr, long rip, long rflags, List<Segment> segments, Segment ldtr, Segment tr,
                        long gdtBase, int gdtLimit, long idtBase, int idtLimit,
                        long cr0, long cr2, long cr3, long cr4, long cr8, long efer, int cpl, boolean halted) {
        this(gpr, rip, rflags, segments, ldtr, tr, gdtBase, gdtLimit, idtBase, idtLimit, cr0, cr2, cr3, cr4, cr8, efer,
                cpl, halted, null, null, Map.of(), null);
    }

    public X86ArchState {
        msrs = msrs == null ? Map.of() : Map.copyOf(msrs);
        gpr = List.copyOf(gpr);
        segments = List.copyOf(segments);
        if (gpr.size() != 16) throw new IllegalArgumentException("16 general registers expected");
        if (segments.size() != 6) throw new IllegalArgumentException("6 segment registers expected");
        Objects.requireNonNull(ldtr, "ldtr");
        Objects.requireNonNull(tr, "tr");
    }

    @Override
    public String architecture() {
        return "x86_64";
    }

    /**
     * A segment register with its hidden part: selector, base, limit (bytes) and the descriptor attributes as bits
     * 8..23 (type, S, DPL, P, AVL, L, D/B, G: bits 40..55 of the descriptor shifted down by 32).
     */
    public record Segment(int selector, long base, long limit, int flags) {
    }

    /**
     * The x87 FPU: control word, status word (with TOP), full 16-bit tag word, last opcode, last instruction and
     * operand pointers with their selectors, and the physical registers R0-R7 as sign+exponent (16 bits) and
     * 64-bit significand.
     */
    public record Fpu(int fcw, int fsw, int ftw, int fop, long fip, int fcs, long fdp, int fds,
                      List<Integer> signExponent, List<Long> significand) {
        public Fpu {
            signExponent = List.copyOf(signExponent);
            significand = List.copyOf(significand);
            if (signExponent.size() != 8 || significand.size() != 8) throw new IllegalArgumentException("8 registers expected");
        }
    }

    /** SSE: XMM0-XMM15 as 32 quadwords (low, high of each) and MXCSR. */
    public record Sse(List<Long> xmm, int mxcsr) {
        public Sse {
            xmm = List.copyOf(xmm);
            if (xmm.size() != 32) throw new IllegalArgumentException("32 quadwords expected");
        }
    }

    /**
     * The local APIC: APIC_BASE, ID, TPR, SVR, LDR, DFR, the ISR/TMR/IRR bitmaps (8 words each), the six LVT entries
     * (timer, thermal, performance, LINT0, LINT1, error), ESR (latched and pending), ICR, the timer (divide
     * configuration, initial count, and its load, next-tick and expiry times on the machine's virtual clock in ns),
     * TSC deadline, the LINT levels, the wait-for-SIPI state and pending events.
     */
    public record Apic(long apicBase, int id, int tpr, int svr, int ldr, int dfr, List<Integer> isr, List<Integer> tmr,
                       List<Integer> irr, List<Integer> lvt, int esr, int esrPending, int icrLow, int icrHigh,
                       int timerDivide, long timerInitialCount, long timerLoadNs, long timerNextNs, long timerExpiryNs,
                       long tscDeadline, boolean lint0, boolean lint1, boolean waitForSipi, int sipiVector, int events) {
        public Apic {
            isr = List.copyOf(isr);
            tmr = List.copyOf(tmr);
            irr = List.copyOf(irr);
            lvt = List.copyOf(lvt);
        }
    }
}
