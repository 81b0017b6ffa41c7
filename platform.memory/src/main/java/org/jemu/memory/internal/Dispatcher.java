package org.jemu.memory.internal;

import static org.jemu.memory.internal.IoAccess.mask;
import static org.jemu.memory.internal.IoAccess.worse;

import org.jemu.memory.AddressSpace;
import org.jemu.memory.IommuTranslator.IommuTlbEntry;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * Single guest accesses of 1 to 8 bytes through a flat view (the slow path): RAM directly, devices through
 * {@link IoAccess}, IOMMUs through their translator into the target space, holes and reservations as unassigned.
 * An access crossing range boundaries is split per range (device pieces into the largest valid accesses). Values
 * are little-endian; failed bytes read as all-ones. Allocation-free except what an IOMMU translator allocates.
 */
public final class Dispatcher {

    private final String space;
    private final Unassigned unassigned;

    public Dispatcher(String space, Unassigned unassigned) {
        this.space = space;
        this.unassigned = unassigned;
    }

    public MemTxResult read(FlatView view, long addr, int size, long[] out) {
        FlatRange fr = view.find(addr);
        if (fr.remaining(addr, size) == size) return readIn(fr, addr, size, out, true);
        long value = 0;
        MemTxResult result = MemTxResult.OK;
        int done = 0;
        while (done < size) {
            long a = addr + done;
            int n;
            MemTxResult r;
            if (done > 0 && a == 0) { // wrapped past 2^64
                n = size - done;
                r = unassignedRead(a, n, out);
            } else {
                fr = view.find(a);
                n = (int) fr.remaining(a, size - done);
                r = readIn(fr, a, n, out, false);
            }
            value |= (out[0] & mask(n)) << (done << 3);
            result = worse(result, r);
            done += n;
        }
        out[0] = value;
        return result;
    }

    public MemTxResult write(FlatView view, long addr, int size, long value) {
        FlatRange fr = view.find(addr);
        if (fr.remaining(addr, size) == size) return writeIn(fr, addr, size, value, true);
        MemTxResult result = MemTxResult.OK;
        int done = 0;
        while (done < size) {
            long a = addr + done;
            long v = value >>> (done << 3);
            int n;
            MemTxResult r;
            if (done > 0 && a == 0) {
                n = size - done;
                unassigned.hit(space, a, n, true);
                r = MemTxResult.DECODE_ERROR;
            } else {
                fr = view.find(a);
                n = (int) fr.remaining(a, size - done);
                r = writeIn(fr, a, n, v & mask(n), false);
            }
            result = worse(result, r);
            done += n;
        }
        return result;
    }

    private MemTxResult readIn(FlatRange fr, long addr, int size, long[] out, boolean whole) {
        MemoryRegion mr = fr.region();
        if (mr == null) return unassignedRead(addr, size, out);
        long off = fr.regionOffset(addr);
        return switch (mr.kind()) {
            case RAM, ROM -> ramRead(mr, off, size, out);
            case ROM_DEVICE -> fr.romd() ? ramRead(mr, off, size, out) : ioRead(mr.ops(), off, size, out, whole);
            case IO -> ioRead(mr.ops(), off, size, out, whole);
            case IOMMU -> iommuRead(mr, off, size, out);
            default -> unassignedRead(addr, size, out);
        };
    }

    private MemTxResult writeIn(FlatRange fr, long addr, int size, long value, boolean whole) {
        MemoryRegion mr = fr.region();
        if (mr == null) {
            unassigned.hit(space, addr, size, true);
            return MemTxResult.DECODE_ERROR;
        }
        long off = fr.regionOffset(addr);
        switch (mr.kind()) {
            case RAM -> {
                if (!fr.readonly()) {
                    long bo = mr.ramOffset() + off;
                    Ram.write(mr.ramBlock().segment(), bo, size, value);
                    mr.ramBlock().markDirty(bo, size);
                }
                return MemTxResult.OK;
            }
            case ROM -> {
                return MemTxResult.OK; // guest writes to ROM are ignored
            }
            case ROM_DEVICE, IO -> {
                return ioWrite(mr.ops(), off, size, value, whole);
            }
            case IOMMU -> {
                return iommuWrite(mr, off, size, value);
            }
            default -> {
                unassigned.hit(space, addr, size, true);
                return MemTxResult.DECODE_ERROR;
            }
        }
    }

    private static MemTxResult ramRead(MemoryRegion mr, long off, int size, long[] out) {
        out[0] = Ram.read(mr.ramBlock().segment(), mr.ramOffset() + off, size);
        return MemTxResult.OK;
    }

    private MemTxResult unassignedRead(long addr, int size, long[] out) {
        unassigned.hit(space, addr, size, false);
        out[0] = mask(size);
        return MemTxResult.DECODE_ERROR;
    }

    private static MemTxResult ioRead(MemoryRegionOps ops, long off, int size, long[] out, boolean whole) {
        if (whole) return IoAccess.read(ops, off, size, out);
        long value = 0;
        MemTxResult result = MemTxResult.OK;
        for (int done = 0; done < size; ) {
            int l = IoAccess.accessSize(ops, off + done, size - done);
            result = worse(result, IoAccess.read(ops, off + done, l, out));
            value |= (out[0] & mask(l)) << (done << 3);
            done += l;
        }
        out[0] = value;
        return result;
    }

    private static MemTxResult ioWrite(MemoryRegionOps ops, long off, int size, long value, boolean whole) {
        if (whole) return IoAccess.write(ops, off, size, value);
        MemTxResult result = MemTxResult.OK;
        for (int done = 0; done < size; ) {
            int l = IoAccess.accessSize(ops, off + done, size - done);
            result = worse(result, IoAccess.write(ops, off + done, l, (value >>> (done << 3)) & mask(l)));
            done += l;
        }
        return result;
    }

    /** Largest power of two not above {@code n} to which {@code addr} is aligned. */
    static int chunk(long addr, int n) {
        int c = Integer.highestOneBit(n);
        while ((addr & (c - 1)) != 0) c >>>= 1;
        return c;
    }

    private static MemTxResult iommuRead(MemoryRegion mr, long off, int size, long[] out) {
        long value = 0;
        MemTxResult result = MemTxResult.OK;
        for (int done = 0; done < size; ) {
            long o = off + done;
            IommuTlbEntry e = mr.iommu().translate(o, false);
            long left = e == null ? size - done - 1 : (o | e.addressMask()) - o; // bytes after o in the page
            int n = Long.compareUnsigned(left, size - done - 1) >= 0 ? size - done : (int) left + 1;
            long v;
            if (e == null || !e.readable()) {
                v = mask(n);
                result = worse(result, MemTxResult.DECODE_ERROR);
            } else {
                long t = (e.translatedAddress() & ~e.addressMask()) | (o & e.addressMask());
                v = 0;
                for (int k = 0; k < n; ) {
                    int c = Integer.bitCount(n) == 1 && k == 0 ? n : chunk(t + k, n - k);
                    result = worse(result, e.target().read(t + k, c, out));
                    v |= (out[0] & mask(c)) << (k << 3);
                    k += c;
                }
            }
            value |= (v & mask(n)) << (done << 3);
            done += n;
        }
        out[0] = value;
        return result;
    }

    private static MemTxResult iommuWrite(MemoryRegion mr, long off, int size, long value) {
        MemTxResult result = MemTxResult.OK;
        for (int done = 0; done < size; ) {
            long o = off + done;
            IommuTlbEntry e = mr.iommu().translate(o, true);
            long left = e == null ? size - done - 1 : (o | e.addressMask()) - o;
            int n = Long.compareUnsigned(left, size - done - 1) >= 0 ? size - done : (int) left + 1;
            if (e == null || !e.writable()) {
                result = worse(result, MemTxResult.DECODE_ERROR);
            } else {
                long t = (e.translatedAddress() & ~e.addressMask()) | (o & e.addressMask());
                long v = value >>> (done << 3);
                for (int k = 0; k < n; ) {
                    int c = Integer.bitCount(n) == 1 && k == 0 ? n : chunk(t + k, n - k);
                    result = worse(result, e.target().write(t + k, c, (v >>> (k << 3)) & mask(c)));
                    k += c;
                }
            }
            done += n;
        }
        return result;
    }
}
