package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.apic.LocalApic;

import org.jemu.cpu.x86.internal.alu.LazyFlags;
import org.jemu.cpu.x86.internal.alu.WideResult;
import org.jemu.cpu.x86.internal.decode.ByteSource;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.decode.Decoder;
import org.jemu.cpu.x86.internal.decode.FetchFault;
import org.jemu.cpu.x86.internal.decode.Op;
import org.jemu.cpu.x86.internal.mmu.CpuException;
import org.jemu.cpu.x86.internal.mmu.Mmu;
import org.jemu.cpu.x86.internal.mmu.PageWalker;
import org.jemu.cpu.x86.internal.mmu.SegmentCache;
import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.jemu.memory.AddressSpace;

/**
 * The software x86 CPU's architectural state and execution loop: registers, RFLAGS (arithmetic flags lazily in
 * {@link LazyFlags}), segment caches, control registers through the {@link Mmu}, and the fetch-decode-execute loop
 * that turns guest faults into exception delivery. Instruction semantics are in {@link Exec} (the x87 FPU in
 * {@link X87Unit}), event delivery in {@link Interrupts}. One per vCPU; used by its thread only.
 */
public final class X86Core {

    // RFLAGS bits the core keeps outside LazyFlags
    public static final long FL_RESERVED1 = 1L << 1;
    public static final long FL_TF = 1L << 8;
    public static final long FL_IF = 1L << 9;
    public static final long FL_DF = 1L << 10;
    public static final long FL_IOPL = 3L << 12;
    public static final long FL_NT = 1L << 14;
    public static final long FL_RF = 1L << 16;
    public static final long FL_VM = 1L << 17;
    public static final long FL_AC = 1L << 18;
    public static final long FL_ID = 1L << 21;

    public static final long CR0_PE = 1L;
    public static final long CR0_PG = 1L << 31;
    public static final long EFER_LME = 1L << 8;
    public static final long EFER_LMA = 1L << 10;
    public static final long EFER_NXE = 1L << 11;
    public static final long EFER_SCE = 1L;

    final long[] regs = new long[16];
    long rip;
    /** RFLAGS without the six arithmetic flags. */
    long eflags = FL_RESERVED1;
    final LazyFlags flags = new LazyFlags();
    final WideResult wide = new WideResult();
    final SegmentCache[] segs = new SegmentCache[6];
    final Segmentation seg;
    final Mmu mmu;
    final AddressSpace io;
    final Interrupts interrupts;
    /** XMM registers, MXCSR and the SSE/SSE2/MMX instructions. */
    final SseUnit sse;
    final Exec exec;
    /** The x87 FPU. */
    final X87Unit x87;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(X86Core.class);
    private final FastPath fastPath;
    /** The model-specific registers, and the instructions that use them. */
    final Msrs msrs = new Msrs(this);
    final FastSyscall fastSyscall = new FastSyscall(this, msrs);
    static final int DEFAULT_TRANSLATE_THRESHOLD = 50;
    private int translateThreshold = Integer.getInteger("jemu.cpu.translate-threshold", DEFAULT_TRANSLATE_THRESHOLD);
    private boolean translationFailureLogged;
    int cpl;
    long cr2;
    long cr8;
    final long[] dr = new long[8];
    long idtBase;
    int idtLimit = 0xffff;
    /** Instruction after STI / MOV SS / POP SS: no interrupt before it completes. */
    boolean interruptShadow;
    boolean halted;
    /** Set by the board's interrupt line (the PIC's output); read between instructions. */
    volatile boolean intrLine;
    volatile boolean nmiPending;
    /** Non-zero when INTR is high, an NMI is pending or an exit was requested: the loop looks closer only then. */
    private volatile int events;
    private static final int EV_INTR = 1, EV_NMI = 2, EV_EXIT = 4, EV_APIC = 8;
    private volatile LocalApic apic;
    private int initialApicId;
    /** Answers the interrupt acknowledge cycle (the PIC's vector), or -1 when nothing is pending. */
    InterruptAck interruptAck = () -> -1;
    private final long createdNs = System.nanoTime();
    private java.util.function.LongSupplier clock = () -> System.nanoTime() - createdNs;
    /** What run() reports when the guest triple-faults or asks for something the loop must handle. */
    Exit exit = Exit.NONE;
    String exitDetail = "";
    long instructions;
    /** Set from another thread to make {@link #run} return soon (a kick). */
    private volatile boolean exitRequested;
    /** Start of the instruction being executed (for faults: they report it). */
    long currentRip;

    /** The instruction being executed (from the code cache, or {@link #scratch}). */
    DecodedInsn insn = new DecodedInsn();
    private final DecodedInsn scratch = insn;
    private final CodeCache codeCache;
    // the page instructions were last fetched from, valid while the TLB, CPL and memory map are unchanged
    private long fetchPage = -1;
    private long fetchPhys;
    private long fetchFlushes;
    private int fetchCpl;
    private long fetchGeneration;
    private final ByteSource fetch;

    /** Why {@link #run} stopped. */
    public enum Exit { NONE, HALT, TRIPLE_FAULT, BUDGET, UNSUPPORTED }

    /** The interrupt controller's acknowledge: the vector of the highest pending interrupt, or -1. */
    @FunctionalInterface
    public interface InterruptAck {
        int acknowledge();
    }

    public X86Core(AddressSpace memory, AddressSpace io) {
        this.mmu = new Mmu(memory, 40, 10);
        this.io = io;
        this.seg = new Segmentation(mmu);
        for (int i = 0; i < segs.length; i++) segs[i] = new SegmentCache();
        this.interrupts = new Interrupts(this);
        this.sse = new SseUnit(this);
        this.exec = new Exec(this);
        this.fastPath = new FastPath(this);
        this.fetch = address -> mmu.fetchByte(address, Mmu.mmuIndex(cpl));
        this.codeCache = new CodeCache(memory);
        this.x87 = new X87Unit(this);
        sse.setX87(x87.sharing()); // MMX registers alias the x87 registers; FXSAVE images hold both
        reset();
    }

    /** Power-on state (SDM 9.1.1): real mode at F000:FFF0 with CS base FFFF0000. */
    public void reset() {
        java.util.Arrays.fill(regs, 0);
        regs[2] = 0x600; // EDX: family/model/stepping signature
        rip = 0xfff0;
        eflags = FL_RESERVED1;
        flags.load(0);
        for (SegmentCache s : segs) s.set(0, 0, 0xffff, 0x9300);
        segs[Segmentation.CS].set(0xf000, 0xffff0000L, 0xffff, 0x9b00);
        seg.setGdt(0, 0xffff);
        idtBase = 0;
        idtLimit = 0xffff;
        mmu.setState(0x60000010L, 0, 0, 0);
        cpl = 0;
        cr2 = 0;
        cr8 = 0;
        java.util.Arrays.fill(dr, 0);
        dr[6] = 0xffff0ff0L;
        dr[7] = 0x400;
        halted = false;
        interruptShadow = false;
        exit = Exit.NONE;
        msrs.reset();
        sse.reset();
        x87.reset();
        lowerFerr();
        refreshMode();
    }

    /**
     * The clock the time-stamp counter counts (ns); by default the host's monotonic time from this core's creation.
     * Accelerators hand in the machine's virtual clock, which stops while the VM is paused.
     */
    public void setClock(java.util.function.LongSupplier nanos) {
        this.clock = java.util.Objects.requireNonNull(nanos, "nanos");
    }

    long clockNs() {
        return clock.getAsLong();
    }

    /** The time-stamp counter as RDTSC reads it (for the local APIC's TSC-deadline timer). */
    public long tsc() {
        return msrs.tsc();
    }

    public void setInterruptAck(InterruptAck ack) {
        this.interruptAck = ack;
    }

    /** The board's INTR line (level). */
    public void setIntr(boolean level) {
        intrLine = level;
        updateEvents();
    }

    private synchronized void updateEvents() {
        LocalApic a = apic;
        events = (intrLine && a == null ? EV_INTR : 0) | (nmiPending ? EV_NMI : 0) | (exitRequested ? EV_EXIT : 0)
                | (a != null && a.events() != 0 ? EV_APIC : 0);
    }

    /** The A20 gate (masks address bit 20 when disabled, as 8086-era software expects). */
    public void setA20(boolean enabled) {
        mmu.setA20(enabled);
    }

    /** From any thread: makes a running {@link #run} return (as BUDGET) after the current instruction. */
    public void requestExit() {
        exitRequested = true;
        updateEvents();
    }

    /** The FERR# output of the x87 unit (level): asserted for a pending unmasked x87 exception while CR0.NE is clear. */
    @FunctionalInterface
    public interface FerrLine {
        void set(boolean asserted);
    }

    private FerrLine ferrLine = asserted -> { };
    private boolean ferr;

    /** Connects FERR# (on a PC, through the chipset to IRQ 13); by default it goes nowhere. */
    public void setFerrLine(FerrLine line) {
        this.ferrLine = java.util.Objects.requireNonNull(line, "line");
    }

    /** Asserts FERR#: a waiting x87 instruction found a pending unmasked exception with CR0.NE clear. */
    void raiseFerr() {
        if (!ferr) {
            ferr = true;
            ferrLine.set(true);
        }
    }

    /** Deasserts FERR# (FNINIT, FNCLEX, FNSAVE, reset). */
    void lowerFerr() {
        if (ferr) {
            ferr = false;
            ferrLine.set(false);
        }
    }

    /** Whether FERR# is asserted. */
    public boolean ferr() {
        return ferr;
    }

    public void raiseNmi() {
        nmiPending = true;
        updateEvents();
    }

    // ---- modes ---------------------------------------------------------------------------------------------------

    boolean longMode() {
        return (mmu.efer() & EFER_LMA) != 0;
    }

    boolean protectedMode() {
        return (mmu.cr0() & CR0_PE) != 0;
    }

    boolean vm86() {
        return (eflags & FL_VM) != 0;
    }

    /** The code size, refreshed by {@link #refreshMode()} at each instruction and after every CS or mode change. */
    private int codeSize = 16;

    /** The code size of the current CS: 16, 32 or 64. */
    int codeSize() {
        return codeSize;
    }

    /** Recomputes the cached code size from CS, CR0, EFER and RFLAGS.VM. */
    void refreshMode() {
        codeSize = computeCodeSize();
    }

    private int computeCodeSize() {
        SegmentCache cs = segs[Segmentation.CS];
        if (longMode() && cs.longCode()) return 64;
        return cs.big() && protectedMode() && !vm86() ? 32 : 16;
    }

    /** Full RFLAGS. */
    public long rflags() {
        return flags.materialize(eflags);
    }

    void setRflags(long value) {
        flags.load(value);
        eflags = (value & ~LazyFlags.STATUS) | FL_RESERVED1;
        refreshMode();
    }

    // ---- registers ----------------------------------------------------------------------------------------------

    /** Reads a general register of {@code size} bytes; AH..BH are {@code HIGH8 | 0..3}. */
    long reg(int r, int size) {
        if ((r & DecodedInsn.HIGH8) != 0) return (regs[r & 3] >>> 8) & 0xff;
        long v = regs[r];
        return switch (size) {
            case 1 -> v & 0xff;
            case 2 -> v & 0xffff;
            case 4 -> v & 0xffff_ffffL;
            default -> v;
        };
    }

    /** Writes a general register: 8/16-bit writes merge, 32-bit writes zero-extend (as in 64-bit mode). */
    void setReg(int r, int size, long value) {
        if ((r & DecodedInsn.HIGH8) != 0) {
            int i = r & 3;
            regs[i] = (regs[i] & ~0xff00L) | ((value & 0xff) << 8);
            return;
        }
        switch (size) {
            case 1 -> regs[r] = (regs[r] & ~0xffL) | (value & 0xff);
            case 2 -> regs[r] = (regs[r] & ~0xffffL) | (value & 0xffff);
            case 4 -> regs[r] = value & 0xffff_ffffL;
            default -> regs[r] = value;
        }
    }

    public long register(int r) {
        return regs[r];
    }

    public void setRegister(int r, long v) {
        regs[r] = v;
    }

    public long rip() {
        return rip;
    }

    public long instructions() {
        return instructions;
    }

    // ---- memory through segments -------------------------------------------------------------------------------

    int mmuIdx() {
        return Mmu.mmuIndex(cpl);
    }

    long linear(int segReg, long offset, int size, int access) {
        return Segmentation.linear(segs[segReg], segReg, offset, size, access, codeSize() == 64);
    }

    long readMem(int segReg, long offset, int size) {
        long la = linear(segReg, offset, size, PageWalker.ACCESS_READ);
        int idx = mmuIdx();
        return switch (size) {
            case 1 -> mmu.readByte(la, idx) & 0xffL;
            case 2 -> mmu.readWord(la, idx) & 0xffffL;
            case 4 -> mmu.readDword(la, idx) & 0xffff_ffffL;
            default -> mmu.readQword(la, idx);
        };
    }

    void writeMem(int segReg, long offset, int size, long value) {
        long la = linear(segReg, offset, size, PageWalker.ACCESS_WRITE);
        // a store into the page being executed: the next fetch takes the full path, which sees the CODE dirty bit
        if (((la ^ fetchPage) & ~0xfffL) == 0 || (((la + size - 1) ^ fetchPage) & ~0xfffL) == 0) fetchPage = -1;
        int idx = mmuIdx();
        switch (size) {
            case 1 -> mmu.writeByte(la, (int) value, idx);
            case 2 -> mmu.writeWord(la, (int) value, idx);
            case 4 -> mmu.writeDword(la, (int) value, idx);
            default -> mmu.writeQword(la, value, idx);
        }
    }

    /** Masks an offset to the address size (2, 4 or 8 bytes). */
    static long addrMask(long v, int addrSize) {
        return addrSize == 2 ? v & 0xffff : addrSize == 4 ? v & 0xffff_ffffL : v;
    }

    /** The effective address of the decoded memory operand (RIP-relative from the next instruction). */
    long effectiveAddress(DecodedInsn i) {
        return effectiveAddress(i.base, i.index, i.scale, i.disp, i.addrSize);
    }

    /** The effective address from its parts (base and index register numbers, RIP or NO_REG). */
    long effectiveAddress(int base, int index, int scale, long disp, int addrSize) {
        long a = disp;
        if (base == DecodedInsn.RIP) {
            a += rip;
        } else if (base != DecodedInsn.NO_REG) {
            a += regs[base];
        }
        if (index != DecodedInsn.NO_REG) a += regs[index] << scale;
        return addrMask(a, addrSize);
    }

    /**
     * After a return to an outer privilege level (RETF, IRET): data segment registers the new CPL may not use
     * (DPL below it, unless conforming code) become null, as the SDM requires. A register that already holds a null
     * selector is left alone, and a nulled one keeps its base: in 64-bit mode FS and GS bases set through the MSRs
     * survive the return to user mode (Linux's TLS depends on it; QEMU's validate_seg does the same).
     */
    void dropInaccessibleDataSegments(int newCpl) {
        for (int s : DATA_SEGMENTS) {
            SegmentCache sc = segs[s];
            if ((sc.selector() & ~3) == 0) continue;
            if (sc.dpl() < newCpl && !(sc.isCode() && sc.conforming())) sc.set(0, sc.base(), sc.limit(), 0);
        }
    }

    private static final int[] DATA_SEGMENTS = {Segmentation.ES, Segmentation.DS, Segmentation.FS, Segmentation.GS};

    // ---- stack ----------------------------------------------------------------------------------------------------

    /** The stack address size: 8 in 64-bit mode, else SS.B ? 4 : 2. */
    int stackSize() {
        if (codeSize() == 64) return 8;
        return segs[Segmentation.SS].big() ? 4 : 2;
    }

    void push(long value, int size) {
        int ss = stackSize();
        long sp = addrMask(regs[4] - size, ss);
        writeMem(Segmentation.SS, sp, size, value);
        setStackPointer(sp, ss);
    }

    long pop(int size) {
        int ss = stackSize();
        long sp = addrMask(regs[4], ss);
        long v = readMem(Segmentation.SS, sp, size);
        setStackPointer(sp + size, ss);
        return v;
    }

    void setStackPointer(long sp, int stackSize) {
        if (stackSize == 8) {
            regs[4] = sp;
        } else if (stackSize == 4) {
            regs[4] = sp & 0xffff_ffffL;
        } else {
            regs[4] = (regs[4] & ~0xffffL) | (sp & 0xffff);
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------------------

    /**
     * Executes until HLT, a triple fault, or {@code budget} instructions. Guest faults are delivered as exceptions;
     * nothing escapes but the JVM's own errors.
     */
    public Exit run(long budget) {
        exit = Exit.NONE;
        long end = instructions + budget;
        while (true) {
            if (events != 0) {
                if (exitRequested) {
                    exitRequested = false;
                    updateEvents();
                    return Exit.BUDGET;
                }
                if (!interruptShadow && pollInterrupts()) {
                    if (exit != Exit.NONE) return exit;
                    continue;
                }
            }
            if (instructions >= end) return Exit.BUDGET;
            if (halted) return Exit.HALT;
            interruptShadow = false;
            step(end);
            if (exit != Exit.NONE) return exit;
        }
    }

    /**
     * One instruction, and then the following ones while they are decoded in the same cached page and nothing asks
     * the loop to look (an event, the budget, an instruction that ends a block, a write to the page, a change of the
     * memory map); faults are turned into exception delivery. Within a page the fetch checks of the first
     * instruction (TLB, CPL, memory map) stay valid: only block-ending instructions and exceptions change them.
     */
    void step(long end) {
        currentRip = rip;
        try {
            int size = codeSize;
            long csBase = segs[Segmentation.CS].base();
            long pc = csBase + rip;
            if (size != 64) pc &= 0xffff_ffffL;
            DecodedInsn cached;
            if ((pc & ~0xfffL) == fetchPage && mmu.tlb().flushCount() == fetchFlushes && cpl == fetchCpl
                    && mmu.space().generation() == fetchGeneration) {
                cached = codeCache.lookupInPage(fetchPhys | (pc & 0xfff), pc, size, fetch);
            } else {
                long phys = mmu.translate(pc, PageWalker.ACCESS_EXEC, mmuIdx());
                fetchPage = pc & ~0xfffL;
                fetchPhys = phys & ~0xfffL;
                fetchFlushes = mmu.tlb().flushCount();
                fetchCpl = cpl;
                fetchGeneration = mmu.space().generation();
                cached = codeCache.lookup(phys, pc, size, fetch);
            }
            DecodedInsn[] page = null;
            if (cached != null) {
                insn = cached;
                page = codeCache.lastPage();
            } else {
                insn = scratch;
                Decoder.decode(fetch, pc, size, insn);
                FastPath.prepare(insn);
            }
            int ipSize = size == 64 ? 8 : size == 32 ? 4 : 2;
            DecodedInsn i = insn;
            while (true) {
                Object translated = i.translated;
                if (translated != null) {
                    instructions += ((BlockTranslator.CompiledBlock) translated).run(this, fastPath, end - instructions);
                    if (events != 0 || instructions >= end || mmu.space().generation() != fetchGeneration) return;
                } else {
                    if (page != null && i.fast != 0 && translateThreshold > 0 && ++i.heat >= translateThreshold) {
                        i.heat = Integer.MIN_VALUE; // translated once (or never, if that fails)
                        i.translated = translate(page, (int) pc & 0xfff, size);
                        if (i.translated != null) continue;
                    }
                    rip = addrMask(rip + i.length, ipSize);
                    instructions++;
                    int form = i.fast;
                    if (form != 0) {
                        fastPath.execute(i, form);
                    } else {
                        exec.execute(i);
                        if (exit != Exit.NONE) return;
                    }
                    if (page == null || i.endsRun || events != 0 || instructions >= end) return;
                    if ((i.flags & DecodedInsn.F_MEM) != 0 && mmu.space().generation() != fetchGeneration) return;
                }
                pc = csBase + rip;
                if (size != 64) pc &= 0xffff_ffffL;
                if ((pc & ~0xfffL) != fetchPage) return;
                i = page[(int) pc & 0xfff];
                if (i == null) return;
                insn = i;
                currentRip = rip;
                interruptShadow = false;
            }
        } catch (CpuException e) {
            rip = currentRip;
            interrupts.deliverException(e);
        } catch (FetchFault f) {
            rip = currentRip;
            interrupts.deliverException(CpuException.gp0());
        } catch (Interrupts.UnsupportedGate u) {
            rip = currentRip;
            exit = Exit.UNSUPPORTED;
            exitDetail = u.getMessage() + " at " + Long.toHexString(currentRip);
        }
    }

    private BlockTranslator.CompiledBlock translate(DecodedInsn[] page, int offset, int codeSize) {
        try {
            return BlockTranslator.translate(page, offset, codeSize);
        } catch (RuntimeException | LinkageError e) {
            if (!translationFailureLogged) {
                translationFailureLogged = true;
                LOG.warn("translating guest code failed; it stays interpreted: {}", e.toString());
            }
            return null;
        }
    }

    /** For translated blocks: after a memory access, whether the run must go back to the loop's fetch checks. */
    boolean mustLeaveBlock() {
        return fetchPage == -1 || mmu.space().generation() != fetchGeneration;
    }

    /** For translated blocks: whether the loop has something to look at (interrupt, NMI, kick). */
    boolean hasEvents() {
        return events != 0;
    }

    /**
     * How many interpreted runs make a block start hot enough to translate (0: never translate). By default
     * {@value #DEFAULT_TRANSLATE_THRESHOLD}, or the system property {@code jemu.cpu.translate-threshold}.
     */
    public void setTranslateThreshold(int runs) {
        if (runs < 0) throw new IllegalArgumentException("threshold " + runs);
        this.translateThreshold = runs;
    }

    /**
     * Gives the core its local APIC: interrupts then come from it (its LINT0 takes the PIC's INTR, and it answers the
     * acknowledge cycle itself, asking the PIC for ExtINT), CR8 is its TPR, and APIC_BASE/TSC_DEADLINE are its MSRs.
     */
    public void setApic(LocalApic apic) {
        this.apic = apic;
        msrs.setApic(apic == null ? null : new Msrs.ApicMsrs() {
            @Override
            public long readApicBase() {
                return apic.readApicBase();
            }

            @Override
            public void writeApicBase(long value) {
                apic.writeApicBase(value);
            }

            @Override
            public long readTscDeadline() {
                return apic.readTscDeadline();
            }

            @Override
            public void writeTscDeadline(long value) {
                apic.writeTscDeadline(value);
            }
        });
        updateEvents();
    }

    public LocalApic apic() {
        return apic;
    }

    /** The initial APIC ID CPUID reports (the vCPU index; 0 for a lone core). */
    public int initialApicId() {
        return initialApicId;
    }

    public void setInitialApicId(int id) {
        this.initialApicId = id;
    }

    /** The local APIC's events changed (any thread): the loop looks at them before the next instruction. */
    public void apicChanged() {
        updateEvents();
    }

    /** CR8: the task priority (the local APIC's TPR[7:4] when there is one). */
    long cr8() {
        return apic != null ? apic.cr8() : cr8;
    }

    void setCr8(long value) {
        if (apic != null) {
            apic.setCr8(value);
        } else {
            cr8 = value & 0xf;
        }
    }

    /** Takes a pending NMI or external interrupt if allowed; true when one was delivered. */
    private boolean pollInterrupts() {
        LocalApic a = apic;
        if (a != null) {
            int ev = a.events();
            if ((ev & LocalApic.EVENT_NMI) != 0 && a.takeNmi()) {
                updateEvents();
                halted = false;
                interrupts.deliverHardware(2);
                return true;
            }
            if ((ev & LocalApic.EVENT_INIT) != 0 && a.takeInit()) {
                // INIT: the processor's INIT reset (a single CPU restarts at the reset vector; no wait-for-SIPI yet)
                LOG.info("INIT: CPU reset by its local APIC");
                reset();
                a.initReset();
                updateEvents();
                return true;
            }
            if ((ev & LocalApic.EVENT_SIPI) != 0) {
                int vector = a.takeSipi();
                if (vector >= 0) LOG.info("start-up IPI (vector {}) ignored: jemu runs one CPU", vector);
            }
            if ((ev & LocalApic.EVENT_INTR) != 0 && (eflags & FL_IF) != 0 && a.hasInterrupt()) {
                int vector = a.acknowledge();
                updateEvents();
                if (vector >= 0) {
                    halted = false;
                    interrupts.deliverHardware(vector);
                    return true;
                }
            }
            updateEvents();
        }
        if (nmiPending) {
            nmiPending = false;
            updateEvents();
            halted = false;
            interrupts.deliverHardware(2);
            return true;
        }
        if (a == null && intrLine && (eflags & FL_IF) != 0) {
            int vector = interruptAck.acknowledge();
            if (vector >= 0) {
                halted = false;
                interrupts.deliverHardware(vector);
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets every decoded instruction: for a host that rewrote guest code without going through the memory API
     * (guest stores and DMA mark pages dirty and need no call). Call only while {@link #run} is not running.
     */
    public void codeModified() {
        codeCache.clear();
        fetchPage = -1;
    }

    /** The state as a plain value (call only while {@link #run} is not running). */
    public org.jemu.cpu.x86.X86ArchState exportState() {
        java.util.List<Long> gpr = new java.util.ArrayList<>(16);
        for (long r : regs) gpr.add(r);
        java.util.List<org.jemu.cpu.x86.X86ArchState.Segment> s = new java.util.ArrayList<>(6);
        for (SegmentCache c : segs) s.add(segment(c));
        return new org.jemu.cpu.x86.X86ArchState(gpr, rip, rflags(), s, segment(seg.ldtr()), segment(seg.tr()),
                seg.gdtBase(), seg.gdtLimit(), idtBase, idtLimit, mmu.cr0(), cr2, mmu.cr3(), mmu.cr4(), cr8, mmu.efer(),
                cpl, halted, fpuState(), sseState(), msrs.export(), apicState());
    }

    private org.jemu.cpu.x86.X86ArchState.Fpu fpuState() {
        X87State.Snapshot f = x87.snapshot();
        java.util.List<Integer> se = new java.util.ArrayList<>(8);
        java.util.List<Long> sig = new java.util.ArrayList<>(8);
        for (X87State.Register r : f.registers()) {
            se.add(r.signExponent());
            sig.add(r.significand());
        }
        return new org.jemu.cpu.x86.X86ArchState.Fpu(f.fcw(), f.fsw(), f.ftw(), f.fop(), f.fip(), f.fcs(), f.fdp(),
                f.fds(), se, sig);
    }

    private org.jemu.cpu.x86.X86ArchState.Sse sseState() {
        SseUnit.State s = sse.snapshot();
        return new org.jemu.cpu.x86.X86ArchState.Sse(s.xmm(), s.mxcsr());
    }

    private org.jemu.cpu.x86.X86ArchState.Apic apicState() {
        LocalApic a = apic;
        if (a == null) return null;
        LocalApic.State s = a.snapshot();
        org.jemu.cpu.x86.internal.apic.ApicTimer.State t = s.timer();
        org.jemu.cpu.x86.internal.apic.VectorTables.State v = s.vectors();
        return new org.jemu.cpu.x86.X86ArchState.Apic(s.apicBase(), s.id(), s.tpr(), s.svr(), s.ldr(), s.dfr(),
                ints(v.isr()), ints(v.tmr()), ints(v.irr()), ints(s.lvt()), s.esr(), s.esrPending(), s.icrLow(),
                s.icrHigh(), t.divideConf(), t.initialCount(), t.loadTime(), t.nextTime(), t.expiry(), t.tscDeadline(),
                s.lint0(), s.lint1(), s.waitForSipi(), s.sipiVector(), s.events());
    }

    private static java.util.List<Integer> ints(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    private static int[] ints(java.util.List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private void importParts(org.jemu.cpu.x86.X86ArchState st) {
        org.jemu.cpu.x86.X86ArchState.Fpu f = st.fpu();
        if (f != null) {
            java.util.List<X87State.Register> regs = new java.util.ArrayList<>(8);
            for (int r = 0; r < 8; r++) regs.add(new X87State.Register(f.signExponent().get(r), f.significand().get(r)));
            x87.restore(new X87State.Snapshot(f.fcw(), f.fsw(), f.ftw(), f.fop(), f.fip(), f.fcs(), f.fdp(), f.fds(), regs));
        }
        if (st.sse() != null) sse.restore(new SseUnit.State(st.sse().xmm(), st.sse().mxcsr()));
        msrs.importAll(st.msrs());
        org.jemu.cpu.x86.X86ArchState.Apic a = st.apic();
        if (a != null && apic != null) {
            apic.restore(new LocalApic.State(a.apicBase(), a.id(), a.tpr(), a.svr(), a.ldr(), a.dfr(),
                    new org.jemu.cpu.x86.internal.apic.VectorTables.State(ints(a.isr()), ints(a.tmr()), ints(a.irr())),
                    ints(a.lvt()), a.esr(), a.esrPending(), a.icrLow(), a.icrHigh(),
                    new org.jemu.cpu.x86.internal.apic.ApicTimer.State(a.timerDivide(), a.timerInitialCount(),
                            a.timerLoadNs(), a.timerNextNs(), a.timerExpiryNs(), a.tscDeadline()),
                    a.lint0(), a.lint1(), a.waitForSipi(), a.sipiVector(), a.events()));
            updateEvents();
        }
    }

    /** Replaces the state (call only while {@link #run} is not running). */
    public void importState(org.jemu.cpu.x86.X86ArchState st) {
        for (int i = 0; i < 16; i++) regs[i] = st.gpr().get(i);
        rip = st.rip();
        setRflags(st.rflags());
        for (int i = 0; i < 6; i++) load(segs[i], st.segments().get(i));
        load(seg.ldtr(), st.ldtr());
        load(seg.tr(), st.tr());
        seg.setGdt(st.gdtBase(), st.gdtLimit());
        idtBase = st.idtBase();
        idtLimit = st.idtLimit();
        mmu.setState(st.cr0(), st.cr3(), st.cr4(), st.efer());
        cr2 = st.cr2();
        cr8 = st.cr8();
        cpl = st.cpl();
        halted = st.halted();
        refreshMode();
        importParts(st);
    }

    private static org.jemu.cpu.x86.X86ArchState.Segment segment(SegmentCache c) {
        return new org.jemu.cpu.x86.X86ArchState.Segment(c.selector(), c.base(), c.limit(), c.flags());
    }

    private static void load(SegmentCache c, org.jemu.cpu.x86.X86ArchState.Segment s) {
        c.set(s.selector(), s.base(), s.limit(), s.flags());
    }

    /** The last decoded instruction, disassembled (for traces and error messages). */
    public String lastInstruction() {
        return Long.toHexString(segs[Segmentation.CS].base()) + ":" + Long.toHexString(currentRip) + " " + insn;
    }

    /** Why the CPU stopped on TRIPLE_FAULT or UNSUPPORTED. */
    public String exitDetail() {
        return exitDetail;
    }

    void tripleFault(String why) {
        exit = Exit.TRIPLE_FAULT;
        exitDetail = why;
    }
}
