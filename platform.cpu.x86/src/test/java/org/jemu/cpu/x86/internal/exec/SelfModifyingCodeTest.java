package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;


import org.jemu.cpu.x86.X86ArchState;
import org.jemu.memory.AddressSpace;
import org.junit.jupiter.api.Test;

/** Code executed from the decoded-instruction cache is re-decoded after the guest (or DMA) rewrites it. */
class SelfModifyingCodeTest {

    private final RealModeRam machine = new RealModeRam();
    private final AddressSpace memory = machine.memory;

    @org.junit.jupiter.api.AfterEach
    void releaseRam() {
        machine.close();
    }

    @Test
    void aLoopThatRewritesItsOwnInstructionRunsTheNewOne() {
        byte[] code = {
                (byte) 0xb8, 0x05, 0x00,                 // 1000: mov ax, 5
                (byte) 0xb9, 0x02, 0x00,                 // 1003: mov cx, 2
                0x48,                                    // 1006: dec ax   (patched to inc ax)
                (byte) 0xc6, 0x06, 0x06, 0x10, 0x40,     // 1007: mov byte [0x1006], 0x40
                (byte) 0xe2, (byte) 0xf8,                // 100c: loop 1006
                (byte) 0xf4};                            // 100e: hlt
        memory.write(0x1000, code, 0, code.length);
        X86Core cpu = machine.cpuAt(0x1000);

        X86Core.Exit exit = cpu.run(1000);

        assertEquals(X86Core.Exit.HALT, exit);
        assertEquals(5, cpu.register(0) & 0xffff, "dec then, after the rewrite, inc");
    }

    @Test
    void codeRewrittenByDmaIsSeenWhenExecutionReturnsToIt() {
        byte[] code = {0x40, (byte) 0xf4}; // 2000: inc ax; hlt
        memory.write(0x2000, code, 0, code.length);
        X86Core cpu = machine.cpuAt(0x2000);
        cpu.run(100);
        assertEquals(1, cpu.register(0) & 0xffff);

        memory.write(0x2000, new byte[] {0x48}, 0, 1); // a device rewrites the code: dec ax
        X86Core again = cpu;
        again.importState(withIp(cpu.exportState(), 0x2000));
        again.run(100);

        assertEquals(0, cpu.register(0) & 0xffff);
    }

    private static X86ArchState withIp(X86ArchState s, long ip) {
        return new X86ArchState(s.gpr(), ip, s.rflags(), s.segments(), s.ldtr(), s.tr(), s.gdtBase(), s.gdtLimit(),
                s.idtBase(), s.idtLimit(), s.cr0(), s.cr2(), s.cr3(), s.cr4(), s.cr8(), s.efer(), s.cpl(), false);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "translate threshold {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void aStoreIntoTheNextInstructionTakesEffectInterpretedAndTranslated(int translateThreshold) {
        machine.load(0x1000,
                0xb8, 0x00, 0x00,                    // 1000: mov ax, 0
                0xc6, 0x06, 0x08, 0x10, 0x40,        // 1003: mov byte [0x1008], 0x40 (the next instruction: inc ax)
                0x48,                                // 1008: dec ax
                0xf4);                               // 1009: hlt
        X86Core cpu = machine.cpuAt(0x1000);
        cpu.setTranslateThreshold(translateThreshold);

        assertEquals(X86Core.Exit.HALT, cpu.run(100));

        assertEquals(1, cpu.register(0) & 0xffff, "the rewritten instruction ran");
    }
}
