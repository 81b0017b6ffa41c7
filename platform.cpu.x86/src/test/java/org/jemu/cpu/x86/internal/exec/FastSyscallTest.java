package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.cpu.x86.internal.exec.CpuFixture.Mode;
import org.jemu.cpu.x86.internal.mmu.Segmentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SYSCALL/SYSRET, SYSENTER/SYSEXIT, SWAPGS, RDTSCP and the MSRs behind them, as the SDM defines them; STAR uses Linux's
 * selectors (kernel CS 0x10... here the fixture's 0x18 code64 DPL0, user base 0x23: CS 0x33 for 64-bit, 0x23 for 32).
 */
class FastSyscallTest {

    private final CpuFixture fx = new CpuFixture();
    private final X86Core cpu = fx.cpu;

    @AfterEach
    void close() {
        fx.close();
    }

    private void code(int... bytes) {
        for (int i = 0; i < bytes.length; i++) fx.put(CpuFixture.CODE + i, 1, bytes[i]);
        fx.put(CpuFixture.CODE + bytes.length, 1, 0xf4); // hlt
        cpu.codeModified();
    }

    /** Runs one instruction; an exception lands on the fixture's handler stub for its vector. */
    private void step() {
        cpu.run(1);
    }

    private int vectorTaken() {
        long rip = cpu.rip - 1; // the handler stub's HLT ran
        return rip >= CpuFixture.HANDLERS && rip < CpuFixture.HANDLERS + 0x1000 ? (int) (rip - CpuFixture.HANDLERS) / 16 : -1;
    }

    private void longModeWithSyscalls() {
        fx.enter(Mode.LONG64);
        cpu.msrs.write(Msrs.EFER, cpu.mmu.efer() | X86Core.EFER_SCE);
        cpu.msrs.write(Msrs.STAR, 0x0023_0018_0000_0000L);
        cpu.msrs.write(Msrs.LSTAR, 0xffff_8000_0010_0000L);
        cpu.msrs.write(Msrs.SFMASK, X86Core.FL_IF | X86Core.FL_DF | 0x100);
    }

    @Test
    void syscallEntersTheKernelAtLstarSavingRipAndRflags() {
        longModeWithSyscalls();
        fx.enterCpl3();
        cpu.setRflags(X86Core.FL_RESERVED1 | X86Core.FL_IF | X86Core.FL_DF | 1);
        code(0x0f, 0x05);

        step();

        assertEquals(CpuFixture.CODE + 2, cpu.regs[1], "RCX = return address");
        assertEquals(X86Core.FL_RESERVED1 | X86Core.FL_IF | X86Core.FL_DF | 1, cpu.regs[11], "R11 = RFLAGS");
        assertEquals(0xffff_8000_0010_0000L, cpu.rip);
        assertEquals(X86Core.FL_RESERVED1 | 1, cpu.rflags(), "SFMASK cleared IF and DF");
        assertEquals(0x18, cpu.segs[Segmentation.CS].selector());
        assertEquals(0x20, cpu.segs[Segmentation.SS].selector());
        assertEquals(0, cpu.cpl);
        assertEquals(64, cpu.codeSize());
    }

    @Test
    void sysretWithRexWReturnsTo64BitUserCode() {
        longModeWithSyscalls();
        cpu.regs[1] = 0x4000;
        cpu.regs[11] = X86Core.FL_RESERVED1 | X86Core.FL_IF | 0x10000; // RF is never set by SYSRET
        code(0x48, 0x0f, 0x07);

        step();

        assertEquals(0x4000, cpu.rip);
        assertEquals(3, cpu.cpl);
        assertEquals(0x33, cpu.segs[Segmentation.CS].selector());
        assertEquals(0x2b, cpu.segs[Segmentation.SS].selector());
        assertEquals(X86Core.FL_RESERVED1 | X86Core.FL_IF, cpu.rflags());
        assertEquals(64, cpu.codeSize());
    }

    @Test
    void sysretWithoutRexWReturnsToCompatibilityMode() {
        longModeWithSyscalls();
        cpu.regs[1] = 0xffff_ffff_0000_5000L;
        cpu.regs[11] = X86Core.FL_RESERVED1;
        code(0x0f, 0x07);

        step();

        assertEquals(0x5000, cpu.rip, "EIP = ECX");
        assertEquals(0x23, cpu.segs[Segmentation.CS].selector());
        assertEquals(32, cpu.codeSize());
    }

    @Test
    void sysretFaultsOutsideRingZeroAndSyscallIsUndefinedWithoutSce() {
        longModeWithSyscalls();
        fx.enterCpl3();
        code(0x48, 0x0f, 0x07);
        step();
        step();
        assertEquals(13, vectorTaken(), "SYSRET at CPL 3");

        fx.enter(Mode.LONG64);
        code(0x0f, 0x05);
        step();
        step();
        assertEquals(6, vectorTaken(), "SYSCALL with EFER.SCE clear");
    }

    @Test
    void sysenterAndSysexitUseTheSysenterMsrs() {
        fx.enter(Mode.PROT32);
        cpu.msrs.write(Msrs.SYSENTER_CS, 0x08);
        cpu.msrs.write(Msrs.SYSENTER_ESP, 0xd000);
        cpu.msrs.write(Msrs.SYSENTER_EIP, 0x7100);
        fx.enterCpl3();
        code(0x0f, 0x34);

        step();

        assertEquals(0x7100, cpu.rip);
        assertEquals(0xd000, cpu.regs[4]);
        assertEquals(0x08, cpu.segs[Segmentation.CS].selector());
        assertEquals(0x10, cpu.segs[Segmentation.SS].selector());
        assertEquals(0, cpu.cpl);

        fx.put(0x7100, 1, 0x0f);
        fx.put(0x7101, 1, 0x35); // sysexit
        cpu.codeModified();
        cpu.regs[2] = 0x7000; // EIP
        cpu.regs[1] = 0xe000; // ESP
        step();

        assertEquals(0x7000, cpu.rip);
        assertEquals(0xe000, cpu.regs[4]);
        assertEquals(0x1b, cpu.segs[Segmentation.CS].selector(), "SYSENTER_CS + 16, RPL 3");
        assertEquals(0x23, cpu.segs[Segmentation.SS].selector(), "SYSENTER_CS + 24, RPL 3");
        assertEquals(3, cpu.cpl);
    }

    @Test
    void sysenterWithoutACodeSelectorIsGp() {
        fx.enter(Mode.PROT32);
        code(0x0f, 0x34);
        step();
        step();
        assertEquals(13, vectorTaken());
    }

    @Test
    void swapgsExchangesGsBaseWithKernelGsBase() {
        fx.enter(Mode.LONG64);
        cpu.msrs.write(Msrs.GS_BASE, 0x1000);
        cpu.msrs.write(Msrs.KERNEL_GS_BASE, 0xffff_8000_0000_2000L);
        code(0x0f, 0x01, 0xf8);

        step();

        assertEquals(-1, vectorTaken(), "no exception");
        assertEquals(0xffff_8000_0000_2000L, cpu.msrs.read(Msrs.GS_BASE));
        assertEquals(0x1000, cpu.msrs.read(Msrs.KERNEL_GS_BASE));
    }

    @Test
    void rdtscpReturnsTheTscAndTscAux() {
        fx.enter(Mode.LONG64);
        cpu.setClock(() -> 0x1_0000_0005L);
        cpu.msrs.write(Msrs.TSC_AUX, 7);
        code(0x0f, 0x01, 0xf9);

        step();

        assertEquals(5, cpu.regs[0]);
        assertEquals(1, cpu.regs[2]);
        assertEquals(7, cpu.regs[1]);
    }

    @Test
    void msrsHoldTheirValuesAndRefuseReservedBits() {
        fx.enter(Mode.LONG64);
        Msrs m = cpu.msrs;
        assertEquals(0x0007040600070406L, m.read(Msrs.PAT), "PAT at reset");
        assertEquals(0x508, m.read(Msrs.MTRR_CAP));
        assertEquals(1, m.read(Msrs.MISC_ENABLE));

        m.write(Msrs.MTRR_DEF_TYPE, 0xc06);
        m.write(Msrs.MTRR_PHYS_BASE0, 0x8000_0000L | 6);
        m.write(Msrs.MTRR_PHYS_BASE0 + 1, 0xf_8000_0000L | 1 << 11);
        m.write(0x26f, 0x0606_0606_0606_0606L);
        assertEquals(0xc06, m.read(Msrs.MTRR_DEF_TYPE));
        assertEquals(0x8000_0006L, m.read(Msrs.MTRR_PHYS_BASE0));
        assertEquals(0x0606_0606_0606_0606L, m.read(0x26f));

        assertGp(() -> m.write(Msrs.PAT, 0x02)); // type 2 is reserved
        assertGp(() -> m.write(Msrs.MTRR_DEF_TYPE, 0x1006));
        assertGp(() -> m.write(Msrs.LSTAR, 0x0000_8000_0000_0000L)); // not canonical
        assertGp(() -> m.write(Msrs.TSC_AUX, 1L << 32));
        assertGp(() -> m.read(0x12345));
        assertGp(() -> m.write(Msrs.EFER, cpu.mmu.efer() & ~X86Core.EFER_LME)); // LME with paging on
    }

    @Test
    void amdSyscfgReadsZeroAfterResetAndKeepsWhatIsWritten() {
        Msrs m = cpu.msrs;
        m.reset();

        assertEquals(0, m.read(Msrs.SYSCFG));
        m.write(Msrs.SYSCFG, 0x0008_0000L);
        assertEquals(0x0008_0000L, m.read(Msrs.SYSCFG));
        assertGp(() -> m.write(Msrs.SYSCFG, 1L << 40));
        assertEquals(0x0008_0000L, m.read(Msrs.SYSCFG), "a refused write changes nothing");
    }

    @Test
    void rdmsrOfAnUnknownMsrIsGpInTheGuest() {
        fx.enter(Mode.LONG64);
        cpu.regs[1] = 0x12345;
        code(0x0f, 0x32);
        step();
        step();
        assertEquals(13, vectorTaken());
    }

    private static void assertGp(Runnable r) {
        try {
            r.run();
        } catch (org.jemu.cpu.x86.internal.mmu.CpuException e) {
            assertEquals(13, e.vector());
            return;
        }
        throw new AssertionError("expected #GP");
    }

    @Test
    void iretqToUserModeKeepsTheFsBaseOfANullSelectorAndNullsAKernelGsButKeepsItsBase() {
        fx.enter(Mode.LONG64);
        fx.loadSegment(Segmentation.FS, 0);
        cpu.msrs.write(Msrs.FS_BASE, 0x7f00_1234_5000L);
        fx.loadSegment(Segmentation.GS, CpuFixture.SEL_DATA);
        cpu.msrs.write(Msrs.GS_BASE, 0x5000L);
        long frame = CpuFixture.STACK - 40;
        fx.put(frame, 8, CpuFixture.CODE + 0x100);
        fx.put(frame + 8, 8, CpuFixture.SEL_UCODE64);
        fx.put(frame + 16, 8, X86Core.FL_RESERVED1);
        fx.put(frame + 24, 8, CpuFixture.STACK);
        fx.put(frame + 32, 8, CpuFixture.SEL_UDATA);
        cpu.regs[4] = frame;
        code(0x48, 0xcf); // iretq

        step();

        assertEquals(3, cpu.cpl);
        assertEquals(CpuFixture.CODE + 0x100, cpu.rip);
        assertEquals(0x7f00_1234_5000L, cpu.segs[Segmentation.FS].base(), "FS base survives (Linux TLS)");
        assertEquals(0, cpu.segs[Segmentation.GS].selector(), "a DPL 0 data segment is nulled");
        assertEquals(0x5000L, cpu.segs[Segmentation.GS].base());
    }

    @Test
    void variableMtrrsTakeFortyBitAddressesAsCpuid80000008SaysAndRejectBitsAbove() {
        fx.enter(Mode.LONG64);
        long mask = 0xff_e000_0000L | 1L << 11; // what SeaBIOS writes with phys_bits 40: ~(512 MiB - 1) & (2^40 - 1) | valid

        cpu.msrs.write(Msrs.MTRR_PHYS_BASE0 + 1, mask);

        assertEquals(mask, cpu.msrs.read(Msrs.MTRR_PHYS_BASE0 + 1));
        org.junit.jupiter.api.Assertions.assertThrows(org.jemu.cpu.x86.internal.mmu.CpuException.class,
                () -> cpu.msrs.write(Msrs.MTRR_PHYS_BASE0 + 1, 1L << 40 | 1L << 11));
    }
}
