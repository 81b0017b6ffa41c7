package org.jemu.memory.internal;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegionOps;

/**
 * Calls a device's ops for one guest access, the way QEMU's memory_region_dispatch_* and access_with_adjusted_size
 * do: an access the {@code valid()} constraints refuse is an access error; otherwise it is carried out with accesses
 * of {@code clamp(size, impl.min, impl.max)} bytes, combined little-endian. When the implementation wants aligned
 * accesses, the covering aligned accesses are made and the wanted bytes extracted (reads) or placed at their byte
 * positions with the other bytes zero (writes). Allocation-free.
 */
public final class IoAccess {

    private IoAccess() {
    }

    /** The low {@code bytes} bytes set (bytes 0..8). */
    public static long mask(int bytes) {
        return bytes >= 8 ? -1L : (1L << (bytes << 3)) - 1;
    }

    public static MemTxResult worse(MemTxResult a, MemTxResult b) {
        return a == MemTxResult.OK ? b : a;
    }

    /** Reads {@code size} (1, 2, 4 or 8) bytes at region offset {@code offset} into {@code out[0]}; all-ones on refusal. */
    public static MemTxResult read(MemoryRegionOps ops, long offset, int size, long[] out) {
        if (!ops.valid().allows(offset, size)) {
            out[0] = mask(size);
            return MemTxResult.ACCESS_ERROR;
        }
        AccessConstraints impl = ops.impl();
        int a = Math.max(Math.min(size, impl.maxSize()), impl.minSize());
        long begin = impl.unaligned() ? offset : offset & -(long) a;
        long span = offset - begin + size; // bytes from begin to the end of the access
        long value = 0;
        MemTxResult result = MemTxResult.OK;
        for (long i = 0; i < span; i += a) {
            long b = begin + i;
            MemTxResult r = ops.readWithResult(b, a, out);
            long v = r == MemTxResult.OK ? out[0] & mask(a) : mask(a);
            result = worse(result, r);
            value |= b >= offset ? v << ((b - offset) << 3) : v >>> ((offset - b) << 3);
        }
        out[0] = value & mask(size);
        return result;
    }

    /** Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code value} at region offset {@code offset}. */
    public static MemTxResult write(MemoryRegionOps ops, long offset, int size, long value) {
        if (!ops.valid().allows(offset, size)) return MemTxResult.ACCESS_ERROR;
        AccessConstraints impl = ops.impl();
        int a = Math.max(Math.min(size, impl.maxSize()), impl.minSize());
        long begin = impl.unaligned() ? offset : offset & -(long) a;
        long span = offset - begin + size;
        value &= mask(size);
        MemTxResult result = MemTxResult.OK;
        for (long i = 0; i < span; i += a) {
            long b = begin + i;
            long v;
            int lowSkip;
            if (b >= offset) {
                v = value >>> ((b - offset) << 3);
                lowSkip = 0;
            } else {
                lowSkip = (int) (offset - b);
                v = value << (lowSkip << 3);
            }
            int highEnd = (int) Math.min(a, span - i);
            v &= mask(highEnd) & ~mask(lowSkip);
            result = worse(result, ops.writeWithResult(b, a, v));
        }
        return result;
    }

    /**
     * The largest access to use for {@code length} bytes at region offset {@code offset} when splitting a buffer
     * (QEMU's memory_access_size): a power of two, at most the valid maximum, and aligned unless the device takes
     * unaligned accesses.
     */
    public static int accessSize(MemoryRegionOps ops, long offset, long length) {
        int max = ops.valid().maxSize();
        if (!ops.impl().unaligned() || !ops.valid().unaligned()) {
            long align = offset & -offset;
            if (align != 0 && align < max) max = (int) align;
        }
        long l = Math.min(length, max);
        return Integer.highestOneBit((int) l);
    }
}
