package org.jemu.cpu.x86.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Compares the ALU model with the host CPU on seeded random cases (see {@link DiffTest}); skipped without gcc. */
class AluDifferentialTest {
    @Test
    void modelMatchesHostCpuOnRandomCasesForEveryOperationAndSize() throws Exception {
        assumeTrue(NativeX86.available(), "needs an x86-64 Linux host with gcc");
        long seed = Long.getLong("jemu.difftest.seed", 0x5EED_A1L);
        int perOp = Integer.getInteger("jemu.difftest.count", 200);
        DiffTest.Report report = DiffTest.run(seed, perOp);
        System.out.print(report);
        assertEquals(0, report.mismatches(), () -> report.toString());
        if (Boolean.getBoolean("jemu.difftest.strict")) { // also the undefined flags, as modelled after Intel hosts
            assertEquals(0, report.undefinedDiffs.size(), () -> String.join("\n", report.undefinedDiffs));
        }
    }
}
