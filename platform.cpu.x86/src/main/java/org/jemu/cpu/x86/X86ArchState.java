package org.jemu.cpu.x86;

import java.util.List;
import java.util.Objects;

import org.jemu.core.accel.CpuArchState;

/**
 * An x86-64 CPU's architectural state as a plain value: what one accelerator exports and another imports when the
 * accelerator is swapped while the guest runs (x87/SSE state comes with part 2 of the CPU).
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
 */
public record X86ArchState(List<Long> gpr, long rip, long rflags, List<Segment> segments, Segment ldtr, Segment tr,
                           long gdtBase, int gdtLimit, long idtBase, int idtLimit,
                           long cr0, long cr2, long cr3, long cr4, long cr8, long efer, int cpl, boolean halted)
        implements CpuArchState {

    public X86ArchState {
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
}
