package org.jemu.core.pc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.api.Test;

class PcRamSplitTest {

    static final long M = 1L << 20;

    @Test
    void theSplitPutsLowmemBelowAndTheRestAboveOrAllBelowIfItFits() {
        assertEquals(new PcRamSplit(2048 * M, 1024 * M), PcRamSplit.at(3072 * M, 2048 * M));
        assertEquals(new PcRamSplit(1024 * M, 0), PcRamSplit.at(1024 * M, 2048 * M));
        assertEquals(new PcRamSplit(2048 * M, 0), PcRamSplit.at(2048 * M, 2048 * M));
    }

    @Test
    void smallRamIsOneAliasAtZero() {
        MemoryRegion system = MemoryRegion.container("system", 0);
        MemoryRegion ram = MemoryRegion.ram("pc.ram", 128 * M);
        try {
            new PcRamSplit(128 * M, 0).map(system, ram);

            assertEquals(1, system.subregions().size());
            MemoryRegion low = system.subregions().getFirst();
            assertEquals("ram-below-4g", low.name());
            assertSame(ram, low.aliasTarget());
            assertEquals(0, low.address());
            assertEquals(0, low.aliasOffset());
            assertEquals(128 * M, low.size());
            assertNull(ram.container(), "the RAM itself stays unmapped");
        } finally {
            ram.ramBlock().close();
        }
    }

    @Test
    void sixGigabytesAreSplitIntoAliasesBelowAndAbove4G() {
        long size = 6L << 30;
        MemoryRegion system = MemoryRegion.container("system", 0);
        MemoryRegion ram = MemoryRegion.ram("pc.ram", size);
        try {
            new PcRamSplit(2L << 30, 4L << 30).map(system, ram);

            List<MemoryRegion> regions = system.subregions();
            MemoryRegion low = regions.stream().filter(r -> r.name().equals("ram-below-4g")).findFirst().orElseThrow();
            MemoryRegion high = regions.stream().filter(r -> r.name().equals("ram-above-4g")).findFirst().orElseThrow();
            assertEquals(2, regions.size());
            assertEquals(0, low.address());
            assertEquals(0, low.aliasOffset());
            assertEquals(2L << 30, low.size());
            assertEquals(4L << 30, high.address());
            assertEquals(2L << 30, high.aliasOffset());
            assertEquals(4L << 30, high.size());
            assertSame(ram, high.aliasTarget());
        } finally {
            ram.ramBlock().close();
        }
    }

}
