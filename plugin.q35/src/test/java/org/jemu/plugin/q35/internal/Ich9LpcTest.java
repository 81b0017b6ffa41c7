package org.jemu.plugin.q35.internal;

import static org.jemu.plugin.q35.internal.LpcTestBoard.configRead;
import static org.jemu.plugin.q35.internal.LpcTestBoard.configWrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jemu.core.acpi.AcpiPmRegisters;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.junit.jupiter.api.Test;

/** "ICH9-LPC" at 1f.0 of the test board: identity, GSI and PIRQ routing, RCRB, PM block, SCI, APM, SMI, RST_CNT. */
class Ich9LpcTest {

    static final int LPC = PciConfig.devfn(31, 0);
    static final int PMBASE = 0x600;
    static final int PM1_CNT = PMBASE + 4;
    static final int PM_TMR = PMBASE + 8;
    static final int SMI_EN = PMBASE + 0x30;
    static final long RCBA = 0xfed1_c000L;
    static final long TICKS_2_23 = 1L << 23;

    private static final class Rig implements AutoCloseable {
        final MachineHarness h;
        final Ich9Lpc lpc;
        final LpcTestBoard.Lines isa = new LpcTestBoard.Lines(Ich9Lpc.ISA_IRQS);
        final LpcTestBoard.Lines ioapic = new LpcTestBoard.Lines(Ich9Lpc.GSI_PINS);
        int smis;

        Rig(Map<String, String> lpcProperties, DeviceSpec... more) {
            h = LpcTestBoard.harness(lpcProperties, more).build();
            lpc = (Ich9Lpc) h.resolve("/machine/lpc");
            for (int i = 0; i < Ich9Lpc.ISA_IRQS; i++) lpc.connectGpioOut("isa-irq", i, isa.line(i));
            for (int i = 0; i < Ich9Lpc.GSI_PINS; i++) lpc.connectGpioOut("ioapic-irq", i, ioapic.line(i));
            lpc.connectGpioOut("smi-irq", 0, level -> {
                if (level) smis++;
            });
            Reset.reset(h.machine(), ResetType.COLD);
        }

        Rig(DeviceSpec... more) {
            this(Map.of(), more);
        }

        LpcTestBoard.IntxFunction function(String name) {
            return (LpcTestBoard.IntxFunction) h.resolve("/machine/" + name);
        }

        /** The PM block at {@link #PMBASE}, ACPI_EN set, SCI on GSI 9: what SeaBIOS programs. */
        void enablePm() {
            configWrite(h, LPC, Ich9Lpc.PMBASE, 4, PMBASE | 1);
            configWrite(h, LPC, Ich9Lpc.ACPI_CNTL, 1, Ich9Lpc.ACPI_EN);
        }

        void enableRcrb() {
            configWrite(h, LPC, Ich9Lpc.RCBA, 4, RCBA | 1);
        }

        long in(int port, int size) {
            return h.io().read(port, size);
        }

        void out(int port, int size, long value) {
            h.io().write(port, size, value);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void configurationSpaceHasQemusIdentityAndResetValues() {
        try (Rig r = new Rig()) {
            assertEquals(0x2918_8086, configRead(r.h, LPC, 0, 4));
            assertEquals(0x0601_0002, configRead(r.h, LPC, PciConfig.REVISION_ID, 4));
            assertEquals(0x80, configRead(r.h, LPC, PciConfig.HEADER_TYPE, 1), "multifunction");
            assertEquals(0x8080_8080, configRead(r.h, LPC, Ich9Lpc.PIRQA_ROUT, 4));
            assertEquals(0x8080_8080, configRead(r.h, LPC, Ich9Lpc.PIRQE_ROUT, 4));
            assertEquals(0x01, configRead(r.h, LPC, Ich9Lpc.PMBASE, 4));
            assertEquals(0x00, configRead(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1));
            assertEquals(0, configRead(r.h, LPC, Ich9Lpc.RCBA, 4));
            assertEquals(9L, r.lpc.getLong("sci-int"));
            assertEquals(2L, r.lpc.getLong("acpi-enable-cmd"));
            assertEquals(3L, r.lpc.getLong("acpi-disable-cmd"));
            assertEquals(16L, r.lpc.getLong("gpe0-blk-len"));
            assertEquals(0L, r.lpc.getLong("pm_io_base"), "not decoded at reset");
            assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, (byte) 0x81, (byte) 0x82, (byte) 0x80},
                    r.lpc.systemStates());
            assertTrue(r.lpc.childBuses().stream().anyMatch(b -> b.name().equals("isa.0") && b.isA("ISA")));
        }
    }

    @Test
    void pirqDrivesItsGsiAndTheIsaIrqItsRouteRegisterSelects() {
        try (Rig r = new Rig(LpcTestBoard.intx("nic", "03.0", 1))) {
            LpcTestBoard.IntxFunction nic = r.function("nic");
            nic.irq(true);
            assertTrue(r.ioapic.level[23], "slot 3 INTA: (3 + 0) mod 4 + 4 = PIRQH, GSI 23");
            assertFalse(r.isa.level[11], "PIRQH not routed to the 8259 at reset");

            configWrite(r.h, LPC, Ich9Lpc.PIRQE_ROUT + 3, 1, 0x0b);
            assertTrue(r.isa.level[11], "routing the asserted PIRQ raises its ISA IRQ at once");
            assertTrue(r.ioapic.level[11], "an ISA IRQ is a GSI: the IOAPIC sees it too");
            assertTrue(r.ioapic.level[23], "and GSI 23 stays driven");

            nic.irq(false);
            assertFalse(r.isa.level[11]);
            assertFalse(r.ioapic.level[11]);
            assertFalse(r.ioapic.level[23]);

            nic.irq(true);
            configWrite(r.h, LPC, Ich9Lpc.PIRQE_ROUT + 3, 1, 0x8b);
            assertFalse(r.isa.level[11], "IRQEN set: routed nowhere");
            assertTrue(r.ioapic.level[23]);
        }
    }

    @Test
    void slotsTwentyFiveToThirtyOneFollowTheirDnnIrRegisters() {
        try (Rig r = new Rig(LpcTestBoard.intx("f5", "1f.5", 2), LpcTestBoard.intx("d30", "1e.0", 3),
                LpcTestBoard.intx("d29", "1d.0", 1))) {
            r.function("f5").irq(true);
            assertTrue(r.ioapic.level[17], "D31IR 0x3210: INTB to PIRQB, GSI 17");
            r.function("d30").irq(true);
            assertTrue(r.ioapic.level[22], "slot 30: INTC to PIRQG");
            r.function("d29").irq(true);
            assertTrue(r.ioapic.level[16], "D29IR 0x3210: INTA to PIRQA");
        }
    }

    @Test
    void changingD31IrThroughTheRcrbMovesAnAssertedInterrupt() {
        try (Rig r = new Rig(LpcTestBoard.intx("f5", "1f.5", 1))) {
            r.enableRcrb();
            assertEquals(0x3210, r.h.memory().read(RCBA + Ich9ChipConfig.D31IR, 2));
            assertEquals(0x20, r.h.memory().read(RCBA + Ich9ChipConfig.GCS, 4), "GCS: NO_REBOOT");
            LpcTestBoard.IntxFunction f5 = r.function("f5");
            f5.irq(true);
            assertTrue(r.ioapic.level[16]);

            r.h.memory().write(RCBA + Ich9ChipConfig.D31IR, 2, 0x3213);
            assertFalse(r.ioapic.level[16], "INTA now goes to PIRQD");
            assertTrue(r.ioapic.level[19]);
            assertEquals(0x3213, r.h.memory().read(RCBA + Ich9ChipConfig.D31IR, 2));

            f5.irq(false);
            assertFalse(r.ioapic.level[19], "the line count followed the new mapping");
            f5.irq(true);
            assertTrue(r.ioapic.level[19]);

            configWrite(r.h, LPC, Ich9Lpc.RCBA, 4, RCBA);
            assertNotEquals(0x3213L, r.h.memory().read(RCBA + Ich9ChipConfig.D31IR, 2), "RCBA disabled: unmapped");
            configWrite(r.h, LPC, Ich9Lpc.RCBA, 4, 0xfee0_0001L);
            assertEquals(0x3213, r.h.memory().read(0xfee0_0000L + Ich9ChipConfig.D31IR, 2), "moved");
        }
    }

    @Test
    void gsiInputsFanOutToThe8259sAndTheIoapicAndOrWithPciInterrupts() {
        try (Rig r = new Rig(LpcTestBoard.intx("nic", "03.0", 1))) {
            r.lpc.gpioIn("gsi", 4).set(true);
            assertTrue(r.isa.level[4]);
            assertTrue(r.ioapic.level[4]);
            r.lpc.gpioIn("gsi", 20).set(true);
            assertTrue(r.ioapic.level[20]);

            configWrite(r.h, LPC, Ich9Lpc.PIRQE_ROUT + 3, 1, 0x04);
            LpcTestBoard.IntxFunction nic = r.function("nic");
            nic.irq(true);
            nic.irq(false);
            assertTrue(r.isa.level[4], "the GSI input still holds IRQ 4");
            r.lpc.gpioIn("gsi", 4).set(false);
            assertFalse(r.isa.level[4]);
            assertFalse(r.ioapic.level[4]);
        }
    }

    @Test
    void thePmBlockFollowsPmbaseAndAcpiEn() {
        try (Rig r = new Rig()) {
            assertEquals(0xffff_ffffL, r.in(PM_TMR, 4), "not decoded at reset");
            configWrite(r.h, LPC, Ich9Lpc.PMBASE, 4, PMBASE | 1);
            assertEquals(0xffff_ffffL, r.in(PM_TMR, 4), "base set, ACPI_EN clear");
            configWrite(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1, Ich9Lpc.ACPI_EN);
            assertTrue(r.in(PM_TMR, 4) < 1 << 24, "the 24-bit PM timer");
            assertEquals((long) PMBASE, r.lpc.getLong("pm_io_base"));
            assertEquals((long) PMBASE + 0x20, r.lpc.getLong("gpe0-blk"));

            configWrite(r.h, LPC, Ich9Lpc.PMBASE, 4, 0xb07f);
            assertEquals(0xffff_ffffL, r.in(PM_TMR, 4));
            assertTrue(r.in(0xb008, 4) < 1 << 24, "bits 6:0 of the base are ignored");
            assertEquals(0xb007, configRead(r.h, LPC, Ich9Lpc.PMBASE, 4), "QEMU's mask: bits 2:0 stored");
            configWrite(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1, 0);
            assertEquals(0xffff_ffffL, r.in(0xb008, 4));
            assertEquals(0L, r.lpc.getLong("pm_io_base"));
        }
    }

    @Test
    void pmTimerRunsAt3579545HzAndTheGpeBlockHasSixteenBytes() {
        try (Rig r = new Rig()) {
            r.enablePm();
            long t0 = r.in(PM_TMR, 4);
            r.h.advanceVirtualNs(1_000_000_000L);
            assertEquals(3_579_545L, (r.in(PM_TMR, 4) - t0) & 0xff_ffff);

            r.out(PMBASE + 0x28, 4, 0x0403_0201L);
            r.out(PMBASE + 0x2c, 4, 0x0807_0605L);
            assertEquals(0x0807_0605L, r.in(PMBASE + 0x2c, 4), "enable bytes at +0x28..+0x2f");
            assertEquals(0, r.in(PMBASE + 0x20, 4), "status bytes at +0x20..+0x27");
        }
    }

    @Test
    void sleepTypeZeroWithSleepEnableRequestsShutdown() {
        try (Rig r = new Rig()) {
            r.enablePm();
            r.out(PM1_CNT, 2, 1 << AcpiPmRegisters.SLP_TYP_SHIFT | AcpiPmRegisters.SLP_EN);
            assertEquals(List.of(), r.h.systemRequests(), "S3 is not supported");
            r.out(PM1_CNT, 2, AcpiPmRegisters.SLP_EN | AcpiPmRegisters.SCI_EN);
            assertEquals(List.of("shutdown"), r.h.systemRequests());
            assertEquals(0, r.in(PM1_CNT, 2) & AcpiPmRegisters.SLP_EN, "SLP_EN reads 0");
        }
    }

    @Test
    void timerOverflowRaisesTheSciOnTheGsiAcpiCntlSelects() {
        try (Rig r = new Rig()) {
            r.enablePm();
            r.out(PMBASE, 2, AcpiPmRegisters.TMR_STS);
            r.out(PMBASE + 2, 2, AcpiPmRegisters.TMR_EN);
            assertFalse(r.isa.level[9]);
            r.h.advanceVirtualNs(AcpiPmRegisters.nanos(TICKS_2_23) - r.h.virtualNowNs());
            assertTrue(r.isa.level[9], "TMR_EN and TMR_STS: SCI on GSI 9");
            assertTrue(r.ioapic.level[9]);

            configWrite(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1, Ich9Lpc.ACPI_EN | 2);
            assertFalse(r.isa.level[9], "moved off GSI 9");
            assertTrue(r.isa.level[11]);
            assertEquals(11L, r.lpc.getLong("sci-int"));
            configWrite(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1, Ich9Lpc.ACPI_EN | 3);
            assertTrue(r.isa.level[11], "a reserved selection is ignored");
            configWrite(r.h, LPC, Ich9Lpc.ACPI_CNTL, 1, Ich9Lpc.ACPI_EN | 4);
            assertFalse(r.isa.level[11]);
            assertTrue(r.ioapic.level[20], "GSI 20: IOAPIC only");

            r.h.advanceVirtualNs(1_000);
            r.out(PMBASE, 2, AcpiPmRegisters.TMR_STS);
            assertFalse(r.ioapic.level[20], "cleared");
        }
    }

    @Test
    void withoutSmmApmcEnIsSetAtResetAndOtherApmCommandsRaiseAnSmi() {
        try (Rig r = new Rig()) {
            r.enablePm();
            assertEquals(Ich9Pm.SMI_EN_APMC_EN, r.in(SMI_EN, 4), "SMM marked as initialised");
            assertEquals(0, r.in(SMI_EN + 4, 4), "SMI_STS");
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PM1_CNT, 2) & AcpiPmRegisters.SCI_EN, "hard-wired ACPI mode");
            r.out(0xb2, 1, 3);
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PM1_CNT, 2) & AcpiPmRegisters.SCI_EN);
            assertEquals(0, r.smis, "the ACPI commands raise no SMI");

            r.out(0xb2, 1, 0x12);
            assertEquals(1, r.smis);
            assertEquals(0x12, r.in(0xb2, 1));
            r.out(SMI_EN, 4, 0);
            r.out(0xb2, 1, 0x12);
            assertEquals(1, r.smis, "APMC_EN clear: no SMI");
            r.out(0xb3, 1, 0x5a);
            assertEquals(0x5a, r.in(0xb3, 1), "status is a scratch byte");
        }
    }

    @Test
    void withSmmCompatTheApmCommandsSwitchSciEn() {
        try (Rig r = new Rig(Map.of("smm-compat", "on"))) {
            r.enablePm();
            assertEquals(0, r.in(PM1_CNT, 2) & AcpiPmRegisters.SCI_EN, "legacy mode after reset");
            r.out(0xb2, 1, 2);
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PM1_CNT, 2) & AcpiPmRegisters.SCI_EN, "ACPI enable");
            r.out(0xb2, 1, 3);
            assertEquals(0, r.in(PM1_CNT, 2) & AcpiPmRegisters.SCI_EN, "ACPI disable");
            assertEquals(0, r.smis);
        }
    }

    @Test
    void smiLockKeepsGlobalSmiEnableUntilReset() {
        try (Rig r = new Rig()) {
            r.enablePm();
            r.out(SMI_EN, 4, Ich9Pm.SMI_EN_GBL_SMI_EN | Ich9Pm.SMI_EN_APMC_EN);
            configWrite(r.h, LPC, Ich9Lpc.GEN_PMCON_1, 2, Ich9Lpc.GEN_PMCON_1_SMI_LOCK | 0x0200);
            r.out(SMI_EN, 4, 0);
            assertEquals(Ich9Pm.SMI_EN_GBL_SMI_EN, r.in(SMI_EN, 4), "GBL_SMI_EN locked");
            configWrite(r.h, LPC, Ich9Lpc.GEN_PMCON_1, 2, 0);
            assertEquals(Ich9Lpc.GEN_PMCON_1_SMI_LOCK, configRead(r.h, LPC, Ich9Lpc.GEN_PMCON_1, 2),
                    "SMI_LOCK cannot be cleared; the other bits can");
            assertEquals(0xffffL, r.in(SMI_EN, 2), "SMI_EN takes dword accesses only");
            r.out(SMI_EN, 2, Ich9Pm.SMI_EN_APMC_EN);
            assertEquals(Ich9Pm.SMI_EN_GBL_SMI_EN, r.in(SMI_EN, 4), "a word write is ignored");

            Reset.reset(r.h.machine(), ResetType.COLD);
            r.enablePm();
            r.out(SMI_EN, 4, Ich9Pm.SMI_EN_GBL_SMI_EN);
            r.out(SMI_EN, 4, 0);
            assertEquals(0, r.in(SMI_EN, 4), "unlocked by the reset");
        }
    }

    @Test
    void rstCntRequestsAResetWithBitTwoAndKeepsSysRst() {
        try (Rig r = new Rig()) {
            r.out(0xcf9, 1, 0x02);
            assertEquals(0x02, r.in(0xcf9, 1));
            assertEquals(List.of(), r.h.systemRequests());
            r.out(0xcf9, 1, 0x06);
            assertEquals(List.of("reset"), r.h.systemRequests());
            assertEquals(0x2918_8086, configRead(r.h, LPC, 0, 4), "0xcf8 still reaches the configuration space");
        }
    }

    @Test
    void smmEnabledOnIsRefusedAtRealize() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LpcTestBoard.harness(Map.of("smm-enabled", "on")).build());
        assertTrue(String.valueOf(e.getMessage()).contains("System Management Mode")
                || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("System Management")),
                e.toString());
    }

    @Test
    void resetRestoresQemusDefaults() {
        try (Rig r = new Rig(LpcTestBoard.intx("nic", "03.0", 1))) {
            r.enablePm();
            r.enableRcrb();
            r.h.memory().write(RCBA + Ich9ChipConfig.D31IR, 2, 0x0123);
            configWrite(r.h, LPC, Ich9Lpc.PIRQA_ROUT, 4, 0x0b0a_0503);
            configWrite(r.h, LPC, Ich9Lpc.GEN_PMCON_1 + 2, 2, 0x1234);
            r.out(0xcf9, 1, 0x02);
            r.out(SMI_EN, 4, 0);
            configWrite(r.h, LPC, Ich9Lpc.PIRQE_ROUT + 3, 1, 0x0b);
            r.function("nic").irq(true);

            Reset.reset(r.h.machine(), ResetType.COLD);
            assertEquals(0x8080_8080, configRead(r.h, LPC, Ich9Lpc.PIRQA_ROUT, 4));
            assertEquals(0x01, configRead(r.h, LPC, Ich9Lpc.PMBASE, 4));
            assertEquals(0, configRead(r.h, LPC, Ich9Lpc.RCBA, 4));
            assertEquals(0x1234, configRead(r.h, LPC, Ich9Lpc.GEN_PMCON_1 + 2, 2), "GEN_PMCON_2 survives");
            assertEquals(0, r.in(0xcf9, 1));
            assertEquals(0xffff_ffffL, r.in(PM_TMR, 4), "PM block off");
            assertFalse(r.isa.level[11], "the device's INTx was deasserted by the bus reset");
            r.enablePm();
            r.enableRcrb();
            assertEquals(0x3210, r.h.memory().read(RCBA + Ich9ChipConfig.D31IR, 2));
            assertEquals(Ich9Pm.SMI_EN_APMC_EN, r.in(SMI_EN, 4));
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheDeviceKeepsWorking() {
        try (Rig r = new Rig(LpcTestBoard.intx("nic", "03.0", 1))) {
            r.enablePm();
            r.enableRcrb();
            Random rnd = new Random(17);
            for (int i = 0; i < 3000; i++) {
                int size = 1 << rnd.nextInt(3);
                long v = rnd.nextLong();
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        int port = PMBASE + rnd.nextInt(128);
                        if (port == PM1_CNT || port == PM1_CNT + 1) v &= ~0x2020L; // keep the machine running
                        if (rnd.nextBoolean()) r.out(port, size, v); else r.in(port, size);
                    }
                    case 1 -> {
                        long addr = RCBA + rnd.nextInt(Ich9ChipConfig.SIZE);
                        if (rnd.nextBoolean()) r.h.memory().write(addr, size, v); else r.h.memory().read(addr, size);
                    }
                    case 2 -> {
                        int reg = 0x44 + rnd.nextInt(0xa0);
                        if (reg < 0xf0) configWrite(r.h, LPC, reg, 1, v);
                    }
                    default -> r.out(0xb2 + rnd.nextInt(2), 1, v);
                }
                r.h.advanceVirtualNs(rnd.nextInt(1_000_000));
            }
            assertEquals(List.of(), r.h.systemRequests());
            Reset.reset(r.h.machine(), ResetType.COLD);
            r.enablePm();
            assertTrue(r.in(PM_TMR, 4) < 1 << 24);
            configWrite(r.h, LPC, Ich9Lpc.PIRQE_ROUT + 3, 1, 0x05);
            r.function("nic").irq(true);
            assertTrue(r.isa.level[5]);
            assertTrue(r.ioapic.level[23]);
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig(LpcTestBoard.intx("nic", "03.0", 1))) {
            r.enablePm();
            r.enableRcrb();
            r.h.memory().write(RCBA + 0x1000, 4, 0xdead_beefL);
            r.out(PMBASE + 2, 2, AcpiPmRegisters.TMR_EN | AcpiPmRegisters.GBL_EN);
            r.out(0xb3, 1, 0x42);
            r.out(0xcf9, 1, 0x08);
            r.lpc.gpioIn("gsi", 6).set(true);
            Ich9Lpc.State saved = r.lpc.state();

            Reset.reset(r.h.machine(), ResetType.COLD);
            r.lpc.restore(saved);
            assertEquals(saved, r.lpc.state());
            assertEquals(0xdead_beefL, r.h.memory().read(RCBA + 0x1000, 4), "the RCRB window is mapped again");
            assertEquals(AcpiPmRegisters.TMR_EN | AcpiPmRegisters.GBL_EN, r.in(PMBASE + 2, 2), "PM block decoded");
            assertEquals(0x08, r.in(0xcf9, 1));
            assertTrue(r.isa.level[6], "outputs driven from the restored inputs");
        }
    }

    @Test
    void lpcEnRecordsTheLegacyPortsPresentAtTheFirstReset() {
        try (MachineHarness h = LpcTestBoard.harness(Map.of()).build()) {
            MemoryRegionOps none = new MemoryRegionOps() {
                @Override
                public long read(long offset, int size) {
                    return 0;
                }

                @Override
                public void write(long offset, int size, long value) {
                }
            };
            h.machine().systemIo().addSubregion(0x3f8, MemoryRegion.io("com1", 8, none));
            h.machine().systemIo().addSubregion(0x378, MemoryRegion.io("lpt1", 8, none));
            Reset.reset(h.machine(), ResetType.COLD);
            assertEquals(0x05, configRead(h, LPC, Ich9Lpc.LPC_EN, 1), "COM1 and LPT, no COM2, no floppy");
        }
    }

    @Test
    void theIsaBusSpansThePciBusSpaces() {
        try (Rig r = new Rig()) {
            Bus isa = r.lpc.childBuses().getFirst();
            assertEquals(r.lpc.pciBus().ioSpace(), isa.ioSpace(), "isa.0 spans the PCI I/O space");
            assertEquals(r.lpc.pciBus().memorySpace(), isa.memorySpace());
        }
    }
}
