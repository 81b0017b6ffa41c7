package org.jemu.cpu.x86.internal.tcg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.accel.Accelerator;
import org.jemu.core.accel.AcceleratorVm;
import org.jemu.core.accel.Vcpu;
import org.jemu.core.accel.VcpuExit;
import org.jemu.core.accel.VmSpec;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoops;
import org.jemu.core.harness.MachineHarness;
import org.jemu.cpu.x86.X86ArchState;
import org.jemu.cpu.x86.roms.RomMachineAccess;
import org.jemu.cpu.x86.roms.TestRoms;
import org.junit.jupiter.api.Test;

/** -accel tcg through the accelerator SPI: the machine's CPU devices, address spaces and lock. */
class TcgAcceleratorTest {

    @Test
    void theTestRomRunsThroughTheAcceleratorSpi() throws Exception {
        TestRoms.Rom rom = modes();
        MainLoop loop = MainLoops.create();
        try (RomMachineAccess m = RomMachineAccess.create(rom.image(), new TcgTypes())) {
            MachineHarness h = m.harness();
            Accelerator tcg = h.registry().create("tcg-accel", Accelerator.class);
            assertNull(tcg.unavailableReason());
            AcceleratorVm vm = tcg.createVm(spec(h, loop));
            Vcpu vcpu = vm.createVcpu(0, null);
            VcpuExit exit = null;
            for (int i = 0; i < 100 && m.exitStatus() < 0; i++) exit = vcpu.run();

            assertEquals(rom.expectedOutput(), m.output(), "exit " + exit);
            assertEquals(rom.expectedExit(), m.exitStatus());
        } finally {
            loop.close();
        }
    }

    @Test
    void aGuestStoppedMidwayContinuesOnAnotherVcpuFromItsExportedState() throws Exception {
        TestRoms.Rom rom = modes();
        MainLoop loop = MainLoops.create();
        try (RomMachineAccess m = RomMachineAccess.create(rom.image(), new TcgTypes())) {
            MachineHarness h = m.harness();
            VmSpec spec = spec(h, loop);
            TcgVcpu first = new TcgVcpu(0, spec, null, 7);
            for (int i = 0; i < 10_000 && !m.output().contains("paging 4M"); i++) first.run(); // 32-bit PM, paging on
            assertTrue(m.output().contains("paging 4M"), m.output());
            X86ArchState midway = assertInstanceOf(X86ArchState.class, first.exportState());
            first.close();

            TcgVcpu second = new TcgVcpu(0, spec, null);
            second.importState(midway);
            for (int i = 0; i < 100 && m.exitStatus() < 0; i++) second.run();

            assertEquals(rom.expectedOutput(), m.output());
            assertEquals(rom.expectedExit(), m.exitStatus());
            assertTrue((midway.cr0() & 0x80000001L) == 0x80000001L, "exported with protection and paging on");
            assertEquals(0x08, midway.segments().get(1).selector(), "CS");
        } finally {
            loop.close();
        }
    }

    @Test
    void aMachineResetPutsTheCpuBackToItsPowerOnState() throws Exception {
        TestRoms.Rom rom = modes();
        MainLoop loop = MainLoops.create();
        try (RomMachineAccess m = RomMachineAccess.create(rom.image(), new TcgTypes())) {
            MachineHarness h = m.harness();
            Vcpu vcpu = h.registry().create("tcg-accel", Accelerator.class).createVm(spec(h, loop)).createVcpu(0, null);
            for (int i = 0; i < 100 && m.exitStatus() < 0; i++) vcpu.run();
            assertEquals(0x80000000L, ((X86ArchState) vcpu.exportState()).cr0() & 0x80000000L, "the ROM ends in long mode");

            org.jemu.core.qdev.Reset.reset(h.machine(), org.jemu.core.qdev.ResetType.COLD);

            X86ArchState after = (X86ArchState) vcpu.exportState();
            assertEquals(0xfff0, after.rip());
            assertEquals(0xffff0000L, after.segments().get(1).base());
            assertEquals(0, after.efer());
            assertEquals(0x60000010L, after.cr0());
        } finally {
            loop.close();
        }
    }

    @Test
    void theExportedStateCarriesTheLocalApicToAnotherVm() throws Exception {
        TestRoms.Rom rom = modes();
        MainLoop loop = MainLoops.create();
        try (RomMachineAccess m = RomMachineAccess.create(rom.image(), new TcgTypes())) {
            MachineHarness h = m.harness();
            Accelerator tcg = h.registry().create("tcg-accel", Accelerator.class);
            AcceleratorVm first = tcg.createVm(spec(h, loop));
            Vcpu a = first.createVcpu(0, null);
            for (int i = 0; i < 100 && m.exitStatus() < 0; i++) a.run();
            X86ArchState out = (X86ArchState) a.exportState();
            assertEquals(0xfee00900L, out.apic().apicBase(), "BSP, enabled, at 0xfee00000");
            assertEquals(0x1f80, out.sse().mxcsr());
            a.close();
            first.close();

            AcceleratorVm second = tcg.createVm(spec(h, loop));
            Vcpu b = second.createVcpu(0, out);

            assertEquals(out, b.exportState());
            b.close();
            second.close();
        } finally {
            loop.close();
        }
    }

    /** The ROM that walks from real mode to long mode. */
    private static TestRoms.Rom modes() throws Exception {
        return TestRoms.all().stream().filter(r -> r.name().equals("modes")).findFirst().orElseThrow();
    }

    private static VmSpec spec(MachineHarness h, MainLoop loop) {
        return new VmSpec(1, h.machine().memorySystem(), h.memory(), h.io(), h.machine().cpus(), loop.globalLock());
    }
}
