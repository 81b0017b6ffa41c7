package org.jemu.plugin.i440fx.internal;

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
            // default max-ram-below-4g (0 = 3.5G); a RAM that reaches 3.5G splits at 3G (gigabyte_align)
            "128,  0,    128,  0",
            "3072, 0,    3072, 0",
            "3583, 0,    3583, 0",
            "3584, 0,    3072, 512",
            "4096, 0,    3072, 1024",
            "6144, 0,    3072, 3072",
            // explicit max-ram-below-4g (QEMU's examples in pc_init1 among them)
            "4096, 2048, 2048, 2048",
            "3968, 4096, 3968, 0",
            "6144, 4096, 3072, 3072",
            "3072, 2048, 2048, 1024",
            "4096, 2560, 2560, 1536",
            "128,  2048, 128,  0",
            "3584, 3584, 3072, 512"})
    void splitsLikeQemu72PcInit1(long ramM, long maxM, long belowM, long aboveM) {
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
            assertEquals(3L << 30, low.size());
            assertEquals(4L << 30, high.address());
            assertEquals(3L << 30, high.aliasOffset());
            assertEquals(3L << 30, high.size());
            assertSame(ram, high.aliasTarget());
        } finally {
            ram.ramBlock().close();
        }
    }

    @Test
    void theBoardNamesItsRamPcRamAndLaysItOutBeforeTheDevices() {
        BoardDefinition board = PcI440fxMachine.board();

        assertEquals("pc.ram", board.ramName());
        assertEquals(1, board.hooks(BoardHook.Stage.BEFORE_DEVICES).size(), "RAM layout (the firmware goes into PCI memory later)");
    }
}
