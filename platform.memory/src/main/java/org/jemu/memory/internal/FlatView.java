package org.jemu.memory.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jemu.memory.MemoryRegion;
import org.jemu.memory.RamBlock;
import org.jemu.memory.Translation;

/**
 * An immutable rendering of an address space: ranges covering the whole 64-bit space in address order (holes are
 * entries with a null region), found by binary search over their starts, with precomputed fast-path translations.
 */
public final class FlatView {

    private final long[] starts;
    private final FlatRange[] entries;
    private final Translation[] reads;
    private final Translation[] writes;
    private final List<FlatRange> ranges;
    private final long generation;

    /** @param ranges the rendered (simplified) ranges, sorted and non-overlapping, without holes */
    public FlatView(List<FlatRange> ranges, long generation) {
        this.ranges = Collections.unmodifiableList(new ArrayList<>(ranges));
        this.generation = generation;
        List<FlatRange> all = new ArrayList<>(ranges.size() * 2 + 1);
        long next = 0;
        boolean full = false;
        for (FlatRange r : ranges) {
            if (r.start() != next) {
                all.add(new FlatRange(next, r.start() - 1, null, 0, false, false, 0));
            }
            all.add(r);
            if (r.last() == -1L) {
                full = true;
                break;
            }
            next = r.last() + 1;
        }
        if (!full) all.add(new FlatRange(next, -1L, null, 0, false, false, 0));
        int n = all.size();
        starts = new long[n];
        entries = all.toArray(new FlatRange[0]);
        reads = new Translation[n];
        writes = new Translation[n];
        for (int i = 0; i < n; i++) {
            FlatRange r = entries[i];
            starts[i] = r.start();
            Translation slow = new Translation(r.start(), r.last(), null, 0, false, generation, null);
            reads[i] = slow;
            writes[i] = slow;
            if (r.isHole()) continue;
            MemoryRegion mr = r.region();
            RamBlock block = mr.ramBlock();
            if (block == null) continue;
            long off = mr.ramOffset() + r.offsetInRegion();
            boolean readDirect = switch (mr.kind()) {
                case RAM, ROM -> true;
                case ROM_DEVICE -> r.romd();
                default -> false;
            };
            boolean writeDirect = mr.kind() == MemoryRegion.Kind.RAM && !r.readonly();
            if (readDirect) reads[i] = new Translation(r.start(), r.last(), block.segment(), off, writeDirect, generation, block);
            if (writeDirect) writes[i] = reads[i];
        }
    }

    public static FlatView empty() {
        return new FlatView(List.of(), 0);
    }

    public long generation() {
        return generation;
    }

    /** The rendered ranges (no holes), in address order. */
    public List<FlatRange> ranges() {
        return ranges;
    }

    /** Index of the entry containing {@code address}. */
    public int indexOf(long address) {
        int lo = 0;
        int hi = starts.length - 1; // starts[0] == 0 always
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    public FlatRange entry(int index) {
        return entries[index];
    }

    public int entryCount() {
        return entries.length;
    }

    public FlatRange find(long address) {
        return entries[indexOf(address)];
    }

    public Translation translate(long address, boolean write) {
        int i = indexOf(address);
        return write ? writes[i] : reads[i];
    }

    /** Whether both lists show the same ranges with the same attributes (dirty masks included). */
    public static boolean sameRanges(List<FlatRange> a, List<FlatRange> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameAs(b.get(i))) return false;
        }
        return true;
    }
}
