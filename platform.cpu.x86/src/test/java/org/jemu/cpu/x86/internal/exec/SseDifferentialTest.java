package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Compares the SSE unit with the host CPU on seeded random cases of every instruction form ({@link SseDiffTest});
 * skipped without an x86-64 Linux host with gcc. {@code -Djemu.difftest.sse.count=N} cases per form (default 15,
 * about 4,000 cases), {@code -Djemu.difftest.seed=S}.
 */
class SseDifferentialTest {
    @Test
    void sseUnitMatchesHostCpuOnRandomOperandsAndMxcsrSettingsForEveryForm() throws Exception {
        assumeTrue(NativeSeqRunner.available(), "needs an x86-64 Linux host with gcc");
        long seed = Long.getLong("jemu.difftest.seed", 0x55E_5EEDL);
        int perForm = Integer.getInteger("jemu.difftest.sse.count", 15);
        SseDiffTest.Report report = SseDiffTest.run(seed, perForm);
        System.out.print(report);
        assertEquals(0, report.mismatches(), report::toString);
    }
}
