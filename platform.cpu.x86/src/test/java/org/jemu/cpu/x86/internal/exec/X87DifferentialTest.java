package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Compares the x87 unit with the host's x87 on seeded random single instructions (see {@link X87DiffTest}). */
class X87DifferentialTest {
    @Test
    void x87MatchesTheHostBitForBitOnRandomInstructions() throws Exception {
        assumeTrue(NativeSeqRunner.available(), "needs an x86-64 Linux host with gcc");
        long seed = Long.getLong("jemu.difftest.seed", 0x5EED_87L);
        int count = Integer.getInteger("jemu.difftest.x87.count", 4000);
        X87DiffTest.Report report = X87DiffTest.run(seed, count);
        System.out.print(report);
        assertEquals(0, report.mismatches(), report::toString);
    }
}
