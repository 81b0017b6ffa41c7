package org.jemu.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Region kinds through an address space: ROM, ROM devices, reservations, holes, IOMMUs, readonly RAM, high RAM. */
class AddressSpaceTest {

    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Ops that log accesses and read back a fixed value. */
    static final class LogOps implements MemoryRegionOps {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r" + size + "@" + Long.toHexString(offset));
            return 0x1234_5678_9abc_def0L;
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w" + size + "@" + Long.toHexString(offset) + "=" + Long.toHexString(value));
        }
    }

    @Test
    void romReadsLikeRamAndIgnoresGuestWrites() {
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion rom = MemoryRegion.rom("bios", 0x1000);
        rom.ramBlock().segment().set(LE_INT, 0x10, 0xcafebabe);
        root.addSubregion(0xf0000, rom);
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        assertEquals(0xcafebabeL, as.read(0xf0010, 4));
        assertEquals(MemTxResult.OK, as.write(0xf0010, 4, 0));
        assertEquals(MemTxResult.OK, as.write(0xf0010, new byte[4], 0, 4));
        assertEquals(0xcafebabeL, as.read(0xf0010, 4));
        assertTrue(as.translate(0xf0010, false).isDirect());
        assertFalse(as.translate(0xf0010, true).isDirect());
    }

    @Test
    void romDeviceReadsRamInRomdModeAndOpsOtherwise() {
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        LogOps ops = new LogOps();
        MemoryRegion flash = MemoryRegion.romDevice("flash", 0x1000, ops);
        flash.ramBlock().segment().set(ValueLayout.JAVA_BYTE, 4, (byte) 0x5a);
        root.addSubregion(0x10000, flash);
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        assertEquals(0x5aL, as.read(0x10004, 1));
        as.write(0x10004, 1, 0x90);
        assertEquals(List.of("w1@4=90"), ops.log);
        assertTrue(as.translate(0x10004, false).isDirect());
        long gen = as.generation();
        flash.setRomd(false);
        assertTrue(as.generation() > gen);
        assertFalse(as.translate(0x10004, false).isDirect());
        assertEquals(0xf0L, as.read(0x10004, 1));
        assertEquals("r1@4", ops.log.getLast());
        flash.setRomd(true);
        assertEquals(0x5aL, as.read(0x10004, 1));
        assertTrue(new MemorySystem().mtree().isEmpty());
    }

    @Test
    void reservationsAndHolesReadAllOnesIgnoreWritesAndAreCounted() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        root.addSubregion(0x1000, MemoryRegion.reservation("kvm-owned", 0x1000));
        AddressSpace as = sys.createAddressSpace("mem", root);
        long[] out = new long[1];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(0x1004, 2, out));
        assertEquals(0xffffL, out[0]);
        assertEquals(0xffffffffL, as.read(0x5000, 4));
        assertEquals(-1L, as.read(0xfffff_fff8L, 8));
        assertEquals(MemTxResult.DECODE_ERROR, as.write(0x1000, 4, 0));
        assertEquals(MemTxResult.DECODE_ERROR, as.write(0x200000, 1, 0));
        assertEquals(5, sys.unassignedAccesses());
        assertEquals("kvm-owned", as.sectionAt(0x1000).region().name());
    }

    @Test
    void readonlyRamIgnoresWritesAndIsNotWritableOnTheFastPath() {
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion shadow = MemoryRegion.ram("shadow", 0x1000);
        root.addSubregion(0xc0000, shadow);
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        as.write(0xc0000, 4, 0x11223344);
        shadow.setReadonly(true);
        assertEquals(MemTxResult.OK, as.write(0xc0000, 4, 0));
        assertEquals(0x11223344L, as.read(0xc0000, 4));
        assertFalse(as.translate(0xc0000, true).isDirect());
        assertTrue(as.translate(0xc0000, false).isDirect());
        assertTrue(as.sectionAt(0xc0000).readonly());
    }

    @Test
    void writesThroughTheSpaceSetDirtyBits() {
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion vram = MemoryRegion.ram("vram", 0x4000);
        root.addSubregion(0xa0000, vram);
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        vram.setDirtyLogging(DirtyClient.DISPLAY, true);
        RamBlock b = vram.ramBlock();
        as.write(0xa1000, 4, 1);
        as.write(0xa3ffe, new byte[2], 0, 2);
        assertTrue(b.getAndClearDirty(DirtyClient.DISPLAY, 0x1000, 0x1000));
        assertFalse(b.getAndClearDirty(DirtyClient.DISPLAY, 0x2000, 0x1000));
        assertTrue(b.getAndClearDirty(DirtyClient.DISPLAY, 0x3000, 0x1000));
        Translation t = as.translate(0xa2000, true);
        t.segment().set(LE_INT, t.offset(0xa2000), 7);
        t.markDirty(0xa2000, 4);
        assertTrue(b.isDirty(DirtyClient.DISPLAY, 0x2000));
        assertEquals(7L, as.read(0xa2000, 4));
    }

    @Test
    void ramAboveFourGigabytesThroughAliasesOfOneBlock() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion system = MemoryRegion.container("system", 0);
        MemoryRegion ram = MemoryRegion.ram("pc.ram", 0x4000);
        system.addSubregion(0, MemoryRegion.alias("ram-below-4g", ram, 0, 0x2000));
        system.addSubregion(0x1_0000_0000L, MemoryRegion.alias("ram-above-4g", ram, 0x2000, 0x2000));
        AddressSpace as = sys.createAddressSpace("memory", system);
        assertEquals(MemTxResult.OK, as.write(0x1_0000_0010L, 8, 0x0102030405060708L));
        assertEquals(0x05060708L, ram.ramBlock().segment().get(LE_INT, 0x2010));
        assertEquals(0x0102030405060708L, as.read(0x1_0000_0010L, 8));
        Translation t = as.translate(0x1_0000_1000L, false);
        assertEquals(0x1_0000_0000L, t.start());
        assertEquals(0x1_0000_1fffL, t.last());
        assertEquals(0x3000, t.offset(0x1_0000_1000L));
        assertTrue(t.covers(0x1_0000_1000L, 4096));
        assertFalse(t.covers(0x1_0000_1001L, 4096));
        as.write(0x1ffc, 4, 0xaabbccdd);
        assertEquals(0xaabbccdd, ram.ramBlock().segment().get(LE_INT, 0x1ffc));
        assertEquals(0xffffffffL, as.read(0x2000, 4));

        String mtree = sys.mtree();
        assertTrue(mtree.contains("address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"), mtree);
        assertTrue(mtree.contains("    0000000100000000-0000000100001fff (prio 0, ram): alias ram-above-4g @pc.ram "
                + "0000000000002000-0000000000003fff\n"), mtree);
        assertTrue(mtree.contains("memory-region: pc.ram\n  0000000000000000-0000000000003fff (prio 0, ram): pc.ram\n"), mtree);
        String flat = sys.flatViews();
        assertTrue(flat.contains("  0000000100000000-0000000100001fff (prio 0, ram): pc.ram @0000000000002000\n"), flat);
        system.subregions().getFirst().setEnabled(false);
        assertTrue(sys.mtree().contains("ram-above-4g @pc.ram 0000000000002000-0000000000003fff [disabled]"), sys.mtree());
    }

    @Test
    void iommuTranslatesPagesIntoTheTargetSpaceAndRefusesWhatItMust() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion system = MemoryRegion.container("system", 0);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x10000);
        system.addSubregion(0, ram);
        AddressSpace memory = sys.createAddressSpace("memory", system);
        // device page n -> system page n + 8; page 2 unmapped; page 3 read-only
        IommuTranslator tr = (addr, write) -> {
            long page = addr >>> 12;
            if (page == 2) return null;
            return new IommuTranslator.IommuTlbEntry(memory, (page + 8) << 12, 0xfff, true, page != 3);
        };
        MemoryRegion dmaRoot = MemoryRegion.container("dma-root", 0);
        dmaRoot.addSubregion(0, MemoryRegion.iommu("iommu", 0x10000, tr));
        AddressSpace dma = sys.createAddressSpace("dma", dmaRoot);

        assertEquals(MemTxResult.OK, dma.write(0x1010, 4, 0xdeadbeefL));
        assertEquals(0xdeadbeefL, memory.read(0x9010, 4));
        assertEquals(0xdeadbeefL, dma.read(0x1010, 4));
        // crossing from page 0 into page 1: two translations
        assertEquals(MemTxResult.OK, dma.write(0xffe, 4, 0x44332211L));
        assertEquals(0x2211L, memory.read(0x8ffe, 2));
        assertEquals(0x4433L, memory.read(0x9000, 2));
        assertEquals(0x44332211L, dma.read(0xffe, 4));
        // refused page, read-only page
        long[] out = new long[1];
        assertEquals(MemTxResult.DECODE_ERROR, dma.read(0x2000, 4, out));
        assertEquals(0xffffffffL, out[0]);
        assertEquals(MemTxResult.DECODE_ERROR, dma.write(0x3000, 4, 1));
        assertEquals(MemTxResult.OK, dma.read(0x3000, 4, out));
        assertFalse(dma.translate(0x1000, false).isDirect());
        // bulk DMA across pages
        byte[] buf = new byte[0x1800];
        Arrays.fill(buf, (byte) 0x77);
        assertEquals(MemTxResult.OK, dma.write(0x400, buf, 0, buf.length));
        assertEquals(0x77L, memory.read(0x8400, 1));
        assertEquals(0x77L, memory.read(0x9bff, 1));
        assertEquals(MemTxResult.DECODE_ERROR, dma.write(0x1800, buf, 0, buf.length));
        Mapping m = dma.map(0x1100, 0x2000, true);
        assertEquals(0xf00, m.length());
        assertEquals(memory, m.space());
        assertFalse(m.bounce());
        assertEquals(0, dma.map(0x2000, 16, false).length());
    }

    @Test
    void dmaCopiesAcrossRamAndDevicesAndReportsBadAddresses() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x2000);
        LogOps ops = new LogOps();
        root.addSubregion(0, ram);
        root.addSubregion(0x2000, MemoryRegion.io("dev", 0x10, ops));
        root.addSubregion(-0x1000L, MemoryRegion.ram("top", 0x1000));
        AddressSpace as = sys.createAddressSpace("mem", root);
        ram.setDirtyLogging(DirtyClient.MIGRATION, true);

        byte[] src = new byte[0x20];
        for (int i = 0; i < src.length; i++) src[i] = (byte) i;
        assertEquals(MemTxResult.DECODE_ERROR, as.write(0x1ff8, src, 0, 0x20)); // RAM, device, then a hole
        assertEquals(0x0706050403020100L, as.read(0x1ff8, 8));
        assertEquals(List.of("w8@0=f0e0d0c0b0a0908", "w8@8=1716151413121110"), ops.log);
        assertTrue(ram.ramBlock().isDirty(DirtyClient.MIGRATION, 0x1000));

        byte[] dst = new byte[0x10];
        assertEquals(MemTxResult.OK, as.read(0x1ffc, dst, 0, 12)); // 4 RAM bytes, then the device
        assertEquals(0x04, dst[0]);
        assertEquals((byte) 0xf0, dst[4]);

        // overflow past 2^64: the top page is read, the rest is a decode error, nothing throws
        byte[] big = new byte[0x2000];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(-0x1000L, big, 0, big.length));
        assertEquals((byte) 0xff, big[0x1000]);
        assertEquals(0, big[0]);
        assertEquals(MemTxResult.DECODE_ERROR, as.write(-1L, big, 0, big.length));
        assertEquals(MemTxResult.DECODE_ERROR, as.read(Long.MIN_VALUE, big, 0, 16));
        assertEquals(MemTxResult.OK, as.read(-0x1000L, big, 0, 0x1000));
    }

    @Test
    void mapGivesRamSlicesOrBounceBuffersAndUnmapFinishesTheJob() {
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x3000);
        LogOps ops = new LogOps();
        root.addSubregion(0, ram);
        root.addSubregion(0x3000, MemoryRegion.io("dev", 0x100, ops));
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        ram.setDirtyLogging(DirtyClient.MIGRATION, true);

        Mapping m = as.map(0x1000, 0x10000, true);
        assertFalse(m.bounce());
        assertEquals(0x2000, m.length());
        m.segment().set(LE_INT, 0x1000, 0x55aa55aa);
        assertFalse(ram.ramBlock().isDirty(DirtyClient.MIGRATION, 0x2000));
        as.unmap(m, 0x1004);
        assertTrue(ram.ramBlock().isDirty(DirtyClient.MIGRATION, 0x2000));
        assertEquals(0x55aa55aaL, as.read(0x2000, 4));

        Mapping r = as.map(0x3000, 8, false);
        assertTrue(r.bounce());
        assertEquals(8, r.length());
        assertEquals(0x9abcdef0, r.segment().get(LE_INT, 0));
        as.unmap(r, 8);

        ops.log.clear();
        Mapping w = as.map(0x3010, 4, true);
        assertTrue(w.bounce());
        w.segment().set(LE_INT, 0, 0x01020304);
        assertEquals(List.of(), ops.log);
        as.unmap(w, 4);
        assertEquals(List.of("w4@10=1020304"), ops.log);

        assertEquals(0, as.map(0x80000, 16, false).length());
        assertEquals(0, as.map(0, 0, false).length());
    }

    @Test
    void fastPathAndSlowRamAccessesDoNotAllocate() {
        MemoryRegion root = MemoryRegion.container("root", 0);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x100000);
        root.addSubregion(0, ram);
        root.addSubregion(0x100000, MemoryRegion.io("dev", 0x100, new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return offset;
            }

            @Override
            public void write(long offset, int size, long value) {
            }
        }));
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int warm = 0; warm < 3; warm++) sum += loop(as, 20_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        sum += loop(as, 200_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 200_000, "allocated " + allocated + " bytes for 600000 accesses (" + sum + ")");
    }

    private static long loop(AddressSpace as, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long addr = (i * 64L) & 0xffffc;
            Translation t = as.translate(addr, false);
            sum += t.segment().get(LE_INT, t.offset(addr));
            sum += as.read(addr, 4);
            sum += as.read(0x100000 + (i & 0xf8), 8);
        }
        return sum;
    }

    @Test
    void sizeZeroRootCoversTheWholeSpaceAndRegionsClipAtTheTop() {
        MemoryRegion root = MemoryRegion.container("root", 0);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x2000);
        root.addSubregion(-0x1000L, ram);
        AddressSpace as = new MemorySystem().createAddressSpace("mem", root);
        MemoryRegionSection s = as.sectionAt(-1L);
        assertEquals(0x1000, s.size());
        assertEquals(-1L, s.lastAddress());
        assertNull(as.sectionAt(0));
        as.write(-2L, 2, 0xbeef);
        assertEquals(0xbeefL, as.read(-2L, 2));
        long[] out = new long[1];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(-2L, 4, out));
        assertEquals(0xffffbeefL, out[0]);
        byte[] bytes = new byte[4];
        assertEquals(MemTxResult.DECODE_ERROR, as.read(-2L, bytes, 0, 4));
        assertArrayEquals(new byte[] {(byte) 0xef, (byte) 0xbe, (byte) 0xff, (byte) 0xff}, bytes);
    }
}
