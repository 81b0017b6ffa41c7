package org.jemu.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Guest RAM: one off-heap, page-aligned block (QEMU's RAMBlock). On Linux it is an anonymous shared mapping
 * ({@code mmap(MAP_SHARED|MAP_ANONYMOUS|MAP_NORESERVE)}), so an accelerator can hand the same memory to KVM without
 * copying and a multi-GiB guest costs nothing until touched; elsewhere it falls back to an aligned arena allocation.
 *
 * <p>Each {@link DirtyClient} has a bitmap with one bit per 4 KiB page. Writers call {@link #markDirty} (cheap when no
 * client logs); readers take and clear bits with {@link #getAndClearDirty}. Bitmaps are updated atomically, so vCPU
 * threads may mark while another thread collects.
 *
 * <p>After {@link #close()} the segment is invalid: any access throws {@link IllegalStateException}, never touches
 * unmapped memory.
 */
public final class RamBlock implements AutoCloseable {

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_HUGEPAGE = 14;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Native NATIVE = Native.find();

    private final String name;
    private final long size;
    private final Arena arena;
    private final MemorySegment segment;
    private final long[][] dirty = new long[DirtyClient.values().length][];
    private volatile int logMask;

    private RamBlock(String name, long size, Arena arena, MemorySegment segment) {
        this.name = name;
        this.size = size;
        this.arena = arena;
        this.segment = segment;
        int words = (int) ((pages(size) + 63) >>> 6);
        for (int i = 0; i < dirty.length; i++) dirty[i] = new long[words];
    }

    /**
     * Allocates {@code size} bytes (rounded up to whole pages), zero-filled.
     *
     * @throws IllegalArgumentException for a size that is not positive or too large for the bitmaps (over 8 TiB)
     * @throws OutOfMemoryError          when the host refuses the mapping
     */
    public static RamBlock allocate(String name, long size) {
        if (size <= 0) throw new IllegalArgumentException("RAM block '" + name + "': size must be positive, got " + size);
        long rounded = (size + PAGE_SIZE - 1) & -PAGE_SIZE;
        if (pages(rounded) > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("RAM block '" + name + "': " + size + " bytes is too large");
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        if (NATIVE != null) {
            MemorySegment raw = NATIVE.mmap(rounded);
            if (raw.address() == -1L) {
                arena.close();
                throw new OutOfMemoryError("RAM block '" + name + "': mmap of " + rounded + " bytes failed");
            }
            // Transparent huge pages where the host allows them (as QEMU asks for guest RAM): far fewer TLB misses.
            NATIVE.madvise(raw, rounded, MADV_HUGEPAGE);
            // Unmapped only when the arena closes, after every thread has stopped using the segment.
            seg = raw.reinterpret(rounded, arena, s -> NATIVE.munmap(s, rounded));
        } else {
            seg = arena.allocate(rounded, PAGE_SIZE);
        }
        return new RamBlock(name, rounded, arena, seg);
    }

    public String name() {
        return name;
    }

    /** Bytes, a whole number of pages. */
    public long size() {
        return size;
    }

    /** The whole block; guest RAM offset 0 is segment offset 0. */
    public MemorySegment segment() {
        return segment;
    }

    /** Whether the block is an mmap'ed shared mapping that can be given to a hypervisor as it is. */
    public boolean isSharedMapping() {
        return NATIVE != null;
    }

    /** The clients currently logging, as {@link DirtyClient#bit()} flags. */
    public int logMask() {
        return logMask;
    }

    /** Starts or stops dirty logging for a client. Starting clears nothing; stopping leaves its bitmap as it is. */
    public synchronized void setLogging(DirtyClient client, boolean on) {
        logMask = on ? logMask | client.bit() : logMask & ~client.bit();
    }

    /** Records a write of {@code length} bytes at {@code offset} for every logging client. Out-of-range parts are ignored. */
    public void markDirty(long offset, long length) {
        int mask = logMask;
        if (mask == 0 || length <= 0 || offset >= size || offset < 0) return;
        long first = offset >>> PAGE_SHIFT;
        long last = (Math.min(offset + length, size) - 1) >>> PAGE_SHIFT;
        // one bit per client, bit n = client ordinal n: no per-call allocation on the store path
        for (int m = mask; m != 0; m &= m - 1) setBits(dirty[Integer.numberOfTrailingZeros(m)], first, last);
    }

    /** Sets the bits of pages first..last, skipping the atomic update where a bit is already set. */
    private static void setBits(long[] bits, long first, long last) {
        for (long p = first; p <= last; p++) {
            int word = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            if (((long) LONGS.getOpaque(bits, word) & bit) == 0) LONGS.getAndBitwiseOr(bits, word, bit);
        }
    }

    /** Whether any page in the range is dirty for {@code client}, clearing those bits. */
    public boolean getAndClearDirty(DirtyClient client, long offset, long length) {
        if (length <= 0 || offset >= size || offset < 0) return false;
        long[] bits = dirty[client.ordinal()];
        long first = offset >>> PAGE_SHIFT;
        long last = (Math.min(offset + length, size) - 1) >>> PAGE_SHIFT;
        boolean any = false;
        for (long p = first; p <= last; p++) {
            int word = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            if (((long) LONGS.getAndBitwiseAnd(bits, word, ~bit) & bit) != 0) any = true;
        }
        return any;
    }

    /** Whether the page holding {@code offset} is dirty for {@code client} (no clearing). */
    public boolean isDirty(DirtyClient client, long offset) {
        if (offset < 0 || offset >= size) return false;
        long p = offset >>> PAGE_SHIFT;
        return ((long) LONGS.getOpaque(dirty[client.ordinal()], (int) (p >>> 6)) & (1L << (p & 63))) != 0;
    }

    /** Unmaps the block. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    public boolean isClosed() {
        return !arena.scope().isAlive();
    }

    @Override
    public String toString() {
        return "RamBlock[" + name + ", " + size + " bytes]";
    }

    private static long pages(long bytes) {
        return (bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT;
    }

    /** mmap/munmap through FFM, when the platform has them. */
    private record Native(MethodHandle mmap, MethodHandle munmap, MethodHandle madvise) {

        static Native find() {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Optional<MemorySegment> mmap = libc.find("mmap");
                Optional<MemorySegment> munmap = libc.find("munmap");
                Optional<MemorySegment> madvise = libc.find("madvise");
                if (mmap.isEmpty() || munmap.isEmpty() || madvise.isEmpty()
                        || !System.getProperty("os.name", "").startsWith("Linux")) return null;
                return new Native(
                        linker.downcallHandle(mmap.get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG)),
                        linker.downcallHandle(munmap.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG)),
                        linker.downcallHandle(madvise.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)));
            } catch (RuntimeException | LinkageError e) {
                return null; // no native access: fall back to arena allocation
            }
        }

        MemorySegment mmap(long size) {
            try {
                return (MemorySegment) mmap.invokeExact(MemorySegment.NULL, size, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            } catch (Throwable t) {
                throw new IllegalStateException("mmap failed", t);
            }
        }

        /** Advice only: a refusal (no THP support) changes nothing but speed. */
        void madvise(MemorySegment s, long size, int advice) {
            try {
                int ignored = (int) madvise.invokeExact(s, size, advice);
            } catch (Throwable t) {
                // advice is optional
            }
        }

        void munmap(MemorySegment s, long size) {
            try {
                int rc = (int) munmap.invokeExact(s, size);
                if (rc != 0) System.err.println("jemu: munmap of a RAM block failed");
            } catch (Throwable t) {
                System.err.println("jemu: munmap of a RAM block failed: " + t);
            }
        }
    }
}
