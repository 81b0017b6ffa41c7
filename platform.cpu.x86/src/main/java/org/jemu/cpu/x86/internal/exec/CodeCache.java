package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.decode.ByteSource;
import org.jemu.cpu.x86.internal.decode.DecodedInsn;
import org.jemu.cpu.x86.internal.decode.Decoder;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.DirtyClient;
import org.jemu.memory.RamBlock;
import org.jemu.memory.Translation;

/**
 * Decoded instructions cached per guest-physical page, so each instruction is decoded once and then executed from
 * the cache. A page's entries are dropped when its RAM changes: the cache turns on the memory API's CODE dirty
 * logging for the blocks it caches from, and checks the page's CODE bit before using it (self-modifying code, DMA).
 * Pages that are not RAM/ROM (MMIO) and instructions that cross a page are decoded every time.
 */
final class CodeCache {

    private static final int PAGES = 1024;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;

    private final AddressSpace memory;
    private final long[] page = new long[PAGES];
    private final int[] mode = new int[PAGES];
    private final RamBlock[] block = new RamBlock[PAGES];
    private final long[] blockOffset = new long[PAGES];
    private final DecodedInsn[][] insns = new DecodedInsn[PAGES][];
    private long generation = -1;
    /** The slot of the last full lookup, for lookups within the same page; -1 when that page is not cached. */
    private int lastSlot = -1;

    CodeCache(AddressSpace memory) {
        this.memory = memory;
        java.util.Arrays.fill(page, -1);
    }

    /**
     * The decoded instruction at guest-physical {@code phys} (linear {@code pc}) in {@code codeSize} mode, or null
     * when it cannot be cached; the caller then decodes into its own scratch instruction.
     */
    DecodedInsn lookup(long phys, long pc, int codeSize, ByteSource fetch) {
        long gen = memory.generation();
        if (gen != generation) {
            clear();
            generation = gen;
        }
        long pageNumber = phys >>> PAGE_SHIFT;
        int slot = (int) pageNumber & (PAGES - 1);
        lastSlot = -1;
        if (page[slot] != pageNumber || mode[slot] != codeSize) {
            if (!load(slot, pageNumber, codeSize)) return null;
        } else if (block[slot].isDirty(DirtyClient.CODE, blockOffset[slot])) {
            block[slot].getAndClearDirty(DirtyClient.CODE, blockOffset[slot], 1);
            java.util.Arrays.fill(insns[slot], null);
        }
        lastSlot = slot;
        return decoded(slot, (int) phys & PAGE_MASK, pc, codeSize, fetch);
    }

    /**
     * Like {@link #lookup} for an instruction in the page of the last full lookup, while nothing can have changed it
     * (the caller checks the TLB, the memory map and its own writes to the page).
     */
    DecodedInsn lookupInPage(long phys, long pc, int codeSize, ByteSource fetch) {
        int slot = lastSlot;
        if (slot < 0 || mode[slot] != codeSize) return lookup(phys, pc, codeSize, fetch);
        return decoded(slot, (int) phys & PAGE_MASK, pc, codeSize, fetch);
    }

    /**
     * The decoded instructions (by page offset; null where not decoded yet) of the page of the last full lookup, or
     * null when that page is not cached. Valid while the caller's conditions for {@link #lookupInPage} hold.
     */
    DecodedInsn[] lastPage() {
        int slot = lastSlot;
        return slot < 0 ? null : insns[slot];
    }

    private DecodedInsn decoded(int slot, int offset, long pc, int codeSize, ByteSource fetch) {
        DecodedInsn insn = insns[slot][offset];
        if (insn == null) {
            insn = new DecodedInsn();
            Decoder.decode(fetch, pc, codeSize, insn);
            FastPath.prepare(insn);
            if (offset + insn.length > PAGE_MASK + 1) return null; // crosses into the next page: not cached
            insns[slot][offset] = insn;
        }
        return insn;
    }

    private boolean load(int slot, long pageNumber, int codeSize) {
        Translation t = memory.translate(pageNumber << PAGE_SHIFT, false);
        if (!t.isDirect() || t.block() == null || !t.covers(pageNumber << PAGE_SHIFT, PAGE_MASK + 1)) return false;
        RamBlock b = t.block();
        if ((b.logMask() & DirtyClient.CODE.bit()) == 0) b.setLogging(DirtyClient.CODE, true);
        long off = t.offset(pageNumber << PAGE_SHIFT);
        b.getAndClearDirty(DirtyClient.CODE, off, 1);
        page[slot] = pageNumber;
        mode[slot] = codeSize;
        block[slot] = b;
        blockOffset[slot] = off;
        if (insns[slot] == null) {
            insns[slot] = new DecodedInsn[PAGE_MASK + 1];
        } else {
            java.util.Arrays.fill(insns[slot], null);
        }
        return true;
    }

    void clear() {
        lastSlot = -1;
        java.util.Arrays.fill(page, -1);
        for (int i = 0; i < PAGES; i++) block[i] = null;
    }
}
