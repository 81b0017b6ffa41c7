package org.jemu.plugin.i440fx.internal;

import static org.jemu.core.i2c.SmbusHostController.AUX_BLK;
import static org.jemu.core.i2c.SmbusHostController.AUX_CTL;
import static org.jemu.core.i2c.SmbusHostController.BLK_DAT;
import static org.jemu.core.i2c.SmbusHostController.CTL_INTREN;
import static org.jemu.core.i2c.SmbusHostController.CTL_KILL;
import static org.jemu.core.i2c.SmbusHostController.CTL_START;
import static org.jemu.core.i2c.SmbusHostController.HST_ADD;
import static org.jemu.core.i2c.SmbusHostController.HST_CMD;
import static org.jemu.core.i2c.SmbusHostController.HST_CNT;
import static org.jemu.core.i2c.SmbusHostController.HST_DAT0;
import static org.jemu.core.i2c.SmbusHostController.HST_DAT1;
import static org.jemu.core.i2c.SmbusHostController.HST_STS;
import static org.jemu.core.i2c.SmbusHostController.PROT_BLOCK_DATA;
import static org.jemu.core.i2c.SmbusHostController.PROT_BYTE;
import static org.jemu.core.i2c.SmbusHostController.PROT_BYTE_DATA;
import static org.jemu.core.i2c.SmbusHostController.PROT_QUICK;
import static org.jemu.core.i2c.SmbusHostController.PROT_WORD_DATA;
import static org.jemu.core.i2c.SmbusHostController.STS_HOST_BUSY;
import static org.jemu.core.i2c.SmbusHostController.STS_INTR;
import static org.jemu.plugin.i440fx.internal.Chipset.configRead;
import static org.jemu.plugin.i440fx.internal.Chipset.configWrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.jemu.core.acpi.AcpiPmRegisters;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.i2c.SmbusDevice;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** "PIIX4_PM" at 01.3 on the chipset board: ACPI registers, PM timer, sleep states, APM, SMBus host controller. */
class Piix4PmTest {

    static final int PM = PciConfig.devfn(1, 3);
    static final int PMBASE = 0x600;
    static final int SMB = 0xb100;
    static final long TICKS_2_23 = 1L << 23;

    /** An SMBus EEPROM stand-in (the real one lives in plugin.pc): byte i holds i * 3, the written offset selects. */
    static final class TestEeprom extends SmbusDevice {
        final byte[] data = new byte[256];
        int offset;

        TestEeprom(ObjectType type) {
            super(type);
            for (int i = 0; i < 256; i++) data[i] = (byte) (i * 3);
        }

        @Override
        protected void writeData(byte[] buf, int length) {
            offset = buf[0] & 0xff;
            for (int i = 1; i < length; i++) data[offset++ & 0xff] = buf[i];
        }

        @Override
        protected int receiveByte() {
            return data[offset++ & 0xff] & 0xff;
        }
    }

    static final ModuleInit EEPROM = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("test-eeprom").parent(SmbusDevice.TYPE).factory(TestEeprom::new).build());
        }
    };

    private static final class Rig implements AutoCloseable {
        final MachineHarness h;
        final Piix4Pm pm;
        final Chipset.Lines sci = new Chipset.Lines(1);
        int smis;

        Rig(boolean smm) {
            h = Chipset.harness(Chipset.pci("pm", Piix4Pm.TYPE, "01.3").with("smb_io_base", "0xb100")
                            .with("smm-enabled", smm ? "on" : "off"),
                    DeviceSpec.of("spd", "test-eeprom").on("i2c").with("address", 0x50))
                    .contribute(EEPROM).build();
            pm = (Piix4Pm) h.resolve("/machine/pm");
            pm.connectGpioOut("", 0, sci.line(0));
            pm.connectGpioOut("smi-irq", 0, level -> {
                if (level) smis++;
            });
            Reset.reset(h.machine(), ResetType.COLD);
        }

        /** The PM block at {@link #PMBASE}, enabled, as SeaBIOS programs it. */
        void enablePm() {
            configWrite(h, PM, Piix4Pm.PMBASE, 4, PMBASE | 1);
            configWrite(h, PM, Piix4Pm.PMREGMISC, 1, 1);
        }

        long in(int port, int size) {
            return h.io().read(port, size);
        }

        void out(int port, int size, long value) {
            h.io().write(port, size, value);
        }

        /** One SMBus transaction through the host controller registers; returns the final host status. */
        int smbus(int address, boolean read, int command, int protocol, boolean intren) {
            out(SMB + HST_STS, 1, 0xff);
            out(SMB + HST_ADD, 1, address << 1 | (read ? 1 : 0));
            out(SMB + HST_CMD, 1, command);
            out(SMB + HST_CNT, 1, CTL_START | protocol << 2 | (intren ? CTL_INTREN : 0));
            int first = (int) in(SMB + HST_STS, 1);
            return intren ? first : (int) in(SMB + HST_STS, 1);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void configurationSpaceHasQemusValues() {
        try (Rig r = new Rig(true)) {
            assertEquals(0x7113_8086, configRead(r.h, PM, 0, 4));
            assertEquals(0x0680_0003, configRead(r.h, PM, PciConfig.REVISION_ID, 4));
            assertEquals(0x0280, configRead(r.h, PM, PciConfig.STATUS, 2));
            assertEquals(1, configRead(r.h, PM, PciConfig.INTERRUPT_PIN, 1));
            assertEquals(0x01, configRead(r.h, PM, Piix4Pm.PMBASE, 4));
            assertEquals(0, configRead(r.h, PM, Piix4Pm.PMREGMISC, 1));
            assertEquals(0xb101, configRead(r.h, PM, Piix4Pm.SMBHSTBASE, 4));
            assertEquals(0x09, configRead(r.h, PM, Piix4Pm.SMBHSTCFG, 1));
            assertEquals(0, configRead(r.h, PM, Piix4Pm.DEVACTB, 4), "SMM enabled: APMC_EN clear for the firmware");
            assertEquals(0x10, configRead(r.h, PM, 0x5f, 1), "no parallel port");
            assertEquals(0x60, configRead(r.h, PM, 0x63, 1));
            assertEquals(0, configRead(r.h, PM, 0x67, 1), "no serial ports");
            assertEquals(0xafe0L, r.pm.getLong("gpe0-blk"));
            assertEquals(9L, r.pm.getLong("sci-int"));
        }
        try (Rig r = new Rig(false)) {
            assertEquals(0x0200_0000, configRead(r.h, PM, Piix4Pm.DEVACTB, 4), "without SMM: marked initialised");
        }
    }

    @Test
    void thePmBlockAppearsWhereRegister40PointsOnceEnabled() {
        try (Rig r = new Rig(true)) {
            assertEquals(0xffff_ffffL, r.in(PMBASE + 8, 4), "not decoded at reset");
            configWrite(r.h, PM, Piix4Pm.PMBASE, 4, PMBASE | 1);
            assertEquals(0xffff_ffffL, r.in(PMBASE + 8, 4), "base set, still disabled");
            configWrite(r.h, PM, Piix4Pm.PMREGMISC, 1, 1);
            assertTrue(r.in(PMBASE + 8, 4) < 1 << 24, "the 24-bit PM timer");
            assertEquals((long) PMBASE, r.pm.getLong("pm_io_base"));

            configWrite(r.h, PM, Piix4Pm.PMBASE, 4, 0xb03f);
            assertEquals(0xffff_ffffL, r.in(PMBASE + 8, 4));
            assertTrue(r.in(0xb008, 4) < 1 << 24, "bits 5:0 of the base are ignored");
            configWrite(r.h, PM, Piix4Pm.PMREGMISC, 1, 0);
            assertEquals(0xffff_ffffL, r.in(0xb008, 4));
        }
    }

    @Test
    void pmTimerCountsAt3579545HzOnTheVirtualClock() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            long t0 = r.in(PMBASE + 8, 4);
            r.h.advanceVirtualNs(1_000_000_000L);
            long t1 = r.in(PMBASE + 8, 4);
            assertEquals(3_579_545L, (t1 - t0) & 0xff_ffff);
            r.h.advanceVirtualNs(10_000_000_000L);
            long t2 = r.in(PMBASE + 8, 4);
            assertEquals(35_795_450L & 0xff_ffff, (t2 - t1) & 0xff_ffff, "wraps at 2^24");
            assertEquals(t2 & 0xff, r.in(PMBASE + 8, 1));
        }
    }

    @Test
    void timerOverflowSetsTmrStsAndRaisesTheSciWhenEnabled() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            assertEquals(AcpiPmRegisters.TMR_STS, r.in(PMBASE, 2) & AcpiPmRegisters.TMR_STS, "overflow time 0 after reset: set at once");
            r.out(PMBASE, 2, AcpiPmRegisters.TMR_STS);
            assertEquals(0, r.in(PMBASE, 2) & AcpiPmRegisters.TMR_STS, "cleared: next one at the following 2^23 ticks");
            r.out(PMBASE + 2, 2, AcpiPmRegisters.TMR_EN);
            assertEquals(AcpiPmRegisters.TMR_EN, r.in(PMBASE + 2, 2));
            assertFalse(r.sci.level[0]);

            long overflowNs = AcpiPmRegisters.nanos(TICKS_2_23);
            r.h.advanceVirtualNs(overflowNs - r.h.virtualNowNs() - 1);
            assertFalse(r.sci.level[0], "one ns early");
            r.h.advanceVirtualNs(1);
            assertTrue(r.sci.level[0], "the overflow timer fired");
            assertEquals(AcpiPmRegisters.TMR_STS, r.in(PMBASE, 2) & AcpiPmRegisters.TMR_STS);

            r.h.advanceVirtualNs(1_000);
            r.out(PMBASE, 2, AcpiPmRegisters.TMR_STS);
            assertFalse(r.sci.level[0], "clearing the status drops the SCI");
            r.h.advanceVirtualNs(AcpiPmRegisters.nanos(2 * TICKS_2_23) - r.h.virtualNowNs());
            assertTrue(r.sci.level[0], "and the next overflow raises it again");

            r.out(PMBASE + 2, 2, 0);
            assertFalse(r.sci.level[0], "disabling the event drops the SCI; the status stays");
            assertEquals(AcpiPmRegisters.TMR_STS, r.in(PMBASE, 2) & AcpiPmRegisters.TMR_STS);
        }
    }

    @Test
    void gpeBlockAtAfe0KeepsEnablesAndClearsStatusByWritingOnes() {
        try (Rig r = new Rig(true)) {
            r.out(0xafe2, 1, 0x0f);
            r.out(0xafe3, 1, 0x80);
            assertEquals(0x800f_0000L, r.in(0xafe0, 4));
            r.out(0xafe0, 2, 0xffff);
            assertEquals(0, r.in(0xafe0, 2));
            assertFalse(r.sci.level[0], "no GPE status is ever set without hotplug events");
        }
    }

    @Test
    void sleepTypeZeroWithSleepEnableShutsTheMachineDown() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            r.out(PMBASE + 4, 2, AcpiPmRegisters.SLP_EN);
            assertEquals(List.of("shutdown"), r.h.systemRequests());
            assertEquals(0, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SLP_EN, "SLP_EN reads 0");
        }
    }

    @Test
    void s4IsAShutdownS3IsNotSupportedAndSleepTypeAloneDoesNothing() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            r.out(PMBASE + 4, 2, 1 << AcpiPmRegisters.SLP_TYP_SHIFT);
            assertEquals(1 << AcpiPmRegisters.SLP_TYP_SHIFT, r.in(PMBASE + 4, 2), "SLP_TYP stored");
            r.out(PMBASE + 4, 2, AcpiPmRegisters.SLP_EN | 1 << AcpiPmRegisters.SLP_TYP_SHIFT);
            assertEquals(List.of(), r.h.systemRequests(), "S3 is logged and ignored");
            r.out(PMBASE + 5, 1, (AcpiPmRegisters.SLP_EN | 2 << AcpiPmRegisters.SLP_TYP_SHIFT) >> 8);
            assertEquals(List.of("shutdown"), r.h.systemRequests(), "S4 (s4_val 2), written as the high byte");
        }
    }

    @Test
    void apmControlPortSwitchesSciEnAndRaisesSmiOnlyWhenEnabled() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            assertEquals(0, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SCI_EN, "legacy mode after reset");
            r.out(0xb2, 1, 0xf1);
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SCI_EN, "ACPI enable");
            r.out(0xb2, 1, 0xf0);
            assertEquals(0, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SCI_EN, "ACPI disable");
            assertEquals(0xf0, r.in(0xb2, 1));

            r.out(0xb2, 1, 0x00);
            assertEquals(0, r.smis, "APMC_EN clear: no SMI");
            configWrite(r.h, PM, Piix4Pm.APMC_EN_REG, 1, Piix4Pm.APMC_EN);
            r.out(0xb3, 1, 0x01);
            r.out(0xb2, 1, 0x00);
            assertEquals(1, r.smis, "SMI pulsed");
            r.out(0xb2, 1, 0xf1);
            assertEquals(1, r.smis, "the ACPI commands raise no SMI");
            assertEquals(0x01, r.in(0xb3, 1), "status is a scratch byte");
            r.out(0xb2, 2, 0x7700);
            assertEquals(0x77, r.in(0xb3, 1), "a word write reaches both ports");
        }
    }

    @Test
    void withoutSmmSciEnIsHardWiredOn() {
        try (Rig r = new Rig(false)) {
            r.enablePm();
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SCI_EN);
            r.out(0xb2, 1, 0xf0);
            assertEquals(AcpiPmRegisters.SCI_EN, r.in(PMBASE + 4, 2) & AcpiPmRegisters.SCI_EN);
            r.out(0xb2, 1, 0x12);
            assertEquals(1, r.smis, "APMC_EN set at reset without SMM: QEMU raises the SMI");
        }
    }

    @Test
    void smbusByteDataReadReturnsTheEepromByte() {
        try (Rig r = new Rig(true)) {
            r.out(SMB + HST_STS, 1, 0xff);
            r.out(SMB + HST_ADD, 1, 0x50 << 1 | 1);
            r.out(SMB + HST_CMD, 1, 0x21);
            r.out(SMB + HST_CNT, 1, CTL_START | PROT_BYTE_DATA << 2);
            assertEquals(STS_HOST_BUSY, r.in(SMB, 1), "held until the status is read, as in QEMU");
            assertEquals(STS_INTR, r.in(SMB, 1));
            assertEquals(0x63, r.in(SMB + HST_DAT0, 1));
            assertEquals(PROT_BYTE_DATA << 2, r.in(SMB + HST_CNT, 1), "START reads 0");

            assertEquals(STS_INTR, r.smbus(0x50, true, 0, PROT_BYTE, true), "receive byte, at once");
            assertEquals(0x66, r.in(SMB + HST_DAT0, 1), "sequential: the byte after 0x21");
        }
    }

    @Test
    void smbusWordWritesAndReadsAndBlockReadsGoThroughTheRegisters() {
        try (Rig r = new Rig(true)) {
            r.out(SMB + HST_DAT0, 1, 0x34);
            r.out(SMB + HST_DAT1, 1, 0x12);
            assertEquals(STS_INTR, r.smbus(0x50, false, 0x10, PROT_WORD_DATA, false));
            r.out(SMB + HST_DAT0, 1, 0);
            assertEquals(STS_INTR, r.smbus(0x50, true, 0x10, PROT_WORD_DATA, false));
            assertEquals(0x34, r.in(SMB + HST_DAT0, 1));
            assertEquals(0x12, r.in(SMB + HST_DAT1, 1));

            // block read: the first byte read is the count (byte 0x02 holds 6), then the bytes from the block buffer
            assertEquals(STS_INTR, r.smbus(0x50, true, 0x02, PROT_BLOCK_DATA, true));
            assertEquals(6, r.in(SMB + HST_DAT0, 1));
            byte[] got = new byte[6];
            for (int i = 0; i < 6; i++) got[i] = (byte) r.in(SMB + BLK_DAT, 1);
            assertArrayEquals(new byte[] {9, 12, 15, 18, 21, 24}, got);
        }
    }

    @Test
    void theSmbusWindowFollowsRegisters90AndD2() {
        try (Rig r = new Rig(true)) {
            r.out(SMB + HST_CMD, 1, 0x5a);
            configWrite(r.h, PM, Piix4Pm.SMBHSTCFG, 1, 0);
            assertEquals(0xff, r.in(SMB + HST_CMD, 1), "disabled");
            configWrite(r.h, PM, Piix4Pm.SMBHSTBASE, 4, 0xc001);
            configWrite(r.h, PM, Piix4Pm.SMBHSTCFG, 1, 1);
            assertEquals(0x5a, r.in(0xc000 + HST_CMD, 1));
        }
    }

    @Test
    void resetTurnsThePmBlockOffAndClearsTheAcpiRegisters() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            r.out(PMBASE + 2, 2, AcpiPmRegisters.PWRBTN_EN);
            r.out(0xb2, 1, 0xf1);
            configWrite(r.h, PM, Piix4Pm.APMC_EN_REG, 1, Piix4Pm.APMC_EN);
            Reset.reset(r.h.machine(), ResetType.COLD);
            assertEquals(0x01, configRead(r.h, PM, Piix4Pm.PMBASE, 1));
            assertEquals(0x00, configRead(r.h, PM, Piix4Pm.APMC_EN_REG, 1));
            assertEquals(0xb101, configRead(r.h, PM, Piix4Pm.SMBHSTBASE, 4), "the SMBus base survives, as in QEMU");
            r.enablePm();
            assertEquals(0, r.in(PMBASE + 2, 2));
            assertEquals(0, r.in(PMBASE + 4, 2));
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheDeviceKeepsWorking() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            Random rnd = new Random(11);
            int[] bases = {PMBASE, SMB, 0xafe0, 0xb2};
            for (int i = 0; i < 5000; i++) {
                int base = bases[rnd.nextInt(bases.length)];
                int port = base + rnd.nextInt(base == SMB ? 64 : 16);
                int size = 1 << rnd.nextInt(3);
                long v = rnd.nextLong();
                if (base == PMBASE && port == PMBASE + 4) v &= ~AcpiPmRegisters.SLP_EN; // keep the machine running
                if (base == PMBASE && port == PMBASE + 5) v &= ~(AcpiPmRegisters.SLP_EN >> 8);
                if (rnd.nextBoolean()) {
                    r.out(port, size, v);
                } else {
                    r.in(port, size);
                }
                r.h.advanceVirtualNs(rnd.nextInt(1_000_000));
            }
            for (int reg = 0x40; reg < 0x100; reg += 4) {
                if (reg != Piix4Pm.PMBASE && reg != Piix4Pm.SMBHSTBASE && reg != 0x80 && reg != 0xd0) {
                    configWrite(r.h, PM, reg, 4, rnd.nextInt());
                }
            }
            r.out(SMB + HST_CNT, 1, CTL_KILL);
            r.out(SMB + HST_CNT, 1, 0);
            r.out(SMB + AUX_CTL, 1, AUX_BLK);
            assertEquals(STS_INTR, r.smbus(0x50, false, 0, PROT_QUICK, true));
            assertTrue(r.in(PMBASE + 8, 4) < 1 << 24);
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig(true)) {
            r.enablePm();
            r.out(PMBASE + 2, 2, AcpiPmRegisters.TMR_EN | AcpiPmRegisters.GBL_EN);
            r.out(0xb2, 1, 0xf1);
            r.out(0xb3, 1, 0x42);
            r.out(0xafe2, 1, 0x03);
            r.smbus(0x50, true, 0x07, PROT_BYTE_DATA, true);
            Piix4Pm.State saved = r.pm.state();

            Reset.reset(r.h.machine(), ResetType.COLD);
            r.pm.restore(saved);
            assertEquals(saved, r.pm.state());
            assertEquals(0x15, r.in(SMB + HST_DAT0, 1));
            assertEquals(AcpiPmRegisters.TMR_EN | AcpiPmRegisters.GBL_EN, r.in(PMBASE + 2, 2), "the restored PM block is decoded again");
        }
    }
}
