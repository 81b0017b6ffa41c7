package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.jemu.cpu.x86.X86ArchState;
import org.jemu.cpu.x86.internal.exec.CpuFixture.Mode;
import org.junit.jupiter.api.Test;

/** The accelerator-neutral state carries the x87, SSE and MSR state from one core to another unchanged. */
class ArchStateRoundTripTest {

    @Test
    void fpuSseAndMsrStateSurviveExportAndImport() {
        try (CpuFixture a = new CpuFixture(); CpuFixture b = new CpuFixture()) {
            a.enter(Mode.LONG64);
            a.cpu.mmu.setCr4(a.cpu.mmu.cr4() | SseUnit.CR4_OSFXSR);
            byte[] code = {(byte) 0xd9, (byte) 0xeb, (byte) 0xd9, (byte) 0xe8, 0x66, 0x0f, (byte) 0xef, (byte) 0xc0, (byte) 0xf4};
            for (int i = 0; i < code.length; i++) a.put(CpuFixture.CODE + i, 1, code[i] & 0xff); // fldpi; fld1; pxor; hlt
            a.cpu.sse.xmm[5] = 0x1122334455667788L;
            a.cpu.msrs.write(Msrs.LSTAR, 0xffff_8000_0000_1000L);
            a.cpu.msrs.write(Msrs.PAT, 0x0606_0606_0606_0606L);
            a.cpu.setClock(() -> 1000);
            a.cpu.run(10);
            X86ArchState exported = a.cpu.exportState();
            assertNotEquals(0x037f, exported.fpu().fsw(), "two values pushed: TOP moved");

            b.enter(Mode.LONG64);
            b.cpu.setClock(() -> 1000);
            b.cpu.importState(exported);

            assertEquals(exported, b.cpu.exportState());
            assertEquals(0x1122334455667788L, b.cpu.sse.xmm[5]);
            assertEquals(0xffff_8000_0000_1000L, b.cpu.msrs.read(Msrs.LSTAR));
        }
    }
}
