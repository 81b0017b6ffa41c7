package org.jemu.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node of the memory region tree (QEMU's MemoryRegion): RAM, ROM, I/O (MMIO or port I/O with device ops), ROM
 * device, alias, container, IOMMU or reservation. Leaves hold memory or ops; containers hold subregions at offsets
 * with priorities; aliases are windows into other regions. An {@link AddressSpace} renders a root into a flat view.
 *
 * <p>Sizes are unsigned; a size of 0 means 2<sup>64</sup> (the whole 64-bit space, for roots). Topology changes
 * (adding, removing, enabling, moving, alias offsets, romd, readonly) are made under the global lock and notify the
 * address spaces that can see the region, directly or through aliases; inside a
 * {@link MemorySystem#begin()}/{@link MemorySystem#commit()} transaction they are rendered once at commit.
 */
public final class MemoryRegion {

    /** What a region is. */
    public enum Kind { RAM, ROM, IO, ROM_DEVICE, ALIAS, CONTAINER, IOMMU, RESERVATION }

    private final String name;
    private final Kind kind;
    private final long size;
    private final MemoryRegionOps ops;
    private final RamBlock ram;
    private final long ramOffset;
    private final IommuTranslator iommu;
    private final MemoryRegion aliasTarget;
    private final List<MemoryRegion> subregions = new ArrayList<>();
    private final List<MemoryRegion> aliasedBy = new ArrayList<>();
    private final List<Runnable> topologyListeners = new CopyOnWriteArrayList<>();
    private long aliasOffset;
    private MemoryRegion container;
    private long address;
    private int priority;
    private boolean enabled = true;
    private boolean romd = true;
    private boolean readonly;
    private int logMask;
    private Object owner;

    private MemoryRegion(String name, Kind kind, long size, MemoryRegionOps ops, RamBlock ram, long ramOffset,
                         IommuTranslator iommu, MemoryRegion aliasTarget, long aliasOffset) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.size = size;
        this.ops = ops;
        this.ram = ram;
        this.ramOffset = ramOffset;
        this.iommu = iommu;
        this.aliasTarget = aliasTarget;
        this.aliasOffset = aliasOffset;
    }

    // ---- kinds ----------------------------------------------------------------------------------------------------

    /** RAM backed by {@code block} from its start; the region is as large as the block. */
    public static MemoryRegion ram(String name, RamBlock block) {
        return new MemoryRegion(name, Kind.RAM, block.size(), null, block, 0, null, null, 0);
    }

    /** RAM: allocates a new block of {@code size} bytes. */
    public static MemoryRegion ram(String name, long size) {
        return ram(name, RamBlock.allocate(name, size));
    }

    /** ROM: reads like RAM, guest writes are ignored; the host fills it through {@link #ramBlock()}. */
    public static MemoryRegion rom(String name, long size) {
        RamBlock block = RamBlock.allocate(name, size);
        return new MemoryRegion(name, Kind.ROM, block.size(), null, block, 0, null, null, 0);
    }

    /**
     * ROM filled from a file (firmware, option ROMs): as large as the file rounded up to whole pages.
     *
     * @throws java.io.IOException when the file cannot be read, or is empty
     */
    public static MemoryRegion romFromFile(String name, java.nio.file.Path file) throws java.io.IOException {
        long size = java.nio.file.Files.size(file);
        if (size == 0) throw new java.io.IOException(file + " is empty");
        MemoryRegion r = rom(name, size);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            java.lang.foreign.MemorySegment dst = r.ramBlock().segment();
            long done = 0;
            while (done < size) {
                int n = ch.read(dst.asSlice(done, size - done).asByteBuffer());
                if (n < 0) throw new java.io.IOException(file + " shrank while being read");
                done += n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            r.ramBlock().close();
            throw e;
        }
        return r;
    }

    /** I/O: every access calls {@code ops} (MMIO in a memory space, port I/O in the I/O space). */
    public static MemoryRegion io(String name, long size, MemoryRegionOps ops) {
        return new MemoryRegion(name, Kind.IO, checkSize(size), Objects.requireNonNull(ops, "ops"), null, 0, null, null, 0);
    }

    /** ROM device: reads come from RAM while in romd mode (else from ops); writes always go to ops. */
    public static MemoryRegion romDevice(String name, long size, MemoryRegionOps ops) {
        RamBlock block = RamBlock.allocate(name, size);
        return new MemoryRegion(name, Kind.ROM_DEVICE, block.size(), Objects.requireNonNull(ops, "ops"), block, 0, null, null, 0);
    }

    /** A window of {@code size} bytes into {@code target} starting at {@code offset}. */
    public static MemoryRegion alias(String name, MemoryRegion target, long offset, long size) {
        MemoryRegion a = new MemoryRegion(name, Kind.ALIAS, checkSize(size), null, null, 0, null,
                Objects.requireNonNull(target, "target"), offset);
        for (MemoryRegion t = target; t != null; t = t.aliasTarget) {
            if (t == a) throw new IllegalArgumentException("alias '" + name + "' would point at itself");
        }
        target.aliasedBy.add(a);
        return a;
    }

    /** A container: holds subregions; its own range is otherwise unassigned. */
    public static MemoryRegion container(String name, long size) {
        return new MemoryRegion(name, Kind.CONTAINER, size, null, null, 0, null, null, 0);
    }

    /** An IOMMU: accesses are translated by {@code translator} and continue in the address space it names. */
    public static MemoryRegion iommu(String name, long size, IommuTranslator translator) {
        return new MemoryRegion(name, Kind.IOMMU, checkSize(size), null, null, 0,
                Objects.requireNonNull(translator, "translator"), null, 0);
    }

    /** A reservation: claims the range (it shows in views and listeners) without backing; accesses act unassigned. */
    public static MemoryRegion reservation(String name, long size) {
        return new MemoryRegion(name, Kind.RESERVATION, checkSize(size), null, null, 0, null, null, 0);
    }

    private static long checkSize(long size) {
        if (size == 0) throw new IllegalArgumentException("only containers may span the whole 64-bit space (size 0)");
        return size;
    }

    // ---- attributes ---------------------------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Unsigned size; 0 means 2^64. */
    public long size() {
        return size;
    }

    /** The last offset inside the region (size - 1, unsigned): 0xffff_ffff_ffff_ffff for a 2^64 region. */
    public long lastOffset() {
        return size - 1;
    }

    public MemoryRegionOps ops() {
        return ops;
    }

    /** The RAM behind RAM, ROM and ROM device regions, else null. */
    public RamBlock ramBlock() {
        return ram;
    }

    /** Where this region starts in its RAM block. */
    public long ramOffset() {
        return ramOffset;
    }

    public IommuTranslator iommu() {
        return iommu;
    }

    public MemoryRegion aliasTarget() {
        return aliasTarget;
    }

    public long aliasOffset() {
        return aliasOffset;
    }

    /** Subregions, highest priority first (among equal priorities, the one added last first). */
    public List<MemoryRegion> subregions() {
        return Collections.unmodifiableList(subregions);
    }

    public MemoryRegion container() {
        return container;
    }

    /** Offset in the container. */
    public long address() {
        return address;
    }

    public int priority() {
        return priority;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** For ROM devices: whether reads come straight from RAM. */
    public boolean isRomd() {
        return romd;
    }

    /** Whether guest writes are ignored (always for ROM; settable for RAM, e.g. shadow RAM locked by a chipset). */
    public boolean isReadonly() {
        return readonly || kind == Kind.ROM;
    }

    /** Clients logging writes to this region ({@link DirtyClient#bit()} flags). */
    public int dirtyLogMask() {
        return logMask;
    }

    /** The device (or other object) that owns the region, for messages and info mtree. */
    public Object owner() {
        return owner;
    }

    public MemoryRegion setOwner(Object owner) {
        this.owner = owner;
        return this;
    }

    // ---- topology ---------------------------------------------------------------------------------------------

    /** Adds a subregion that must not overlap its siblings (priority 0). */
    public void addSubregion(long offset, MemoryRegion child) {
        addSubregionOverlap(offset, child, 0);
    }

    /**
     * Adds a subregion that may overlap siblings; where they overlap, the higher priority is visible, and among
     * equal priorities the one added last. Priorities are local to this container.
     */
    public void addSubregionOverlap(long offset, MemoryRegion child, int priority) {
        if (kind != Kind.CONTAINER && kind != Kind.RAM && kind != Kind.IO) {
            throw new IllegalArgumentException(kind + " region '" + name + "' cannot hold subregions");
        }
        Objects.requireNonNull(child, "child");
        if (child.container != null) {
            throw new IllegalArgumentException("region '" + child.name + "' is already in '" + child.container.name + "'");
        }
        for (MemoryRegion c = this; c != null; c = c.container) {
            if (c == child) throw new IllegalArgumentException("region '" + child.name + "' cannot contain itself");
        }
        child.container = this;
        child.address = offset;
        child.priority = priority;
        int i = 0;
        while (i < subregions.size() && subregions.get(i).priority > priority) i++;
        subregions.add(i, child);
        changed();
    }

    public void removeSubregion(MemoryRegion child) {
        if (child.container != this) throw new IllegalArgumentException("region '" + child.name + "' is not in '" + name + "'");
        subregions.remove(child);
        child.container = null;
        changed();
    }

    public void setEnabled(boolean on) {
        if (enabled == on) return;
        enabled = on;
        changed();
    }

    /** Moves the region within its container. */
    public void setAddress(long offset) {
        if (address == offset) return;
        address = offset;
        changed();
    }

    public void setAliasOffset(long offset) {
        if (kind != Kind.ALIAS) throw new IllegalStateException("region '" + name + "' is not an alias");
        if (aliasOffset == offset) return;
        aliasOffset = offset;
        changed();
    }

    /** ROM devices: switch reads between RAM (true) and ops (false). */
    public void setRomd(boolean on) {
        if (kind != Kind.ROM_DEVICE) throw new IllegalStateException("region '" + name + "' is not a ROM device");
        if (romd == on) return;
        romd = on;
        changed();
    }

    public void setReadonly(boolean on) {
        if (readonly == on) return;
        readonly = on;
        changed();
    }

    /** Starts or stops logging writes for {@code client} (RAM regions; its block starts or stops too). */
    public void setDirtyLogging(DirtyClient client, boolean on) {
        int mask = on ? logMask | client.bit() : logMask & ~client.bit();
        if (mask == logMask) return;
        logMask = mask;
        if (ram != null) ram.setLogging(client, on);
        changed();
    }

    /**
     * Registers a callback run after every topology change visible from this region (as a root): changes in its
     * subtree and in regions its aliases show. Address spaces use this on their root.
     */
    public void addTopologyListener(Runnable listener) {
        topologyListeners.add(listener);
    }

    public void removeTopologyListener(Runnable listener) {
        topologyListeners.remove(listener);
    }

    /** Tells every root that can see this region, through containers and aliases. */
    private void changed() {
        Set<MemoryRegion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MemoryRegion> roots = new ArrayList<>();
        collectRoots(this, seen, roots);
        for (MemoryRegion r : roots) r.topologyListeners.forEach(Runnable::run);
    }

    private static void collectRoots(MemoryRegion r, Set<MemoryRegion> seen, List<MemoryRegion> roots) {
        if (!seen.add(r)) return;
        if (!r.topologyListeners.isEmpty()) roots.add(r);
        if (r.container != null) collectRoots(r.container, seen, roots);
        for (MemoryRegion a : r.aliasedBy) collectRoots(a, seen, roots);
    }

    @Override
    public String toString() {
        return name + " (" + kind.name().toLowerCase() + ")";
    }
}
