package org.jemu.memory.internal;

import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionSection;

/**
 * One piece of a flat view (QEMU's FlatRange): guest addresses {@code start..last} (inclusive, unsigned) are served
 * by {@code region} from {@code offsetInRegion}. A null region marks a hole (unassigned).
 */
public record FlatRange(long start, long last, MemoryRegion region, long offsetInRegion, boolean readonly,
                        boolean romd, int dirtyMask) {

    /** Unsigned size; 0 means 2^64. */
    public long size() {
        return last - start + 1;
    }

    public boolean isHole() {
        return region == null;
    }

    /** QEMU's flatrange_equal: same place, region, offset and flags; the dirty mask is compared separately. */
    public boolean sameMapping(FlatRange o) {
        return start == o.start && last == o.last && region == o.region && offsetInRegion == o.offsetInRegion
                && readonly == o.readonly && romd == o.romd;
    }

    public boolean sameAs(FlatRange o) {
        return sameMapping(o) && dirtyMask == o.dirtyMask;
    }

    /** Whether {@code next} directly follows this range and can be merged into it (QEMU's can_merge). */
    public boolean canMerge(FlatRange next) {
        return last != -1L && last + 1 == next.start && region == next.region
                && offsetInRegion + size() == next.offsetInRegion && readonly == next.readonly
                && romd == next.romd && dirtyMask == next.dirtyMask;
    }

    public FlatRange extendTo(long newLast) {
        return new FlatRange(start, newLast, region, offsetInRegion, readonly, romd, dirtyMask);
    }

    public MemoryRegionSection section() {
        return new MemoryRegionSection(region, offsetInRegion, start, size(), readonly);
    }

    /** Offset in the region of guest address {@code address} inside this range. */
    public long regionOffset(long address) {
        return offsetInRegion + (address - start);
    }

    /** Bytes from {@code address} to the end of the range, capped at {@code max} (both unsigned-safe). */
    public long remaining(long address, long max) {
        long left = last - address; // bytes after address; +1 may wrap to 0 for a 2^64 span
        return Long.compareUnsigned(left, max - 1) >= 0 ? max : left + 1;
    }
}
