package org.jemu.cpu.x86.internal.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemorySystem;

/**
 * Test support for the CPU differential tester: a tiny long-mode machine around one {@link X86Core}, set up directly
 * through the core's package-private state (no firmware). RAM: 64 KiB at 0 for the system structures and 192 KiB at
 * {@link SeqLayout#BASE} for the code, data and stack blocks, identity-mapped by 4-level page tables (a 2 MiB page
 * for the system structures, user/writable 4 KiB pages for the blocks). The sequence runs at CPL 3 in a 64-bit code segment (selector 0x33, SS 0x2b, DS/ES/FS/GS null, as
 * on Linux), with IF set. Every exception vector 0..31 has a 64-bit interrupt gate to a one-byte HLT at
 * {@code HANDLERS + vector} at CPL 0, with the stack switched to RSP0 from a 64-bit TSS; the sequence is followed by
 * a HLT, which at CPL 3 raises #GP, so a sequence that completes stops in the #GP handler with the exception frame
 * pointing at the HLT. The frame gives RIP, RSP and RFLAGS at the end or at a fault; the other registers are as the
 * handler found them.
 */
final class LongModeMachine implements AutoCloseable {
    static final long PML4 = 0x1000;
    static final long PDPT = 0x2000;
    static final long PD = 0x3000;
    static final long GDT = 0x4000;
    static final long IDT = 0x5000;
    static final long TSS = 0x6000;
    static final long HANDLERS = 0x7000;
    static final long KERNEL_STACK = 0x9000;
    static final long PT = 0xa000;
    static final int USER_CS = 0x33;
    static final int USER_DS = 0x2b;

    /** What jemu did: the vector that stopped it (-1: no exception handler reached), its RIP, the final state. */
    record Outcome(int vector, String detail, long rip, long[] regs, long rflags, byte[] memory, long cr2) {
    }

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion low = MemoryRegion.ram("low", 0x1_0000);
    private final MemoryRegion high = MemoryRegion.ram("blocks", 0x3_0000);
    private final MemorySegment lowMem = low.ramBlock().segment();
    private final MemorySegment highMem = high.ramBlock().segment();
    final X86Core cpu;

    LongModeMachine() {
        MemoryRegion root = MemoryRegion.container("system", 0);
        root.addSubregion(0, low);
        root.addSubregion(SeqLayout.BASE, high);
        AddressSpace memory = system.createAddressSpace("memory", root);
        AddressSpace io = system.createAddressSpace("io", MemoryRegion.container("io", 0x1_0000));
        cpu = new X86Core(memory, io);
        // page tables: PML4[0] -> PDPT[0] -> PD; PD[0] maps 0..2 MiB, PD[128] maps 256 MiB..+2 MiB (2 MiB pages)
        put64(PML4, PDPT | 7);
        put64(PDPT, PD | 7);
        put64(PD, 0x83); // supervisor-only: user accesses to the system structures fault
        put64(PD + 8 * (SeqLayout.BASE >>> 21), PT | 7); // 4 KiB pages for the blocks
        for (int i = 0; i < 0x30; i++) put64(PT + 8L * i, SeqLayout.BASE + 0x1000L * i | 7); // the rest: not present
        // GDT: 0x08 kernel code (64-bit), 0x10 kernel data, 0x28 user data, 0x30 user code (64-bit)
        put64(GDT + 0x08, 0x00af_9b00_0000_ffffL);
        put64(GDT + 0x10, 0x00cf_9300_0000_ffffL);
        put64(GDT + 0x28, 0x00cf_f300_0000_ffffL);
        put64(GDT + 0x30, 0x00af_fb00_0000_ffffL);
        for (int v = 0; v < 32; v++) {
            long offset = HANDLERS + v;
            long lo = (offset & 0xffff) | (0x08L << 16) | (0x8eL << 40) | ((offset >>> 16) & 0xffff) << 48;
            put64(IDT + 16L * v, lo);
            put64(IDT + 16L * v + 8, offset >>> 32);
            lowMem.set(ValueLayout.JAVA_BYTE, HANDLERS + v, (byte) 0xF4);
        }
        put64(TSS + 4, KERNEL_STACK);
        lowMem.set(ValueLayout.JAVA_SHORT_UNALIGNED, TSS + 0x66, (short) 0x68); // no I/O bitmap: IN/OUT at CPL 3 fault
    }

    private void put64(long address, long value) {
        lowMem.set(ValueLayout.JAVA_LONG_UNALIGNED, address, value);
    }

    private long get64(long address) {
        return lowMem.get(ValueLayout.JAVA_LONG_UNALIGNED, address);
    }

    /** Loads the sequence, its registers, RFLAGS and memory into a fresh CPL-3 long-mode state. */
    void load(byte[] code, long[] regs, long rflags, byte[] memory) {
        MemorySegment.copy(MemorySegment.ofArray(code), 0, highMem, SeqLayout.CODE - SeqLayout.BASE, code.length);
        highMem.set(ValueLayout.JAVA_BYTE, SeqLayout.CODE - SeqLayout.BASE + code.length, (byte) 0xF4);
        cpu.codeModified(); // the code was written straight into RAM, behind the CPU's decoded-instruction cache
        MemorySegment.copy(MemorySegment.ofArray(memory), 0, highMem, SeqLayout.DATA - SeqLayout.BASE,
                SeqLayout.DATA_SIZE);
        MemorySegment.copy(MemorySegment.ofArray(memory), SeqLayout.DATA_SIZE, highMem,
                SeqLayout.STACK - SeqLayout.BASE, SeqLayout.STACK_SIZE);
        X86Core c = cpu;
        c.mmu.setState(0x8001_0033L, PML4, 0x6a0, 0xd00); // PG WP NE ET MP PE; OSXMMEXCPT OSFXSR PGE PAE; NXE LMA LME
        c.seg.setGdt(GDT, 0x3f);
        c.seg.tr().set(0x40, TSS, 0x67, 0x8b00);
        c.idtBase = IDT;
        c.idtLimit = 32 * 16 - 1;
        c.segs[Segmentation.CS].set(USER_CS, 0, 0xffff_ffffL, 0xa0fb00);
        c.segs[Segmentation.SS].set(USER_DS, 0, 0xffff_ffffL, 0xc0f300);
        for (int s : new int[] {Segmentation.DS, Segmentation.ES, Segmentation.FS, Segmentation.GS}) {
            c.segs[s].set(0, 0, 0, 0); // null (unusable), as in a 64-bit Linux process: ignored in 64-bit mode
        }
        c.cpl = 3;
        System.arraycopy(regs, 0, c.regs, 0, 16);
        c.rip = SeqLayout.CODE;
        c.setRflags(rflags);
        c.halted = false;
        c.interruptShadow = false;
        c.cr2 = 0;
    }

    /** Runs at most {@code budget} instructions and reports where and how the CPU stopped. */
    Outcome run(long budget) {
        X86Core.Exit exit = cpu.run(budget);
        long[] regs = cpu.regs.clone();
        byte[] memory = new byte[SeqLayout.DATA_SIZE + SeqLayout.STACK_SIZE];
        MemorySegment.copy(highMem, SeqLayout.DATA - SeqLayout.BASE, MemorySegment.ofArray(memory), 0,
                SeqLayout.DATA_SIZE);
        MemorySegment.copy(highMem, SeqLayout.STACK - SeqLayout.BASE, MemorySegment.ofArray(memory),
                SeqLayout.DATA_SIZE, SeqLayout.STACK_SIZE);
        long vector = cpu.rip - HANDLERS - 1;
        if (exit != X86Core.Exit.HALT || vector < 0 || vector >= 32) {
            return new Outcome(-1, exit + " " + cpu.exitDetail() + " at rip " + Long.toHexString(cpu.rip) + " "
                    + cpu.lastInstruction(), cpu.rip, regs, cpu.rflags(), memory, cpu.cr2);
        }
        int v = (int) vector;
        boolean errorCode = v == 8 || (v >= 10 && v <= 14) || v == 17;
        long frame = KERNEL_STACK - 40 - (errorCode ? 8 : 0);
        long rip = get64(frame + (errorCode ? 8 : 0));
        long rflags = get64(frame + (errorCode ? 24 : 16));
        regs[4] = get64(frame + (errorCode ? 32 : 24));
        String detail = errorCode ? "error code " + Long.toHexString(get64(frame)) : "";
        if (v == 14) detail += " cr2 " + Long.toHexString(cpu.cr2);
        return new Outcome(v, detail, rip, regs, rflags, memory, cpu.cr2);
    }

    @Override
    public void close() {
        low.ramBlock().close();
        high.ramBlock().close();
    }
}
