package org.jemu.plugin.q35.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.jemu.memory.MemoryRegion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PcRamSplitTest {

    private static final long M = 1L << 20;

    @ParameterizedTest(name = "-m {0}M, max-ram-below-4g={1}M: {2}M low, {3}M high")
    @CsvSource({
            // default (0 = no cap): RAM below 2.75G stays low, RAM from 2.75G up splits at 2G
            "128,  0,    128,  0",
            "2048, 0,    2048, 0",
            "2815, 0,    2815, 0",
            "2816, 0,    2048, 768",
            "3072, 0,    2048, 1024",
            "3584, 0,    2048, 1536",
            "4096, 0,    2048, 2048",
            "6144, 0,    2048, 4096",
            // explicit max-ram-below-4g caps lowmem, never raises it
            "4096, 1024, 1024, 3072",
            "2560, 1024, 1024, 1536",
            "6144, 3072, 2048, 4096",
            "3584, 3584, 2048, 1536",
            "128,  4096, 128,  0",
            "2560, 2560, 2560, 0"})
    void splitsLikeQemu72PcQ35Init(long ramM, long maxM, long belowM, long aboveM) {
        assertEquals(new PcRamSplit(belowM * M, aboveM * M), PcRamSplit.of(ramM * M, maxM * M));
    }

    @Test
    void smallRamIsOneAliasAtZero() {
        MemoryRegion system = MemoryRegion.container("system", 0);
        MemoryRegion ram = MemoryRegion.ram("pc.ram", 128 * M);
        try {
            PcRamSplit.of(ram.size(), 0).map(system, ram);

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
            PcRamSplit.of(size, 0).map(system, ram);

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

    @Test
    void theBoardNamesItsRamPcRamAndLaysItOutBeforeTheDevices() {
        BoardDefinition board = PcQ35Machine.board();

        assertEquals("pc.ram", board.ramName());
        assertEquals(1, board.hooks(BoardHook.Stage.BEFORE_DEVICES).size(), "RAM layout (the firmware goes into PCI memory later)");
    }
}
