package org.jemu.plugin.q35.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.core.pc.PcRamSplit;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Q35RamSplitTest {

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
        assertEquals(new PcRamSplit(belowM * M, aboveM * M), Q35RamSplit.of(ramM * M, maxM * M));
    }

    @Test
    void theBoardNamesItsRamPcRamAndLaysItOutBeforeTheDevices() {
        BoardDefinition board = PcQ35Machine.board();

        assertEquals("pc.ram", board.ramName());
        assertEquals(1, board.hooks(BoardHook.Stage.BEFORE_DEVICES).size(), "RAM layout (the firmware goes into PCI memory later)");
    }
}
