package org.jemu.cpu.x86.internal.mmu;

import java.lang.foreign.MemorySegment;

import org.jemu.memory.RamBlock;

/**
 * The softmmu TLB of one vCPU (QEMU's CPUTLB): per MMU index (supervisor, user) a direct-mapped table of 4 KiB
 * virtual pages indexed by the low bits of the page number. An entry holds one tag per access kind (read, write,
 * execute), each the page-aligned linear address when that kind is allowed and {@link #INVALID} otherwise, so a hit
 * is one array load and compare. Behind the tags: the guest-physical page, and for RAM the host segment with the
 * page's offset in it (separately for reads/fetches and for writes, null when the access must take the slow path
 * through the address space, as for MMIO) and the RAM block to mark dirty.
 *
 * <p>Larger pages are entered 4 KiB at a time; their extent is tracked per MMU index as one aligned range
 * (QEMU's tlb_add_large_page), and invalidating a page inside it flushes the whole index. Entries made from global
 * pages survive {@link #flushNonGlobal()}. Plain data, not thread-safe; {@link Mmu} fills and uses it.
 */
public final class Tlb {

    public static final int MMU_SUPERVISOR = 0;
    public static final int MMU_USER = 1;
    public static final int MMU_MODES = 2;
    /** A tag no page-aligned address equals. */
    static final long INVALID = 1;
    static final long PAGE_MASK = ~0xfffL;

    final int bits;
    final int size;
    final long[] tagRead;
    final long[] tagWrite;
    final long[] tagCode;
    final long[] phys;
    final MemorySegment[] readSeg;
    final MemorySegment[] writeSeg;
    final long[] readOff;
    final long[] writeOff;
    final RamBlock[] block;
    final boolean[] global;
    private final long[] largeAddr = new long[MMU_MODES];
    private final long[] largeMask = new long[MMU_MODES];
    private long flushes;

    /** A TLB of {@code 1 << bits} entries per MMU index (QEMU uses 8 bits minimum; 8..12 are sensible). */
    public Tlb(int bits) {
        if (bits < 1 || bits > 16) throw new IllegalArgumentException("bits must be 1..16, got " + bits);
        this.bits = bits;
        this.size = 1 << bits;
        int n = size * MMU_MODES;
        tagRead = new long[n];
        tagWrite = new long[n];
        tagCode = new long[n];
        phys = new long[n];
        readSeg = new MemorySegment[n];
        writeSeg = new MemorySegment[n];
        readOff = new long[n];
        writeOff = new long[n];
        block = new RamBlock[n];
        global = new boolean[n];
        flushAll();
    }

    /** Entries per MMU index. */
    public int size() {
        return size;
    }

    /** The slot of {@code linear} for {@code mmuIdx}. */
    int index(long linear, int mmuIdx) {
        return (mmuIdx << bits) | (int) ((linear >>> 12) & (size - 1));
    }

    /** Number of flushes of any kind so far (full, non-global, per index, per page): a change means cached translations may be stale. */
    public long flushCount() {
        return flushes;
    }

    /** Invalidates every entry, global ones included. */
    public void flushAll() {
        for (int i = 0; i < tagRead.length; i++) clear(i);
        for (int m = 0; m < MMU_MODES; m++) {
            largeAddr[m] = -1;
            largeMask[m] = -1;
        }
        flushes++;
    }

    /** Invalidates every entry not made from a global page (a CR3 load with CR4.PGE set). */
    public void flushNonGlobal() {
        for (int i = 0; i < tagRead.length; i++) {
            if (!global[i]) clear(i);
        }
        flushes++;
    }

    /** Invalidates every entry of one MMU index. */
    void flushMode(int mmuIdx) {
        int base = mmuIdx << bits;
        for (int i = base; i < base + size; i++) clear(i);
        largeAddr[mmuIdx] = -1;
        largeMask[mmuIdx] = -1;
        flushes++;
    }

    /**
     * Invalidates the 4 KiB page holding {@code linear} in every MMU index, global or not; when the address lies in
     * the tracked large-page range of an index the whole index is flushed (INVLPG of a 2 MiB/4 MiB/1 GiB page).
     */
    public void flushPage(long linear) {
        long page = linear & PAGE_MASK;
        for (int m = 0; m < MMU_MODES; m++) {
            if (largeAddr[m] != -1 && (linear & largeMask[m]) == largeAddr[m]) {
                flushMode(m);
                continue;
            }
            int i = index(linear, m);
            if (tagRead[i] == page || tagWrite[i] == page || tagCode[i] == page) clear(i);
        }
        flushes++;
    }

    /** Records that {@code linear} was entered from a page of {@code pageSize} bytes (more than 4 KiB). */
    void addLargePage(int mmuIdx, long linear, long pageSize) {
        long mask = -pageSize;
        if (largeAddr[mmuIdx] != -1) {
            mask &= largeMask[mmuIdx];
            while (((largeAddr[mmuIdx] ^ linear) & mask) != 0) mask <<= 1;
        }
        largeAddr[mmuIdx] = linear & mask;
        largeMask[mmuIdx] = mask;
    }

    private void clear(int i) {
        tagRead[i] = INVALID;
        tagWrite[i] = INVALID;
        tagCode[i] = INVALID;
        readSeg[i] = null;
        writeSeg[i] = null;
        block[i] = null;
        global[i] = false;
    }

    /** Whether {@code linear} has a valid entry for the {@code PageWalker.ACCESS_*} kind in {@code mmuIdx}. */
    public boolean contains(long linear, int access, int mmuIdx) {
        int i = index(linear, mmuIdx);
        long page = linear & PAGE_MASK;
        return switch (access) {
            case PageWalker.ACCESS_WRITE -> tagWrite[i] == page;
            case PageWalker.ACCESS_EXEC -> tagCode[i] == page;
            default -> tagRead[i] == page;
        };
    }
}
