package org.jemu.memory.internal;

import java.util.List;

import org.jemu.memory.MemoryListener;
import org.jemu.memory.MemoryRegionSection;

/**
 * Tells an address space's listeners how its flat view changed, like QEMU's address_space_update_topology_pass:
 * a first pass reports ranges that disappeared or changed as deletions (listeners in descending priority), a second
 * pass reports unchanged ranges as nops with log start/stop, and new or changed ranges as additions (ascending).
 */
public final class TopologyDiff {

    private TopologyDiff() {
    }

    /** @param listeners the space's listeners in ascending priority */
    public static void apply(FlatView oldView, FlatView newView, List<MemoryListener> listeners) {
        if (listeners.isEmpty()) return;
        pass(oldView.ranges(), newView.ranges(), listeners, false);
        pass(oldView.ranges(), newView.ranges(), listeners, true);
    }

    private static void pass(List<FlatRange> olds, List<FlatRange> news, List<MemoryListener> ls, boolean adding) {
        int io = 0;
        int in = 0;
        while (io < olds.size() || in < news.size()) {
            FlatRange o = io < olds.size() ? olds.get(io) : null;
            FlatRange n = in < news.size() ? news.get(in) : null;
            if (o != null && (n == null || Long.compareUnsigned(o.start(), n.start()) < 0
                    || (o.start() == n.start() && !o.sameMapping(n)))) {
                if (!adding) {
                    MemoryRegionSection s = o.section();
                    for (int i = ls.size() - 1; i >= 0; i--) ls.get(i).regionDel(s);
                }
                io++;
            } else if (o != null && o.sameMapping(n)) {
                if (adding) {
                    MemoryRegionSection s = n.section();
                    for (MemoryListener l : ls) l.regionNop(s);
                    if ((n.dirtyMask() & ~o.dirtyMask()) != 0) {
                        for (MemoryListener l : ls) l.logStart(s, o.dirtyMask(), n.dirtyMask());
                    }
                    if ((o.dirtyMask() & ~n.dirtyMask()) != 0) {
                        for (int i = ls.size() - 1; i >= 0; i--) ls.get(i).logStop(s, o.dirtyMask(), n.dirtyMask());
                    }
                }
                io++;
                in++;
            } else {
                if (adding) {
                    MemoryRegionSection s = n.section();
                    for (MemoryListener l : ls) l.regionAdd(s);
                }
                in++;
            }
        }
    }

    /** QEMU's listener_add_address_space: the whole current view as additions (and log starts). */
    public static void replayAdd(FlatView view, MemoryListener l) {
        for (FlatRange r : view.ranges()) {
            MemoryRegionSection s = r.section();
            l.regionAdd(s);
            if (r.dirtyMask() != 0) l.logStart(s, 0, r.dirtyMask());
        }
    }

    /** QEMU's listener_del_address_space: the whole current view as deletions (after log stops). */
    public static void replayDel(FlatView view, MemoryListener l) {
        for (FlatRange r : view.ranges()) {
            MemoryRegionSection s = r.section();
            if (r.dirtyMask() != 0) l.logStop(s, r.dirtyMask(), 0);
            l.regionDel(s);
        }
    }
}
