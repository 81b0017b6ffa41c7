package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Interpreter bugs found by the CPU differential tester ({@link CpuDiffTest}), kept as fixed cases on the long-mode
 * test machine with the results the host CPU produced (these run without gcc).
 */
class CpuDiffRegressionTest {

    private static final int RAX = 0, RBP = 5, RSI = 6, RDI = 7, R12 = 12, R13 = 13;

    /** Runs {@code hex} at CPL 3 from the given registers and checks that it completes. */
    private static LongModeMachine.Outcome run(LongModeMachine m, String hex, long[] regs, byte[] memory) {
        byte[] code = HexFormat.of().parseHex(hex);
        m.load(code, regs, 0x202, memory);
        LongModeMachine.Outcome o = m.run(1000);
        assertEquals(13, o.vector(), "stops at the trailing HLT (#GP at CPL 3): " + o.detail());
        assertEquals(SeqLayout.CODE + code.length, o.rip(), "completed");
        return o;
    }

    private static long[] regs() {
        long[] r = new long[16];
        r[4] = SeqLayout.STACK_START;
        return r;
    }

    @Test
    void immediatesAreSignExtendedToTheOperandSize() {
        try (LongModeMachine m = new LongModeMachine()) {
            long[] r = regs();
            r[RSI] = 0x76a2;
            r[RAX] = 0;
            // xor rsi,-0x4f (83 /6 ib); or rax,0xffffffff9d900caf (REX.W 0D id); mov qword [DATA_MID],imm32 (C7 /0 id)
            LongModeMachine.Outcome o = run(m, "4883f6b1" + "480daf0c909d" + "48c70425000001107c34089e", r,
                    new byte[SeqLayout.DATA_SIZE + SeqLayout.STACK_SIZE]);
            assertEquals(0xffff_ffff_ffff_8913L, o.regs()[RSI]);
            assertEquals(0xffff_ffff_9d90_0cafL, o.regs()[RAX]);
            assertEquals(0xffff_ffff_9e08_347cL, java.nio.ByteBuffer.wrap(o.memory(), SeqLayout.DATA_SIZE / 2, 8)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void bitTestWithARegisterOffsetAddressesWholeOperandsBelowAndAbove() {
        try (LongModeMachine m = new LongModeMachine()) {
            long[] r = regs();
            r[R12] = 0xd;
            r[R13] = -0x348; // bit -840 of a qword operand: 14 qwords down, bit 56
            // bts qword [r12+DATA_MID],r13; btr dword [r12*4+DATA_MID],r13d; btc word [DATA_MID],r13w (+13 words, bit 0)
            byte[] mem = new byte[SeqLayout.DATA_SIZE + SeqLayout.STACK_SIZE];
            mem[SeqLayout.DATA_SIZE / 2 + 0xd - 14 * 8 + 7] = 0;
            LongModeMachine.Outcome o = run(m, "4e0fab2c2500000110", r, mem);
            assertEquals(1, o.memory()[SeqLayout.DATA_SIZE / 2 + 0xd - 14 * 8 + 7]);
            r[R13] = 0x3d6; // bit 982 of a dword operand: 30 dwords up, bit 22
            java.util.Arrays.fill(mem, (byte) 0xff);
            o = run(m, "460fb32ca500000110", r, mem);
            assertEquals((byte) 0xbf, o.memory()[SeqLayout.DATA_SIZE / 2 + 0xd * 4 + 30 * 4 + 2]);
            r[R13] = 0xd0; // bit 208 of a word operand: 13 words up, bit 0
            java.util.Arrays.fill(mem, (byte) 0);
            o = run(m, "66440fbb2c2500000110", r, mem);
            assertEquals(1, o.memory()[SeqLayout.DATA_SIZE / 2 + 26]);
        }
    }

    @Test
    void bitScanOfZeroLeavesTheWholeDestinationUnchanged() {
        try (LongModeMachine m = new LongModeMachine()) {
            long[] r = regs();
            r[RBP] = 0xb123_fc26_4547_03e9L;
            r[RDI] = 0;
            // bsf ebp,edi; bsr ebp,edi
            LongModeMachine.Outcome o = run(m, "0fbcef0fbdef", r, new byte[SeqLayout.DATA_SIZE + SeqLayout.STACK_SIZE]);
            assertEquals(0xb123_fc26_4547_03e9L, o.regs()[RBP]);
            assertEquals(SeqGenerator.ZF, o.rflags() & SeqGenerator.ZF);
        }
    }
}
