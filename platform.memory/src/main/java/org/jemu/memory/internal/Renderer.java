package org.jemu.memory.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.jemu.memory.MemoryRegion;

/**
 * Renders a region tree into flat ranges the way QEMU's render_memory_region does: regions are visited highest
 * priority first and each terminal region only fills the holes left by what was rendered before it; aliases render
 * their target through the alias window; disabled regions are skipped; everything is clipped to 0..2^64-1. Then
 * adjacent ranges of the same region with contiguous offsets are merged (flatview_simplify).
 *
 * <p>The base address of a subtree may leave the 64-bit range (an alias offset larger than the alias's address), so
 * bases are exact integers; the clip window and all produced ranges are always inside the 64-bit space.
 */
public final class Renderer {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MAX = TWO_64.subtract(BigInteger.ONE);

    private final List<FlatRange> out = new ArrayList<>();

    private Renderer() {
    }

    /** The simplified ranges of {@code root} seen at address 0, sorted and non-overlapping. */
    public static List<FlatRange> render(MemoryRegion root) {
        Renderer r = new Renderer();
        r.render(root, BigInteger.ZERO, BigInteger.ZERO, MAX, false);
        return simplify(r.out);
    }

    static BigInteger unsigned(long v) {
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
    }

    static BigInteger size(MemoryRegion mr) {
        return mr.size() == 0 ? TWO_64 : unsigned(mr.size());
    }

    private void render(MemoryRegion mr, BigInteger base, BigInteger clipStart, BigInteger clipLast, boolean readonly) {
        if (!mr.isEnabled()) return;
        base = base.add(unsigned(mr.address()));
        readonly |= mr.isReadonly();
        BigInteger lo = base.max(clipStart);
        BigInteger hi = base.add(size(mr)).subtract(BigInteger.ONE).min(clipLast);
        if (lo.compareTo(hi) > 0) return;
        if (mr.kind() == MemoryRegion.Kind.ALIAS) {
            MemoryRegion target = mr.aliasTarget();
            // The target's own address is cancelled out: an alias shows the target from its offset 0.
            BigInteger targetBase = base.subtract(unsigned(target.address())).subtract(unsigned(mr.aliasOffset()));
            render(target, targetBase, lo, hi, readonly);
            return;
        }
        for (MemoryRegion sub : mr.subregions()) render(sub, base, lo, hi, readonly);
        if (mr.kind() == MemoryRegion.Kind.CONTAINER) return;
        fill(mr, lo.longValue(), hi.longValue(), lo.subtract(base).longValue(), readonly);
    }

    /** Puts {@code mr} into every hole of [start, last], the first byte being at {@code offset} in the region. */
    private void fill(MemoryRegion mr, long start, long last, long offset, boolean readonly) {
        boolean romd = mr.kind() == MemoryRegion.Kind.ROM_DEVICE && mr.isRomd();
        int mask = mr.dirtyLogMask();
        long pos = start;
        int i = 0;
        while (i < out.size()) {
            FlatRange fr = out.get(i);
            if (Long.compareUnsigned(fr.last(), pos) < 0) {
                i++;
                continue;
            }
            if (Long.compareUnsigned(pos, fr.start()) < 0) {
                long gapLast = Long.compareUnsigned(last, fr.start() - 1) < 0 ? last : fr.start() - 1;
                out.add(i++, new FlatRange(pos, gapLast, mr, offset, readonly, romd, mask));
                if (gapLast == last) return;
                offset += gapLast - pos + 1;
                pos = gapLast + 1;
            }
            if (Long.compareUnsigned(fr.last(), last) >= 0) return;
            offset += fr.last() - pos + 1;
            pos = fr.last() + 1;
            i++;
        }
        out.add(new FlatRange(pos, last, mr, offset, readonly, romd, mask));
    }

    static List<FlatRange> simplify(List<FlatRange> ranges) {
        List<FlatRange> merged = new ArrayList<>(ranges.size());
        for (FlatRange r : ranges) {
            int n = merged.size();
            if (n > 0 && merged.get(n - 1).canMerge(r)) merged.set(n - 1, merged.get(n - 1).extendTo(r.last()));
            else merged.add(r);
        }
        return merged;
    }
}
