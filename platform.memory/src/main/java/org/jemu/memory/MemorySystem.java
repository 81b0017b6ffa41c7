package org.jemu.memory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jemu.memory.internal.FlatRange;
import org.jemu.memory.internal.FlatView;
import org.jemu.memory.internal.Mtree;
import org.jemu.memory.internal.Renderer;
import org.jemu.memory.internal.TopologyDiff;
import org.jemu.memory.internal.Unassigned;

/**
 * The memory system of one VM: its address spaces, their listeners and topology transactions (QEMU's
 * memory_region_transaction_begin/commit). A change to a region tree outside a transaction re-renders the affected
 * address spaces at once; inside one, only at the outermost {@link #commit()}, and only the spaces whose root saw a
 * change. Topology changes and listener calls happen under this object's lock (the global lock in practice).
 */
public final class MemorySystem {

    private record Registration(MemoryListener listener, AddressSpace space) {
    }

    private final Unassigned unassigned = new Unassigned();
    private final List<AddressSpace> spaces = new CopyOnWriteArrayList<>();
    private final List<Registration> listeners = new ArrayList<>(); // ascending priority, registration order among equals
    private final Set<AddressSpace> pending = new LinkedHashSet<>();
    private int depth;

    /** Creates an address space rendering {@code root}; it follows every later change under the root. */
    public synchronized AddressSpace createAddressSpace(String name, MemoryRegion root) {
        Objects.requireNonNull(root, "root");
        AddressSpace as = new AddressSpace(this, name, root, unassigned, new FlatView(Renderer.render(root), 0));
        root.addTopologyListener(as.topologyHook);
        spaces.add(as);
        return as;
    }

    /** Removes an address space: its listeners see every section deleted, and it stops following its root. */
    public synchronized void destroyAddressSpace(AddressSpace as) {
        for (Registration r : List.copyOf(listeners)) {
            if (r.space() == as) removeListener(r.listener());
        }
        as.root().removeTopologyListener(as.topologyHook);
        spaces.remove(as);
        pending.remove(as);
    }

    public List<AddressSpace> addressSpaces() {
        return List.copyOf(spaces);
    }

    /** Starts (or nests) a transaction. */
    public synchronized void begin() {
        depth++;
    }

    /** Ends a transaction; the outermost commit renders every address space that saw a change. */
    public synchronized void commit() {
        if (depth == 0) throw new IllegalStateException("commit without begin");
        if (--depth == 0) flush();
    }

    /** Whether a transaction is open. */
    public synchronized boolean inTransaction() {
        return depth > 0;
    }

    synchronized void rootChanged(AddressSpace as) {
        if (!spaces.contains(as)) return;
        pending.add(as);
        if (depth == 0) flush();
    }

    private void flush() {
        while (!pending.isEmpty()) {
            List<AddressSpace> todo = new ArrayList<>(pending);
            pending.clear();
            depth++; // changes made by listeners are collected for the next round
            try {
                List<Registration> regs = List.copyOf(listeners);
                for (Registration r : regs) r.listener().begin();
                for (AddressSpace as : todo) update(as);
                for (Registration r : regs) r.listener().commit();
            } finally {
                depth--;
            }
        }
    }

    private void update(AddressSpace as) {
        FlatView old = as.view();
        List<FlatRange> ranges = Renderer.render(as.root());
        if (FlatView.sameRanges(old.ranges(), ranges)) return;
        FlatView next = new FlatView(ranges, old.generation() + 1);
        TopologyDiff.apply(old, next, listenersOf(as));
        as.publish(next);
    }

    private List<MemoryListener> listenersOf(AddressSpace as) {
        List<MemoryListener> out = new ArrayList<>();
        for (Registration r : listeners) {
            if (r.space() == as) out.add(r.listener());
        }
        return out;
    }

    /**
     * Registers a listener for {@code as} and replays its current view as additions (with log starts for logged
     * sections), inside the listener's begin/commit (QEMU's memory_listener_register).
     */
    public synchronized void addListener(MemoryListener listener, AddressSpace as) {
        Objects.requireNonNull(listener, "listener");
        if (!spaces.contains(as)) throw new IllegalArgumentException(as + " is not in this memory system");
        int i = 0;
        while (i < listeners.size() && listeners.get(i).listener().priority() <= listener.priority()) i++;
        listeners.add(i, new Registration(listener, as));
        listener.begin();
        TopologyDiff.replayAdd(as.view(), listener);
        listener.commit();
    }

    /** Unregisters a listener (from every space it follows), replaying each view as deletions. Unknown ones are ignored. */
    public synchronized void removeListener(MemoryListener listener) {
        for (int i = 0; i < listeners.size(); ) {
            Registration r = listeners.get(i);
            if (r.listener() != listener) {
                i++;
                continue;
            }
            listeners.remove(i);
            listener.begin();
            TopologyDiff.replayDel(r.space().view(), listener);
            listener.commit();
        }
    }

    /** Accesses that reached no backing (holes, reservations, beyond 2^64) since creation. */
    public long unassignedAccesses() {
        return unassigned.count();
    }

    /** The region trees, like QEMU's {@code info mtree}. */
    public synchronized String mtree() {
        List<String> names = new ArrayList<>();
        List<MemoryRegion> roots = new ArrayList<>();
        for (AddressSpace as : spaces) {
            names.add(as.name());
            roots.add(as.root());
        }
        return Mtree.tree(names, roots);
    }

    /** The flat views, like QEMU's {@code info mtree -f}. */
    public synchronized String flatViews() {
        List<String> names = new ArrayList<>();
        List<MemoryRegion> roots = new ArrayList<>();
        List<FlatView> views = new ArrayList<>();
        for (AddressSpace as : spaces) {
            names.add(as.name());
            roots.add(as.root());
            views.add(as.view());
        }
        return Mtree.flat(names, roots, views);
    }
}
