package org.jemu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RamCacheTest {

    private final MemorySystem system = new MemorySystem();
    private final MemoryRegion root = MemoryRegion.container("system", 0);
    private final AddressSpace as = system.createAddressSpace("memory", root);
    private final List<String> mmio = new ArrayList<>();
    private MemoryRegion ram;
    private MemoryRegion rom;
    private MemoryRegion window;
    private RamCache tlb;

    @BeforeEach
    void setUp() {
        ram = MemoryRegion.ram("ram", 64 << 10);
        rom = MemoryRegion.rom("rom", 4096);
        rom.ramBlock().segment().set(ValueLayout.JAVA_INT_UNALIGNED, 0, 0x11223344);
        window = MemoryRegion.alias("window", ram, 0, 32 << 10);
        root.addSubregion(0, window);
        root.addSubregion(0x100000, rom);
        root.addSubregion(0x200000, MemoryRegion.io("dev", 0x1000, new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                mmio.add("r" + offset + "/" + size);
                return 0xabcd;
            }

            @Override
            public void write(long offset, int size, long value) {
                mmio.add("w" + offset + "/" + size + "=" + Long.toHexString(value));
            }
        }));
        tlb = new RamCache(as);
    }

    @AfterEach
    void tearDown() {
        ram.ramBlock().close();
        rom.ramBlock().close();
    }

    @Test
    void ramReadsAndWritesGoStraightToTheBlockLittleEndian() {
        tlb.writeLong(0x1008, 0x0102030405060708L);
        tlb.writeShort(0x2000, 0xbeef);

        assertEquals(0x0102030405060708L, tlb.readLong(0x1008));
        assertEquals(0x05060708, tlb.readInt(0x1008));
        assertEquals(0x08, tlb.readByte(0x1008));
        assertEquals(0xbeef, tlb.readShort(0x2000));
        assertEquals(0x0102030405060708L, as.read(0x1008, 8), "the address space sees the same bytes");
    }

    @Test
    void accessesCrossingAPageOrNotToRamTakeTheSlowPath() {
        tlb.writeInt(0xffe, 0xa1b2c3d4);
        assertEquals(0xa1b2c3d4, tlb.readInt(0xffe));

        assertEquals(0xabcd, tlb.readInt(0x200010));
        tlb.writeInt(0x200014, 7);
        assertEquals(List.of("r16/4", "w20/4=7"), mmio);
        assertEquals(0xffffffff, tlb.readInt(0x300000), "unassigned");
    }

    @Test
    void romReadsAreDirectAndWritesAreIgnored() {
        tlb.writeInt(0x100000, 0);

        assertEquals(0x11223344, tlb.readInt(0x100000));
    }

    @Test
    void aTopologyChangeDropsCachedTranslations() {
        tlb.writeInt(0x10, 1);
        assertEquals(1, tlb.readInt(0x10));

        window.setAliasOffset(0x4000); // guest 0x10 now shows ram offset 0x4010

        assertEquals(0, tlb.readInt(0x10));
        tlb.writeInt(0x10, 2);
        assertEquals(2, ram.ramBlock().segment().get(ValueLayout.JAVA_INT_UNALIGNED, 0x4010));
    }

    @Test
    void directWritesMarkPagesDirtyForLoggingClients() {
        ram.setDirtyLogging(DirtyClient.DISPLAY, true);
        tlb.readInt(0x3000); // fill the read entry first: logging must still be seen on writes

        tlb.writeByte(0x3001, 1);

        assertTrue(ram.ramBlock().getAndClearDirty(DirtyClient.DISPLAY, 0x3000, 4096));
        assertFalse(ram.ramBlock().getAndClearDirty(DirtyClient.DISPLAY, 0x3000, 4096));
        assertFalse(ram.ramBlock().isDirty(DirtyClient.MIGRATION, 0x3000), "only logging clients");
    }

    @Test
    void rangesAlternatingBetweenWaysStayCorrect() {
        MemoryRegion high = MemoryRegion.alias("high", ram, 32 << 10, 32 << 10);
        root.addSubregion(1L << 32, high);
        for (int i = 0; i < 100; i++) {
            tlb.writeInt(0x40 + 4 * i, i);
            tlb.writeInt((1L << 32) + 0x40 + 4 * i, 1000 + i);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, tlb.readInt(0x40 + 4 * i));
            assertEquals(1000 + i, tlb.readInt((1L << 32) + 0x40 + 4 * i));
        }
        assertEquals(1099, ram.ramBlock().segment().get(ValueLayout.JAVA_INT_UNALIGNED, (32 << 10) + 0x40 + 4 * 99));
    }

    @Test
    void theLastBytesOfARangeAreDirectAndAnAccessPastItIsNot() {
        tlb.writeInt((32 << 10) - 4, 0x55aa55aa);
        assertEquals(0x55aa55aa, tlb.readInt((32 << 10) - 4));
        assertEquals(0xffff55aa, tlb.readInt((32 << 10) - 2), "half outside the window: slow path, unassigned half reads ones");
        assertEquals(0x55aa, tlb.readShort((32 << 10) - 2));
    }
}
