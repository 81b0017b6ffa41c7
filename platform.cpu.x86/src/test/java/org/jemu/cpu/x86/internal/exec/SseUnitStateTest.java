package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The SSE unit's state (reset, snapshot/restore) and its contract with the x87 unit (wiring, FXSAVE halves). */
class SseUnitStateTest {

    @Test
    void resetClearsTheRegistersAndRestoresTheDefaultMxcsr() {
        try (CpuFixture fx = new CpuFixture()) {
            SseUnit u = fx.cpu.sse;
            u.xmm[5] = 42;
            u.mxcsr = 0x7FBF;
            fx.cpu.reset();
            assertEquals(0, u.xmm[5]);
            assertEquals(0x1F80, u.mxcsr);
        }
    }

    @Test
    void snapshotAndRestoreRoundTrip() {
        try (CpuFixture fx = new CpuFixture()) {
            SseUnit u = fx.cpu.sse;
            for (int q = 0; q < 32; q++) u.xmm[q] = q * 0x1111L;
            u.mxcsr = 0x9FC0;
            SseUnit.State s = u.snapshot();
            fx.cpu.reset();
            u.restore(s);
            for (int q = 0; q < 32; q++) assertEquals(q * 0x1111L, u.xmm[q]);
            assertEquals(0x9FC0, u.mxcsr);
            assertEquals(s, u.snapshot());
        }
    }

    @Test
    void restoreDropsReservedMxcsrBitsAndStateNeedsAllRegisters() {
        try (CpuFixture fx = new CpuFixture()) {
            fx.cpu.sse.restore(new SseUnit.State(Collections.nCopies(32, 0L), 0x1_1F80));
            assertEquals(0x1F80, fx.cpu.sse.mxcsr);
        }
        assertThrows(IllegalArgumentException.class, () -> new SseUnit.State(List.of(1L), 0x1F80));
    }

    private static X86Core.Exit runOne(CpuFixture fx, String hex) {
        byte[] code = java.util.HexFormat.of().parseHex(hex);
        for (int k = 0; k < code.length; k++) fx.put(CpuFixture.CODE + k, 1, code[k]);
        fx.cpu.codeModified();
        fx.cpu.rip = CpuFixture.CODE;
        return fx.cpu.run(1);
    }

    @Test
    void fxsaveHandsTheLayoutChoiceToTheX87UnitAndFxrstorLoadsIt() {
        try (CpuFixture fx = new CpuFixture()) {
            fx.enter(CpuFixture.Mode.LONG64);
            fx.cpu.refreshMode();
            fx.cpu.mmu.setCr4(fx.cpu.mmu.cr4() | SseUnit.CR4_OSFXSR);
            TestX87 x87 = new TestX87();
            fx.cpu.sse.setX87(x87);
            fx.cpu.regs[3] = CpuFixture.DATA;
            runOne(fx, "480fae03"); // fxsave64 [rbx]
            assertEquals(CpuFixture.CODE + 4, fx.cpu.rip, fx.cpu.lastInstruction());
            assertTrue(x87.fxsaveRexW);
            runOne(fx, "0fae0b"); // fxrstor [rbx]
            assertTrue(x87.fxrstored);
            assertEquals(CpuFixture.CODE + 3, fx.cpu.rip);
        }
    }

    @Test
    void withoutAnX87UnitMmxFormsAreInvalidButFxsaveStillSavesTheSsePart() {
        try (CpuFixture fx = new CpuFixture()) {
            fx.enter(CpuFixture.Mode.LONG64);
            fx.cpu.refreshMode();
            fx.cpu.sse.setX87(null); // an SSE unit on its own (X86Core attaches its x87 unit)
            fx.cpu.mmu.setCr4(fx.cpu.mmu.cr4() | SseUnit.CR4_OSFXSR);
            fx.cpu.regs[3] = CpuFixture.DATA;
            fx.cpu.sse.xmm[0] = 0x1234;
            runOne(fx, "0fae03"); // fxsave [rbx]
            assertEquals(0x1234, fx.get(CpuFixture.DATA + 160, 8));
            assertEquals(0x0000_FFFF_0000_1F80L, fx.get(CpuFixture.DATA + 24, 8));
            runOne(fx, "0ffcc1"); // paddb mm0,mm1
            assertEquals(CpuFixture.HANDLERS + 16 * 6, fx.cpu.rip, "the #UD handler");
        }
    }
}
