package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs seeded random instruction sequences natively and in jemu's CPU and compares them (see {@link CpuDiffTest}):
 * once interpreted, once with every block translated as soon as it runs; skipped without gcc on an x86-64 Linux host.
 */
class CpuDifferentialTest {
    @Test
    void interpreterMatchesHostCpuOnRandomSequences() throws Exception {
        assumeTrue(NativeSeqRunner.available(), "needs an x86-64 Linux host with gcc");
        long seed = Long.getLong("jemu.cpudifftest.seed", 0x5EED_C0DEL);
        int count = Integer.getInteger("jemu.cpudifftest.count", 600);
        CpuDiffTest.Report report = CpuDiffTest.run(seed, count, 20, 0);
        System.out.print(report);
        assertEquals(0, report.mismatches(), report::toString);
    }

    @Test
    void translatedBlocksMatchHostCpuOnRandomSequences() throws Exception {
        assumeTrue(NativeSeqRunner.available(), "needs an x86-64 Linux host with gcc");
        long seed = Long.getLong("jemu.cpudifftest.seed", 0x5EED_C0DEL) + 1;
        int count = Integer.getInteger("jemu.cpudifftest.count", 600);
        CpuDiffTest.Report report = CpuDiffTest.run(seed, count, 20, 1);
        System.out.print(report);
        assertEquals(0, report.mismatches(), report::toString);
    }
}
