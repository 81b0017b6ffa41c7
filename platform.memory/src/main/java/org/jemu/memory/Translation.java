package org.jemu.memory;

import java.lang.foreign.MemorySegment;

/**
 * Where a guest address leads, for a CPU or DMA fast path ({@link AddressSpace#translate}). Translations are
 * precomputed per flat range when a view is rendered, so looking one up allocates nothing.
 *
 * <p>A <em>direct</em> translation ({@link #isDirect()}) means guest addresses {@code start..last} are host memory:
 * address {@code a} is byte {@link #offset(long) offset(a)} of {@link #segment()}. Otherwise the range must be
 * accessed through {@link AddressSpace#read(long, int)}/{@link AddressSpace#write(long, int, long)}.
 *
 * <p>Contract for a software TLB: for a guest page {@code p} (4 KiB aligned) cache {@code segment} and
 * {@code offset(p)} when {@code isDirect() && covers(p, 4096)}, plus {@link #writable()}; drop every cached entry
 * when {@link AddressSpace#generation()} differs from {@link #generation()}. After writing through the segment, call
 * {@link #markDirty(long, long)} (cheap when nothing logs).
 *
 * @param start         first guest address of the range (inclusive)
 * @param last          last guest address of the range (inclusive, unsigned)
 * @param segment       the RAM block's segment, or null when the slow path must be used
 * @param segmentOffset offset in {@code segment} of {@code start}
 * @param writable      whether guest writes may go straight to the segment
 * @param generation    the address space generation this was computed at
 * @param block         the RAM block behind {@code segment}, or null
 */
public record Translation(long start, long last, MemorySegment segment, long segmentOffset, boolean writable,
                          long generation, RamBlock block) {

    public boolean isDirect() {
        return segment != null;
    }

    /** Offset in {@link #segment()} of guest address {@code address} (which must be covered). */
    public long offset(long address) {
        return segmentOffset + (address - start);
    }

    /** Whether guest addresses {@code address..address+length-1} all lie in this range (length &gt; 0). */
    public boolean covers(long address, long length) {
        long end = address + length - 1;
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(end, last) <= 0
                && Long.compareUnsigned(end, address) >= 0;
    }

    /** Records a direct write of {@code length} bytes at guest {@code address} in the block's dirty bitmaps. */
    public void markDirty(long address, long length) {
        if (block != null) block.markDirty(offset(address), length);
    }
}
