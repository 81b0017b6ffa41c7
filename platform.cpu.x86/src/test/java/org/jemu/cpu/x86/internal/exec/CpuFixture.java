package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.MemorySystem;

/**
 * A bare machine for single-instruction tests: 2 MiB of RAM at 0, a recording port-I/O space, and an {@link X86Core}
 * put straight into real mode, flat 32-bit protected mode or 64-bit long mode with identity paging (no ROM). Every
 * exception vector has its own handler stub at {@link #HANDLERS} + 16 * vector, so a delivered exception is seen
 * architecturally: RIP lands in the stub and the frame is on the stack.
 *
 * <p>Memory map (linear = physical): IVT 0; GDT {@link #GDT}; TSS {@link #TSS} (ESP0/RSP0 = {@link #STACK0}, I/O
 * bitmap allowing only ports 0x60-0x67); IDT {@link #IDT}; handler stubs {@link #HANDLERS}; code {@link #CODE};
 * data from {@link #DATA}; stack top {@link #STACK}; long-mode page tables at {@link #PML4}. In long mode every page
 * of the first 2 MiB is mapped present/writable/user except {@link #PAGE_ABSENT} (not present), {@link #PAGE_RO}
 * (read-only), {@link #PAGE_SUPER} (supervisor only) and {@link #PAGE_NX} (no-execute); CR0.WP is set.
 */
final class CpuFixture implements AutoCloseable {

    enum Mode { REAL, PROT32, LONG64 }

    static final long GDT = 0x500, TSS = 0x600, IDT = 0x1000, HANDLERS = 0x3000, CODE = 0x7000, DATA = 0x8000;
    static final long STACK = 0xE000, STACK0 = 0xF800, PML4 = 0x20000;
    static final long PAGE_ABSENT = 0x50000, PAGE_RO = 0x51000, PAGE_SUPER = 0x52000, PAGE_NX = 0x53000;
    /** Selectors of the GDT. */
    static final int SEL_CODE32 = 0x08, SEL_DATA = 0x10, SEL_CODE64 = 0x18, SEL_UCODE32 = 0x23, SEL_UDATA = 0x2b,
            SEL_UCODE64 = 0x33, SEL_CODE16 = 0x38, SEL_TSS = 0x40, SEL_DATA_10000 = 0x50, SEL_ABSENT = 0x58;
    /** IDT vector whose gate has DPL 0 (INT n to it from CPL 3 is #GP). */
    static final int VECTOR_DPL0 = 0x40;

    private static final long[] DESCRIPTORS = {
        0,
        0x00CF9B000000FFFFL, // 08 code32 DPL0
        0x00CF93000000FFFFL, // 10 data DPL0
        0x00AF9B000000FFFFL, // 18 code64 DPL0
        0x00CFFB000000FFFFL, // 20 code32 DPL3
        0x00CFF3000000FFFFL, // 28 data DPL3
        0x00AFFB000000FFFFL, // 30 code64 DPL3
        0x00009B000000FFFFL, // 38 code16 DPL0
        0x0000890006000000L | 0xff, // 40 TSS at 0x600, limit 0xff (available)
        0, // 48 upper half of the TSS in long mode
        0x0040930100000FFFL, // 50 data32 base 0x10000 limit 0xfff
        0x00CF13000000FFFFL, // 58 data, not present
    };

    final MemorySystem system = new MemorySystem();
    final MemoryRegion root = MemoryRegion.container("system", 0);
    final AddressSpace memory = system.createAddressSpace("memory", root);
    final MemoryRegion ram = MemoryRegion.ram("ram", 2L << 20);
    final MemoryRegion ioRoot = MemoryRegion.container("io", 0x10000);
    final AddressSpace io = system.createAddressSpace("io", ioRoot);
    /** Port accesses in order: "r60/1" for a read, "w80/2=1234" for a write. */
    final List<String> ioLog = new ArrayList<>();
    /** What a read of a port returns (default all ones, as from an empty bus). */
    final Map<Integer, Long> portValues = new HashMap<>();
    final X86Core cpu;
    Mode mode;

    CpuFixture() {
        root.addSubregion(0, ram);
        ioRoot.addSubregion(0, MemoryRegion.io("ports", 0x10000, new MemoryRegionOps() {
            @Override
            public long read(long port, int size) {
                ioLog.add("r" + Long.toHexString(port) + "/" + size);
                return portValues.getOrDefault((int) port, -1L) & LazyFlags.mask(size * 8);
            }

            @Override
            public void write(long port, int size, long value) {
                ioLog.add("w" + Long.toHexString(port) + "/" + size + "=" + Long.toHexString(value & LazyFlags.mask(size * 8)));
            }
        }));
        cpu = new X86Core(memory, io);
    }

    void put(long address, int size, long value) {
        memory.write(address, size, value);
    }

    long get(long address, int size) {
        return memory.read(address, size) & LazyFlags.mask(size * 8);
    }

    /** Puts the CPU into {@code mode} at CPL 0 with RIP = {@link #CODE}, RSP = {@link #STACK}, RFLAGS = 2. */
    void enter(Mode m) {
        this.mode = m;
        cpu.reset();
        for (long a = HANDLERS; a < HANDLERS + 0x1000; a++) put(a, 1, 0xf4); // HLT
        for (int i = 0; i < DESCRIPTORS.length; i++) put(GDT + 8L * i, 8, DESCRIPTORS[i]);
        cpu.seg.setGdt(GDT, DESCRIPTORS.length * 8 - 1);
        if (m == Mode.LONG64) {
            put(TSS + 4, 8, STACK0); // RSP0 of the 64-bit TSS
        } else {
            put(TSS + 4, 4, STACK0); // ESP0 and SS0 of the 32-bit TSS
            put(TSS + 8, 2, SEL_DATA);
        }
        put(TSS + 0x66, 2, 0x68); // I/O map base
        for (long a = TSS + 0x68; a < TSS + 0x100; a++) put(a, 1, 0xff);
        put(TSS + 0x68 + 0x60 / 8, 1, 0); // ports 0x60-0x67 allowed
        cpu.setRflags(X86Core.FL_RESERVED1);
        cpu.rip = CODE;
        cpu.regs[4] = STACK;
        switch (m) {
            case REAL -> {
                for (int v = 0; v < 256; v++) put(4L * v, 4, HANDLERS + 16L * v); // segment 0
                for (int s = 0; s < 6; s++) cpu.segs[s].set(0, 0, 0xffff, s == Segmentation.CS ? 0x9b00 : 0x9300);
                cpu.idtBase = 0;
                cpu.idtLimit = 0x3ff;
                cpu.mmu.setState(0x10, 0, 0, 0);
            }
            case PROT32 -> {
                for (int v = 0; v < 256; v++) {
                    long off = HANDLERS + 16L * v;
                    int dpl = v == VECTOR_DPL0 ? 0 : 3;
                    put(IDT + 8L * v, 8, gateLow(off, SEL_CODE32, dpl));
                }
                cpu.idtBase = IDT;
                cpu.idtLimit = 0x7ff;
                cpu.mmu.setState(0x11, 0, 0, 0);
                loadFlat(SEL_CODE32, SEL_DATA, 0);
                cpu.seg.tr().set(SEL_TSS, TSS, 0xff, 0x8b00); // busy 32-bit TSS
            }
            case LONG64 -> {
                for (int v = 0; v < 256; v++) {
                    long off = HANDLERS + 16L * v;
                    int dpl = v == VECTOR_DPL0 ? 0 : 3;
                    put(IDT + 16L * v, 8, gateLow(off, SEL_CODE64, dpl));
                    put(IDT + 16L * v + 8, 8, off >>> 32);
                }
                cpu.idtBase = IDT;
                cpu.idtLimit = 0xfff;
                put(PML4, 8, (PML4 + 0x1000) | 7);
                put(PML4 + 0x1000, 8, (PML4 + 0x2000) | 7);
                put(PML4 + 0x2000, 8, (PML4 + 0x3000) | 7);
                for (long p = 0; p < 512; p++) put(PML4 + 0x3000 + 8 * p, 8, (p << 12) | 7);
                pte(PAGE_ABSENT, 0);
                pte(PAGE_RO, PAGE_RO | 5);
                pte(PAGE_SUPER, PAGE_SUPER | 3);
                pte(PAGE_NX, PAGE_NX | 7 | (1L << 63));
                cpu.mmu.setState(0x8001_0011L, PML4, 0x20, X86Core.EFER_LME | X86Core.EFER_LMA | X86Core.EFER_NXE);
                loadFlat(SEL_CODE64, SEL_DATA, 0);
                cpu.seg.tr().set(SEL_TSS, TSS, 0xff, 0x8b00); // busy 64-bit TSS
            }
        }
    }

    /** Sets the page-table entry of the 4 KiB page holding {@code linear} (below 2 MiB, long mode). */
    void pte(long linear, long entry) {
        put(PML4 + 0x3000 + 8 * (linear >>> 12), 8, entry);
        cpu.mmu.flushTlb();
    }

    /** Switches to CPL 3 with the user code and data segments of the current mode. */
    void enterCpl3() {
        loadFlat(mode == Mode.LONG64 ? SEL_UCODE64 : SEL_UCODE32, SEL_UDATA, 3);
    }

    private void loadFlat(int code, int data, int cpl) {
        cpu.cpl = cpl;
        cpu.segs[Segmentation.CS].setFromDescriptor(code, descriptor(code) | (1L << 40));
        for (int s : new int[] {Segmentation.ES, Segmentation.SS, Segmentation.DS, Segmentation.FS, Segmentation.GS}) {
            cpu.segs[s].setFromDescriptor(data, descriptor(data) | (1L << 40));
        }
        cpu.refreshMode();
    }

    static long descriptor(int selector) {
        return DESCRIPTORS[selector >>> 3];
    }

    private static long gateLow(long offset, int selector, int dpl) {
        return (offset & 0xffff) | ((long) selector << 16) | ((0x8EL | (dpl << 5)) << 40) | (((offset >>> 16) & 0xffff) << 48);
    }

    /** Loads a segment register the way the current mode does (real: selector * 16; else through the GDT). */
    void loadSegment(int segReg, int selector) {
        if (mode == Mode.REAL) {
            Segmentation.loadReal(cpu.segs[segReg], selector);
        } else {
            cpu.seg.loadSegment(cpu.segs[segReg], segReg, selector, cpu.cpl, mode == Mode.LONG64);
        }
    }

    @Override
    public void close() {
        ram.ramBlock().close();
    }
}
