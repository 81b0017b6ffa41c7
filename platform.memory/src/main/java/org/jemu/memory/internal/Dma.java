package org.jemu.memory.internal;

import static org.jemu.memory.internal.IoAccess.worse;

import java.lang.foreign.MemorySegment;

import org.jemu.memory.AddressSpace;
import org.jemu.memory.IommuTranslator.IommuTlbEntry;
import org.jemu.memory.Mapping;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.RamBlock;

/**
 * Bulk (DMA) transfers between a host buffer and an address space: RAM by copying, devices by the largest valid
 * accesses, IOMMUs page by page into their target space. Never throws for a bad guest address: unbacked parts (and
 * anything beyond 2^64) are decode errors, read as all-ones, and the rest of the transfer still happens.
 */
public final class Dma {

    private final AddressSpace owner;
    private final String space;
    private final Unassigned unassigned;

    public Dma(AddressSpace owner, Unassigned unassigned) {
        this.owner = owner;
        this.space = owner.name();
        this.unassigned = unassigned;
    }

    public MemTxResult transfer(FlatView view, long addr, MemorySegment buf, boolean write) {
        long len = buf.byteSize();
        MemTxResult result = MemTxResult.OK;
        for (long done = 0; done < len; ) {
            long a = addr + done;
            long rest = len - done;
            if (done > 0 && a == 0) { // the buffer runs past 2^64
                result = worse(result, unbacked(a, buf.asSlice(done, rest), write));
                break;
            }
            FlatRange fr = view.find(a);
            long n = fr.remaining(a, rest);
            result = worse(result, transferIn(fr, a, buf.asSlice(done, n), write));
            done += n;
        }
        return result;
    }

    private MemTxResult unbacked(long a, MemorySegment piece, boolean write) {
        unassigned.hit(space, a, piece.byteSize(), write);
        if (!write) piece.fill((byte) 0xff);
        return MemTxResult.DECODE_ERROR;
    }

    private MemTxResult transferIn(FlatRange fr, long a, MemorySegment piece, boolean write) {
        MemoryRegion mr = fr.region();
        if (mr == null) return unbacked(a, piece, write);
        long off = fr.regionOffset(a);
        long n = piece.byteSize();
        switch (mr.kind()) {
            case RAM, ROM, ROM_DEVICE -> {
                RamBlock block = mr.ramBlock();
                long bo = mr.ramOffset() + off;
                if (!write && (mr.kind() != MemoryRegion.Kind.ROM_DEVICE || fr.romd())) {
                    MemorySegment.copy(block.segment(), bo, piece, 0, n);
                } else if (write && mr.kind() == MemoryRegion.Kind.RAM) {
                    if (!fr.readonly()) {
                        MemorySegment.copy(piece, 0, block.segment(), bo, n);
                        block.markDirty(bo, n);
                    }
                } else if (mr.kind() == MemoryRegion.Kind.ROM_DEVICE) {
                    return io(mr.ops(), off, piece, write);
                }
                return MemTxResult.OK; // writes to ROM and readonly RAM are ignored
            }
            case IO -> {
                return io(mr.ops(), off, piece, write);
            }
            case IOMMU -> {
                return iommu(mr, off, piece, write);
            }
            default -> {
                return unbacked(a, piece, write);
            }
        }
    }

    private static MemTxResult io(MemoryRegionOps ops, long off, MemorySegment piece, boolean write) {
        long n = piece.byteSize();
        long[] out = new long[1];
        MemTxResult result = MemTxResult.OK;
        for (long d = 0; d < n; ) {
            int l = IoAccess.accessSize(ops, off + d, n - d);
            if (write) {
                result = worse(result, IoAccess.write(ops, off + d, l, Ram.read(piece, d, l)));
            } else {
                result = worse(result, IoAccess.read(ops, off + d, l, out));
                Ram.write(piece, d, l, out[0]);
            }
            d += l;
        }
        return result;
    }

    private static MemTxResult iommu(MemoryRegion mr, long off, MemorySegment piece, boolean write) {
        long n = piece.byteSize();
        MemTxResult result = MemTxResult.OK;
        for (long d = 0; d < n; ) {
            long o = off + d;
            IommuTlbEntry e = mr.iommu().translate(o, write);
            long left = e == null ? n - d - 1 : (o | e.addressMask()) - o;
            long k = Long.compareUnsigned(left, n - d - 1) >= 0 ? n - d : left + 1;
            MemorySegment part = piece.asSlice(d, k);
            if (e == null || !(write ? e.writable() : e.readable())) {
                if (!write) part.fill((byte) 0xff);
                result = worse(result, MemTxResult.DECODE_ERROR);
            } else {
                long t = (e.translatedAddress() & ~e.addressMask()) | (o & e.addressMask());
                result = worse(result, write ? e.target().write(t, part) : e.target().read(t, part));
            }
            d += k;
        }
        return result;
    }

    /** QEMU's address_space_map: RAM directly (the longest contiguous prefix), anything else through a bounce buffer. */
    public Mapping map(FlatView view, long addr, long len, boolean write) {
        Mapping none = new Mapping(owner, addr, MemorySegment.NULL, write, false, null, 0);
        if (len <= 0) return none;
        FlatRange fr = view.find(addr);
        MemoryRegion mr = fr.region();
        if (mr == null || mr.kind() == MemoryRegion.Kind.RESERVATION) return none;
        long off = fr.regionOffset(addr);
        long n = fr.remaining(addr, len);
        if (mr.kind() == MemoryRegion.Kind.IOMMU) {
            IommuTlbEntry e = mr.iommu().translate(off, write);
            if (e == null || !(write ? e.writable() : e.readable())) return none;
            long left = (off | e.addressMask()) - off;
            long k = Long.compareUnsigned(left, n - 1) >= 0 ? n : left + 1;
            return e.target().map((e.translatedAddress() & ~e.addressMask()) | (off & e.addressMask()), k, write);
        }
        boolean direct = write ? mr.kind() == MemoryRegion.Kind.RAM && !fr.readonly()
                : mr.kind() == MemoryRegion.Kind.RAM || mr.kind() == MemoryRegion.Kind.ROM
                || (mr.kind() == MemoryRegion.Kind.ROM_DEVICE && fr.romd());
        if (direct) {
            long bo = mr.ramOffset() + off;
            return new Mapping(owner, addr, mr.ramBlock().segment().asSlice(bo, n), write, false, mr.ramBlock(), bo);
        }
        MemorySegment bounce = MemorySegment.ofArray(new byte[(int) Math.min(len, RamBlock.PAGE_SIZE)]);
        if (!write) transfer(view, addr, bounce, false);
        return new Mapping(owner, addr, bounce, write, true, null, 0);
    }

    public void unmap(Mapping m, long accessed) {
        long n = Math.max(0, Math.min(accessed, m.length()));
        if (!m.write() || n == 0) return;
        if (m.bounce()) m.space().write(m.address(), m.segment().asSlice(0, n));
        else m.block().markDirty(m.blockOffset(), n);
    }
}
