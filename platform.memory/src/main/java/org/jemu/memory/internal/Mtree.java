package org.jemu.memory.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jemu.memory.MemoryRegion;

/** Text dumps in the style of QEMU's {@code info mtree} and {@code info mtree -f}. */
public final class Mtree {

    private static final String INDENT = "  ";

    private Mtree() {
    }

    /** What info mtree prints for a region's kind (aliases show their target's kind). */
    public static String type(MemoryRegion mr) {
        return switch (mr.kind()) {
            case ALIAS -> type(mr.aliasTarget());
            case RAM -> mr.isReadonly() ? "rom" : "ram";
            case ROM -> "rom";
            case ROM_DEVICE -> mr.isRomd() ? "romd" : "i/o";
            case IOMMU -> "iommu";
            default -> "i/o";
        };
    }

    /** The region trees of the given spaces, then every alias target not shown in a tree. */
    public static String tree(List<String> spaceNames, List<MemoryRegion> roots) {
        StringBuilder sb = new StringBuilder();
        Set<MemoryRegion> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MemoryRegion> aliased = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            sb.append("address-space: ").append(spaceNames.get(i)).append('\n');
            print(sb, roots.get(i), 1, 0, shown, aliased);
            sb.append('\n');
        }
        for (int i = 0; i < aliased.size(); i++) {
            MemoryRegion target = aliased.get(i);
            if (shown.contains(target)) continue;
            sb.append("memory-region: ").append(target.name()).append('\n');
            print(sb, target, 1, 0, shown, aliased);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void print(StringBuilder sb, MemoryRegion mr, int level, long base, Set<MemoryRegion> shown,
                              List<MemoryRegion> aliased) {
        shown.add(mr);
        long start = base + mr.address();
        sb.append(INDENT.repeat(level));
        sb.append(String.format("%016x-%016x (prio %d, %s): ", start, start + mr.size() - 1, mr.priority(), type(mr)));
        if (mr.kind() == MemoryRegion.Kind.ALIAS) {
            MemoryRegion t = mr.aliasTarget();
            sb.append(String.format("alias %s @%s %016x-%016x", mr.name(), t.name(), mr.aliasOffset(),
                    mr.aliasOffset() + mr.size() - 1));
            if (!aliased.contains(t)) aliased.add(t);
        } else {
            sb.append(mr.name());
        }
        if (!mr.isEnabled()) sb.append(" [disabled]");
        sb.append('\n');
        List<MemoryRegion> subs = new ArrayList<>(mr.subregions());
        // QEMU lists subregions by address, higher priority first at equal addresses (stable otherwise).
        subs.sort((a, b) -> a.address() != b.address() ? Long.compareUnsigned(a.address(), b.address())
                : Integer.compare(b.priority(), a.priority()));
        for (MemoryRegion s : subs) print(sb, s, level + 1, start, shown, aliased);
    }

    /** The flat views of the given spaces. */
    public static String flat(List<String> spaceNames, List<MemoryRegion> roots, List<FlatView> views) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < views.size(); i++) {
            sb.append("FlatView #").append(i).append('\n');
            sb.append(" AS \"").append(spaceNames.get(i)).append("\", root: ").append(roots.get(i).name()).append('\n');
            sb.append(" Root memory region: ").append(roots.get(i).name()).append('\n');
            List<FlatRange> ranges = views.get(i).ranges();
            if (ranges.isEmpty()) sb.append(INDENT).append("No rendered FlatView\n");
            for (FlatRange r : ranges) {
                MemoryRegion mr = r.region();
                sb.append(String.format("%s%016x-%016x (prio %d, %s): %s", INDENT, r.start(), r.last(), mr.priority(),
                        r.readonly() ? "rom" : type(mr), mr.name()));
                if (r.offsetInRegion() != 0) sb.append(String.format(" @%016x", r.offsetInRegion()));
                sb.append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

}
