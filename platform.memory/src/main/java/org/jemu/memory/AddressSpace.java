package org.jemu.memory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jemu.memory.internal.Dispatcher;
import org.jemu.memory.internal.Dma;
import org.jemu.memory.internal.FlatRange;
import org.jemu.memory.internal.FlatView;
import org.jemu.memory.internal.Unassigned;

/**
 * An address space: memory as seen from one viewpoint (a CPU, a bus master), rendered from a root region into an
 * immutable flat view that is replaced whenever the tree changes (see {@link MemorySystem}). Created by
 * {@link MemorySystem#createAddressSpace}.
 *
 * <p>Three ways in, fastest first:
 * <ul>
 * <li>{@link #translate} gives a precomputed {@link Translation}: for RAM (and ROM / ROM devices in romd mode, for
 * reads) the host segment to access directly; callers may cache it per page until {@link #generation()} changes.</li>
 * <li>{@link #read(long, int)} / {@link #write(long, int, long)}: single little-endian accesses of 1, 2, 4 or 8 bytes
 * with full dispatch (devices, IOMMUs, unassigned memory, accesses split across ranges).</li>
 * <li>The DMA API: {@link #read(long, byte[], int, int)}, {@link #write(long, byte[], int, int)}, {@link #map}.</li>
 * </ul>
 * All of them are safe to call from any thread (vCPUs read the published view without locking) and never throw for
 * a bad guest address: they report {@link MemTxResult#DECODE_ERROR} and read all-ones.
 */
public final class AddressSpace {

    private final MemorySystem system;
    private final String name;
    private final MemoryRegion root;
    private final Dispatcher dispatcher;
    private final Dma dma;
    private final ThreadLocal<long[]> scratch = ThreadLocal.withInitial(() -> new long[1]);
    final Runnable topologyHook;
    private volatile FlatView view;

    AddressSpace(MemorySystem system, String name, MemoryRegion root, Unassigned unassigned, FlatView initial) {
        this.system = system;
        this.name = Objects.requireNonNull(name, "name");
        this.root = Objects.requireNonNull(root, "root");
        this.dispatcher = new Dispatcher(name, unassigned);
        this.dma = new Dma(this, unassigned);
        this.view = initial;
        this.topologyHook = () -> system.rootChanged(this);
    }

    public String name() {
        return name;
    }

    public MemoryRegion root() {
        return root;
    }

    public MemorySystem system() {
        return system;
    }

    FlatView view() {
        return view;
    }

    void publish(FlatView v) {
        view = v;
    }

    /** Incremented whenever the flat view changes; cached translations of older generations are stale. */
    public long generation() {
        return view.generation();
    }

    // ---- fast path ------------------------------------------------------------------------------------------------

    /**
     * The translation of the range holding {@code address}, for a read or a write. Direct when the access may go
     * straight to host memory (RAM; for reads also ROM and ROM devices in romd mode); else the slow path must be used.
     * Allocation-free.
     */
    public Translation translate(long address, boolean write) {
        return view.translate(address, write);
    }

    // ---- slow path: single accesses --------------------------------------------------------------------------------

    /** Reads {@code size} (1, 2, 4 or 8) bytes, little-endian; unbacked or refused bytes read as all-ones. */
    public long read(long address, int size) {
        checkSize(size);
        long[] s = scratch.get();
        dispatcher.read(view, address, size, s);
        return s[0];
    }

    /** Reads {@code size} (1, 2, 4 or 8) bytes into {@code out[0]}, reporting the outcome. */
    public MemTxResult read(long address, int size, long[] out) {
        checkSize(size);
        return dispatcher.read(view, address, size, out);
    }

    /** Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code value}, little-endian, reporting the outcome. */
    public MemTxResult write(long address, int size, long value) {
        checkSize(size);
        return dispatcher.write(view, address, size, value);
    }

    private static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("access size must be 1, 2, 4 or 8, got " + size);
        }
    }

    // ---- DMA ----------------------------------------------------------------------------------------------------

    /** Copies guest memory at {@code address} into {@code dst[off..off+len)}. */
    public MemTxResult read(long address, byte[] dst, int off, int len) {
        return dma.transfer(view, address, MemorySegment.ofArray(dst).asSlice(off, len), false);
    }

    /** Copies {@code src[off..off+len)} into guest memory at {@code address}. */
    public MemTxResult write(long address, byte[] src, int off, int len) {
        return dma.transfer(view, address, MemorySegment.ofArray(src).asSlice(off, len), true);
    }

    /** Copies guest memory at {@code address} into all of {@code dst}. */
    public MemTxResult read(long address, MemorySegment dst) {
        return dma.transfer(view, address, dst, false);
    }

    /** Copies all of {@code src} into guest memory at {@code address}. */
    public MemTxResult write(long address, MemorySegment src) {
        return dma.transfer(view, address, src, true);
    }

    /**
     * Maps up to {@code length} bytes at {@code address} for direct access (QEMU's address_space_map): a slice of
     * guest RAM covering the longest contiguous RAM prefix, or for other memory a bounce buffer of at most a page
     * (filled at once for reads, written back at {@link #unmap}). A mapping of length 0 means nothing could be mapped.
     */
    public Mapping map(long address, long length, boolean write) {
        return dma.map(view, address, length, write);
    }

    /** Ends a mapping: marks written RAM dirty, or writes a bounce buffer back ({@code accessed} bytes). */
    public void unmap(Mapping mapping, long accessed) {
        dma.unmap(mapping, accessed);
    }

    // ---- inspection -------------------------------------------------------------------------------------------

    /** The current flat view as sections, in address order. */
    public List<MemoryRegionSection> sections() {
        List<FlatRange> ranges = view.ranges();
        List<MemoryRegionSection> out = new ArrayList<>(ranges.size());
        for (FlatRange r : ranges) out.add(r.section());
        return out;
    }

    /** The section serving {@code address}, or null when nothing does. */
    public MemoryRegionSection sectionAt(long address) {
        FlatRange r = view.find(address);
        return r.isHole() ? null : r.section();
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + ", root " + root.name() + "]";
    }
}
