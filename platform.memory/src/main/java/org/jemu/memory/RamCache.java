package org.jemu.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The fast path to guest RAM for one thread (a vCPU, a DMA engine): a few cached {@link Translation}s of whole flat
 * ranges, valid for one address-space generation. Guest RAM is a handful of large ranges (below and above 4 GiB,
 * option ROMs), so nearly every access hits one of them: a generation check, one unsigned range compare per way
 * tried and the segment access. Everything else — misses, MMIO, ranges too small to
 * be worth caching — goes through {@link AddressSpace#read}/{@link AddressSpace#write}. Direct writes mark the RAM
 * block dirty for logging clients. Not thread-safe: one per thread.
 */
public final class RamCache {

    private static final int WAYS = 4;
    /** Ranges smaller than this are not cached, which also keeps the range compare free of underflow. */
    private static final long MIN_RANGE = 4096;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final AddressSpace space;
    // way i covers guest [start[i], start[i] + span[i]] (span = last - start), segment offset = guest + delta[i]
    private final long[] start = new long[WAYS];
    private final long[] span = new long[WAYS];
    private final long[] delta = new long[WAYS];
    private final boolean[] writable = new boolean[WAYS];
    private final MemorySegment[] segment = new MemorySegment[WAYS];
    private final RamBlock[] block = new RamBlock[WAYS];
    private int used;
    private long generation;
    private long hitOffset;
    private int hitWay;
    private int victim;

    public RamCache(AddressSpace space) {
        this.space = space;
        this.generation = space.generation();
    }

    public AddressSpace space() {
        return space;
    }

    /** Forgets every cached range. */
    public void flush() {
        for (int i = 0; i < used; i++) {
            segment[i] = null;
            block[i] = null;
        }
        used = 0;
        generation = space.generation();
    }

    public int readByte(long address) {
        return find(address, 1, false) ? segment[hitWay].get(ValueLayout.JAVA_BYTE, hitOffset) & 0xff : (int) space.read(address, 1);
    }

    public int readShort(long address) {
        return find(address, 2, false) ? segment[hitWay].get(LE_SHORT, hitOffset) & 0xffff : (int) space.read(address, 2);
    }

    public int readInt(long address) {
        return find(address, 4, false) ? segment[hitWay].get(LE_INT, hitOffset) : (int) space.read(address, 4);
    }

    public long readLong(long address) {
        return find(address, 8, false) ? segment[hitWay].get(LE_LONG, hitOffset) : space.read(address, 8);
    }

    public void writeByte(long address, int value) {
        if (find(address, 1, true)) {
            segment[hitWay].set(ValueLayout.JAVA_BYTE, hitOffset, (byte) value);
            dirty(1);
        } else {
            space.write(address, 1, value & 0xffL);
        }
    }

    public void writeShort(long address, int value) {
        if (find(address, 2, true)) {
            segment[hitWay].set(LE_SHORT, hitOffset, (short) value);
            dirty(2);
        } else {
            space.write(address, 2, value & 0xffffL);
        }
    }

    public void writeInt(long address, int value) {
        if (find(address, 4, true)) {
            segment[hitWay].set(LE_INT, hitOffset, value);
            dirty(4);
        } else {
            space.write(address, 4, value & 0xffff_ffffL);
        }
    }

    public void writeLong(long address, long value) {
        if (find(address, 8, true)) {
            segment[hitWay].set(LE_LONG, hitOffset, value);
            dirty(8);
        } else {
            space.write(address, 8, value);
        }
    }

    /**
     * Finds the way holding {@code address..address+size-1} (left in {@link #hitWay}, with the segment offset in
     * {@link #hitOffset}); false when the access must take the slow path.
     */
    private boolean find(long address, int size, boolean write) {
        if (space.generation() != generation) flush();
        for (int i = 0; i < used; i++) {
            if ((!write || writable[i]) && Long.compareUnsigned(address - start[i], span[i] - (size - 1)) <= 0) {
                hitWay = i;
                hitOffset = address + delta[i];
                return true;
            }
        }
        Translation t = space.translate(address, write);
        if (!t.isDirect() || (write && !t.writable()) || !t.covers(address, size)
                || Long.compareUnsigned(t.last() - t.start(), MIN_RANGE - 1) < 0) {
            return false;
        }
        int i = used < WAYS ? used++ : victim++ & (WAYS - 1);
        start[i] = t.start();
        span[i] = t.last() - t.start();
        delta[i] = t.segmentOffset() - t.start();
        writable[i] = t.writable();
        segment[i] = t.segment();
        block[i] = t.block();
        hitWay = i;
        hitOffset = address + delta[i];
        return true;
    }

    private void dirty(int size) {
        RamBlock b = block[hitWay];
        if (b != null && b.logMask() != 0) b.markDirty(hitOffset, size);
    }
}
