package org.jemu.cpu.x86.internal.mmu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.jemu.memory.AddressSpace;
import org.jemu.memory.RamBlock;
import org.jemu.memory.Translation;

/**
 * The memory management unit of one software vCPU: linear-address loads, stores and instruction fetches through a
 * {@link Tlb} that a {@link PageWalker} fills on a miss (QEMU's cputlb + excp_helper). A hit costs a generation
 * check, a tag compare and the host segment access for RAM, or one {@link AddressSpace#read}/{@link AddressSpace#write}
 * for anything else (MMIO is never accessed directly); hits allocate nothing. Direct RAM writes mark the block dirty
 * for its logging clients ({@code DirtyClient.CODE} for self-modifying code detection).
 *
 * <p>Accessors take an MMU index ({@link Tlb#MMU_SUPERVISOR} or {@link Tlb#MMU_USER}, see {@link #mmuIndex}) and
 * throw {@link CpuException} #PF with the SDM error code. Accesses crossing a 4 KiB page boundary are split into two
 * translations; a crossing store checks both pages before writing a byte. Linear addresses are taken as given: the
 * caller truncates them to 32 bits outside 64-bit mode and checks canonicality in it.
 *
 * <p>Control-register writes go through {@link #setCr0}, {@link #setCr3}, {@link #setCr4}, {@link #setEfer} which
 * apply the flush rules: a CR3 load flushes everything but global pages when CR4.PGE is set (all otherwise);
 * changes to CR0.PG/WP/PE, CR4.PGE/PAE/PSE/SMEP/SMAP or EFER.NXE/LMA flush everything; {@link #invlpg} one page (or
 * everything when the page lies in a large page's range); a memory topology change (address-space generation)
 * flushes everything. Not thread-safe: one per vCPU thread.
 */
public final class Mmu implements LinearMemory {

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long CR0_FLUSH = PagingMode.CR0_PG | PagingMode.CR0_WP | PagingMode.CR0_PE;
    private static final long CR4_FLUSH = PagingMode.CR4_PGE | PagingMode.CR4_PAE | PagingMode.CR4_PSE
            | PagingMode.CR4_SMEP | PagingMode.CR4_SMAP;
    private static final long EFER_FLUSH = PagingMode.EFER_NXE | PagingMode.EFER_LMA;
    private static final long PAGE_MASK = Tlb.PAGE_MASK;

    private final AddressSpace space;
    private final PageWalker walker;
    private final Tlb tlb;
    private long generation;
    private PagingMode mode = PagingMode.RESET;
    /** Linear addresses wrap at 4 GiB outside long mode. */
    private long linearMask = 0xffff_ffffL;

    /**
     * @param space    the vCPU's guest-physical address space
     * @param physBits MAXPHYADDR (40 is QEMU's default)
     * @param tlbBits  log2 of the TLB entries per MMU index (8 gives 256)
     */
    public Mmu(AddressSpace space, int physBits, int tlbBits) {
        this.space = space;
        this.walker = new PageWalker(space, physBits);
        this.tlb = new Tlb(tlbBits);
        this.generation = space.generation();
    }

    /** The MMU index for data accesses at {@code cpl}. */
    public static int mmuIndex(int cpl) {
        return cpl == 3 ? Tlb.MMU_USER : Tlb.MMU_SUPERVISOR;
    }

    public AddressSpace space() {
        return space;
    }

    public Tlb tlb() {
        return tlb;
    }

    public PageWalker walker() {
        return walker;
    }

    public PagingMode mode() {
        return mode;
    }

    // ---- control state ---------------------------------------------------------------------------------------------

    public long cr0() {
        return mode.cr0();
    }

    public long cr3() {
        return walker.cr3();
    }

    public long cr4() {
        return mode.cr4();
    }

    public long efer() {
        return mode.efer();
    }

    /** MOV to CR0. Entering PAE paging loads the PDPTEs (#GP(0) on a reserved bit, nothing changed then). */
    public void setCr0(long value) {
        apply(new PagingMode(value, mode.cr4(), mode.efer()), ((mode.cr0() ^ value) & CR0_FLUSH) != 0);
    }

    /** MOV to CR4. Entering or changing PAE paging loads the PDPTEs (#GP(0) on a reserved bit). */
    public void setCr4(long value) {
        apply(new PagingMode(mode.cr0(), value, mode.efer()), ((mode.cr4() ^ value) & CR4_FLUSH) != 0);
    }

    /** WRMSR to IA32_EFER, or the CPU setting EFER.LMA; the caller validates the value. */
    public void setEfer(long value) {
        apply(new PagingMode(mode.cr0(), mode.cr4(), value), ((mode.efer() ^ value) & EFER_FLUSH) != 0);
    }

    /**
     * MOV to CR3: with PAE paging loads the PDPTEs first (#GP(0) on a reserved bit, CR3 unchanged then); flushes the
     * TLB except global pages when CR4.PGE is set.
     */
    public void setCr3(long value) {
        if (mode.kind() == PagingMode.Kind.PAE) walker.loadPdptes(value);
        walker.setCr3(value);
        if (mode.pge()) tlb.flushNonGlobal();
        else tlb.flushAll();
    }

    /**
     * Sets the whole control state at once (reset, state import): no PDPTE reserved-bit checks; PAE PDPTEs are read
     * from {@code cr3}. Flushes everything.
     */
    public void setState(long cr0, long cr3, long cr4, long efer) {
        PagingMode m = new PagingMode(cr0, cr4, efer);
        mode = m;
        walker.setMode(m);
        walker.setCr3(cr3);
        linearMask = m.longMode() ? -1L : 0xffff_ffffL;
        if (m.kind() == PagingMode.Kind.PAE) {
            long base = cr3 & 0xffff_ffe0L;
            for (int i = 0; i < 4; i++) walker.setPdpte(i, space.read(base + 8L * i, 8));
        }
        tlb.flushAll();
    }

    private void apply(PagingMode m, boolean flush) {
        if (m.kind() == PagingMode.Kind.PAE && flush) walker.loadPdptes(walker.cr3());
        mode = m;
        walker.setMode(m);
        linearMask = m.longMode() ? -1L : 0xffff_ffffL;
        if (flush) tlb.flushAll();
    }

    /** INVLPG: drops the page holding {@code linear} (global or not; all of a large page). */
    public void invlpg(long linear) {
        tlb.flushPage(linear);
    }

    /** Drops every TLB entry, global ones included. */
    public void flushTlb() {
        tlb.flushAll();
    }

    /** Opens or closes the A20 gate: closed, physical address bit 20 reads as 0. Flushes everything. */
    public void setA20(boolean enabled) {
        walker.setA20Mask(enabled ? -1L : ~(1L << 20));
        tlb.flushAll();
    }

    // ---- translation -----------------------------------------------------------------------------------------------

    /**
     * The guest-physical address of {@code linear} for a {@code PageWalker.ACCESS_*} access, filling the TLB.
     *
     * @throws CpuException #PF
     */
    public long translate(long linear, int access, int mmuIdx) {
        checkGeneration();
        int i = tlb.index(linear, mmuIdx);
        long page = linear & PAGE_MASK;
        long tag = access == PageWalker.ACCESS_WRITE ? tlb.tagWrite[i]
                : access == PageWalker.ACCESS_EXEC ? tlb.tagCode[i] : tlb.tagRead[i];
        if (tag != page) i = fill(linear, access, mmuIdx);
        return tlb.phys[i] | (linear & 0xfff);
    }

    /**
     * Checks that {@code size} bytes at {@code linear} are accessible (both pages when crossing), filling the TLB;
     * for instructions that must fault before changing any state. A fault on the second page reports its first byte.
     */
    public void probe(long linear, int size, int access, int mmuIdx) {
        translate(linear, access, mmuIdx);
        long last = (linear + size - 1) & linearMask;
        // like QEMU, the second page is probed (and reported in CR2) at its first byte
        if (((last ^ linear) & PAGE_MASK) != 0) translate(last & PAGE_MASK, access, mmuIdx);
    }

    private void checkGeneration() {
        if (space.generation() != generation) {
            tlb.flushAll();
            generation = space.generation();
        }
    }

    /** Walks {@code linear} and enters the result; returns the slot. */
    private int fill(long linear, int access, int mmuIdx) {
        walker.walk(linear, access, mmuIdx == Tlb.MMU_USER);
        long page = linear & PAGE_MASK;
        long pp = walker.physPage();
        int prot = walker.prot();
        if (walker.pageSize() > 4096) tlb.addLargePage(mmuIdx, linear, walker.pageSize());
        int i = tlb.index(linear, mmuIdx);
        tlb.phys[i] = pp;
        tlb.global[i] = walker.global();
        Translation rt = space.translate(pp, false);
        if (rt.isDirect() && rt.covers(pp, 4096)) {
            tlb.readSeg[i] = rt.segment();
            tlb.readOff[i] = rt.offset(pp);
        } else {
            tlb.readSeg[i] = null;
        }
        tlb.writeSeg[i] = null;
        tlb.block[i] = null;
        if ((prot & PageWalker.PROT_WRITE) != 0) {
            Translation wt = space.translate(pp, true);
            if (wt.isDirect() && wt.writable() && wt.covers(pp, 4096)) {
                tlb.writeSeg[i] = wt.segment();
                tlb.writeOff[i] = wt.offset(pp);
                tlb.block[i] = wt.block();
            }
        }
        tlb.tagRead[i] = (prot & PageWalker.PROT_READ) != 0 ? page : Tlb.INVALID;
        tlb.tagWrite[i] = (prot & PageWalker.PROT_WRITE) != 0 ? page : Tlb.INVALID;
        tlb.tagCode[i] = (prot & PageWalker.PROT_EXEC) != 0 ? page : Tlb.INVALID;
        return i;
    }

    // ---- loads and stores ------------------------------------------------------------------------------------------

    public int readByte(long linear, int mmuIdx) {
        return (int) load(linear, 1, mmuIdx, PageWalker.ACCESS_READ);
    }

    public int readWord(long linear, int mmuIdx) {
        return (int) load(linear, 2, mmuIdx, PageWalker.ACCESS_READ);
    }

    public int readDword(long linear, int mmuIdx) {
        return (int) load(linear, 4, mmuIdx, PageWalker.ACCESS_READ);
    }

    public long readQword(long linear, int mmuIdx) {
        return load(linear, 8, mmuIdx, PageWalker.ACCESS_READ);
    }

    public int fetchByte(long linear, int mmuIdx) {
        return (int) load(linear, 1, mmuIdx, PageWalker.ACCESS_EXEC);
    }

    public int fetchWord(long linear, int mmuIdx) {
        return (int) load(linear, 2, mmuIdx, PageWalker.ACCESS_EXEC);
    }

    public int fetchDword(long linear, int mmuIdx) {
        return (int) load(linear, 4, mmuIdx, PageWalker.ACCESS_EXEC);
    }

    public long fetchQword(long linear, int mmuIdx) {
        return load(linear, 8, mmuIdx, PageWalker.ACCESS_EXEC);
    }

    public void writeByte(long linear, int value, int mmuIdx) {
        store(linear, 1, value & 0xffL, mmuIdx);
    }

    public void writeWord(long linear, int value, int mmuIdx) {
        store(linear, 2, value & 0xffffL, mmuIdx);
    }

    public void writeDword(long linear, int value, int mmuIdx) {
        store(linear, 4, value & 0xffff_ffffL, mmuIdx);
    }

    public void writeQword(long linear, long value, int mmuIdx) {
        store(linear, 8, value, mmuIdx);
    }

    @Override
    public long readLinear(long linear, int size) {
        return load(linear, size, Tlb.MMU_SUPERVISOR, PageWalker.ACCESS_READ);
    }

    @Override
    public void writeLinear(long linear, int size, long value) {
        store(linear, size, size == 8 ? value : value & ((1L << (size * 8)) - 1), Tlb.MMU_SUPERVISOR);
    }

    /** A load of {@code size} bytes, zero-extended; {@code access} is READ or EXEC. */
    private long load(long linear, int size, int mmuIdx, int access) {
        checkGeneration();
        if ((linear & 0xfff) > 0x1000 - size) return loadCrossing(linear, size, mmuIdx, access);
        int i = tlb.index(linear, mmuIdx);
        long tag = access == PageWalker.ACCESS_EXEC ? tlb.tagCode[i] : tlb.tagRead[i];
        if (tag != (linear & PAGE_MASK)) i = fill(linear, access, mmuIdx);
        MemorySegment s = tlb.readSeg[i];
        if (s != null) {
            long off = tlb.readOff[i] + (linear & 0xfff);
            return switch (size) {
                case 1 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xffL;
                case 2 -> s.get(LE_SHORT, off) & 0xffffL;
                case 4 -> s.get(LE_INT, off) & 0xffff_ffffL;
                default -> s.get(LE_LONG, off);
            };
        }
        long v = space.read(tlb.phys[i] | (linear & 0xfff), size);
        return size == 8 ? v : v & ((1L << (size * 8)) - 1);
    }

    private void store(long linear, int size, long value, int mmuIdx) {
        checkGeneration();
        if ((linear & 0xfff) > 0x1000 - size) {
            storeCrossing(linear, size, value, mmuIdx);
            return;
        }
        int i = tlb.index(linear, mmuIdx);
        if (tlb.tagWrite[i] != (linear & PAGE_MASK)) i = fill(linear, PageWalker.ACCESS_WRITE, mmuIdx);
        MemorySegment s = tlb.writeSeg[i];
        if (s != null) {
            long off = tlb.writeOff[i] + (linear & 0xfff);
            switch (size) {
                case 1 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) value);
                case 2 -> s.set(LE_SHORT, off, (short) value);
                case 4 -> s.set(LE_INT, off, (int) value);
                default -> s.set(LE_LONG, off, value);
            }
            RamBlock b = tlb.block[i];
            if (b != null && b.logMask() != 0) b.markDirty(off, size);
            return;
        }
        space.write(tlb.phys[i] | (linear & 0xfff), size, value);
    }

    /** A load crossing a page boundary: the bytes of each page in turn, the first page's faults first. */
    private long loadCrossing(long linear, int size, int mmuIdx, int access) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            v |= load((linear + k) & linearMask, 1, mmuIdx, access) << (8 * k);
        }
        return v;
    }

    /** A store crossing a page boundary: both pages are checked for writing before any byte is stored. */
    private void storeCrossing(long linear, int size, long value, int mmuIdx) {
        probe(linear, size, PageWalker.ACCESS_WRITE, mmuIdx);
        for (int k = 0; k < size; k++) {
            store((linear + k) & linearMask, 1, (value >>> (8 * k)) & 0xff, mmuIdx);
        }
    }
}
