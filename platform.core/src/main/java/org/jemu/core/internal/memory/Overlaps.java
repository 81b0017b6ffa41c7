package org.jemu.core.internal.memory;

import java.util.Optional;

import org.jemu.core.qom.QomObject;
import org.jemu.memory.MemoryRegion;

/**
 * Checks a region against what a container already holds before it is mapped there, and words the messages.
 * Subregions mapped at a non-zero priority are deliberate overlays ({@code addSubregionOverlap}) and never conflict;
 * priority-0 subregions (plain {@code addSubregion}) claim their range exclusively.
 */
public final class Overlaps {

    private Overlaps() {
    }

    /** The first exclusive (priority 0) subregion of {@code container} intersecting {@code size} bytes at {@code offset}. */
    public static Optional<MemoryRegion> find(MemoryRegion container, long offset, long size) {
        long last = offset + size - 1;
        for (MemoryRegion r : container.subregions()) {
            if (r.priority() != 0) continue;
            long rLast = r.address() + r.lastOffset();
            boolean apart = Long.compareUnsigned(last, r.address()) < 0 || Long.compareUnsigned(rLast, offset) < 0;
            if (!apart) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** Whether {@code size} bytes at {@code offset} lie inside the container (sizes unsigned, 0 = 2^64). */
    public static boolean fits(MemoryRegion container, long offset, long size) {
        long c = container.size();
        if (c == 0) return size == 0 ? offset == 0 : Long.compareUnsigned(offset, -size) <= 0;
        if (size == 0 || Long.compareUnsigned(offset, c) >= 0) return false;
        return Long.compareUnsigned(size, c - offset) <= 0;
    }

    /** "0x3f8-0x3ff". */
    public static String range(long offset, long size) {
        return "0x" + Long.toHexString(offset) + "-0x" + Long.toHexString(offset + size - 1);
    }

    /** Where a mapped region is and whose it is: "0x3f8-0x3ff of device /machine/serial0 (isa-serial) (region 'serial')". */
    public static String describeMapped(MemoryRegion r) {
        return range(r.address(), r.size()) + " of " + owner(r) + " (region '" + r.name() + "')";
    }

    /** The region's owner for messages: a QOM object's description, else the owner's text, else "nobody". */
    public static String owner(MemoryRegion r) {
        Object o = r.owner();
        if (o instanceof QomObject q) return q.describe();
        return o == null ? "no owner" : o.toString();
    }
}
