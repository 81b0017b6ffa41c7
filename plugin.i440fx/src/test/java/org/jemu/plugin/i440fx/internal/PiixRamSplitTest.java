package org.jemu.plugin.i440fx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.core.pc.PcRamSplit;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PiixRamSplitTest {

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
        assertEquals(new PcRamSplit(belowM * M, aboveM * M), PiixRamSplit.of(ramM * M, maxM * M));
    }

    @Test
    void theBoardNamesItsRamPcRamAndLaysItOutBeforeTheDevices() {
        BoardDefinition board = PcI440fxMachine.board();

        assertEquals("pc.ram", board.ramName());
        assertEquals(1, board.hooks(BoardHook.Stage.BEFORE_DEVICES).size(), "RAM layout (the firmware goes into PCI memory later)");
    }
}
