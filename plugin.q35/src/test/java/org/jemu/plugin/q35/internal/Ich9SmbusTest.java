package org.jemu.plugin.q35.internal;

import static org.jemu.core.i2c.SmbusHostController.BLK_DAT;
import static org.jemu.core.i2c.SmbusHostController.CTL_INTREN;
import static org.jemu.core.i2c.SmbusHostController.CTL_START;
import static org.jemu.core.i2c.SmbusHostController.HST_ADD;
import static org.jemu.core.i2c.SmbusHostController.HST_CMD;
import static org.jemu.core.i2c.SmbusHostController.HST_CNT;
import static org.jemu.core.i2c.SmbusHostController.HST_DAT0;
import static org.jemu.core.i2c.SmbusHostController.HST_STS;
import static org.jemu.core.i2c.SmbusHostController.PROT_BLOCK_DATA;
import static org.jemu.core.i2c.SmbusHostController.PROT_BYTE_DATA;
import static org.jemu.core.i2c.SmbusHostController.PROT_QUICK;
import static org.jemu.core.i2c.SmbusHostController.STS_BYTE_DONE;
import static org.jemu.core.i2c.SmbusHostController.STS_DEV_ERR;
import static org.jemu.core.i2c.SmbusHostController.STS_HOST_BUSY;
import static org.jemu.core.i2c.SmbusHostController.STS_INTR;
import static org.jemu.plugin.q35.internal.SmbTestBoard.configRead;
import static org.jemu.plugin.q35.internal.SmbTestBoard.configWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.junit.jupiter.api.Test;

/** "ICH9-SMB" at 1f.3 on a test PCI host, with EEPROM stand-ins at 0x50..0x57 on its "i2c" bus. */
class Ich9SmbusTest {

    static final int SMB = PciConfig.devfn(0x1f, 3);
    static final int BAR4 = PciConfig.BASE_ADDRESS_0 + 4 * Ich9Smbus.SMB_BASE_BAR;
    /** Where SeaBIOS's ich9_smbus_setup puts the registers. */
    static final int BASE = 0x700;

    private static final class Rig implements AutoCloseable {
        final MachineHarness h = SmbTestBoard.harness();
        final Ich9Smbus smb = (Ich9Smbus) h.resolve("/machine/smb");
        final PciBus bus = (PciBus) h.resolve("/machine/host/pcie.0");

        Rig() {
            Reset.reset(h.machine(), ResetType.COLD);
        }

        /** BAR 4 at {@link #BASE}, I/O decode on, HOSTC = {@code hostc}. */
        Rig program(int hostc) {
            configWrite(h, SMB, BAR4, 4, BASE);
            configWrite(h, SMB, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO);
            configWrite(h, SMB, Ich9Smbus.HOSTC, 1, hostc);
            return this;
        }

        int in(int reg) {
            return (int) h.io().read(BASE + reg, 1);
        }

        void out(int reg, int value) {
            h.io().write(BASE + reg, 1, value);
        }

        /** One transaction through the registers; returns the final status. */
        int run(int address, boolean read, int command, int protocol, int control) {
            out(HST_STS, 0xff);
            out(HST_ADD, address << 1 | (read ? 1 : 0));
            out(HST_CMD, command);
            out(HST_CNT, CTL_START | protocol << 2 | control);
            int first = in(HST_STS);
            return (control & CTL_INTREN) != 0 ? first : in(HST_STS);
        }

        SmbTestBoard.Eeprom eeprom(int i) {
            return (SmbTestBoard.Eeprom) h.resolve("/machine/eeprom" + i);
        }

        boolean inta() {
            return bus.irqLevel(0);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void configurationSpaceHasQemusIdentityPinAndA64PortIoBar() {
        try (Rig r = new Rig()) {
            assertEquals(0x2930_8086, configRead(r.h, SMB, PciConfig.VENDOR_ID, 4));
            assertEquals(0x0c05_0002, configRead(r.h, SMB, PciConfig.REVISION_ID, 4), "class 0c05, prog-if 0, rev 2");
            assertEquals(1, configRead(r.h, SMB, PciConfig.INTERRUPT_PIN, 1), "INTA#");
            assertEquals(0, configRead(r.h, SMB, Ich9Smbus.HOSTC, 1));
            assertEquals(PciConfig.BAR_SPACE_IO, configRead(r.h, SMB, BAR4, 4));
            configWrite(r.h, SMB, BAR4, 4, 0xffff_ffffL);
            assertEquals(0xffff_ffc1, configRead(r.h, SMB, BAR4, 4), "64 ports");
            for (int bar = 0; bar < 4; bar++) {
                configWrite(r.h, SMB, PciConfig.BASE_ADDRESS_0 + 4 * bar, 4, 0xffff_ffffL);
                assertEquals(0, configRead(r.h, SMB, PciConfig.BASE_ADDRESS_0 + 4 * bar, 4), "no BAR " + bar);
            }
            assertEquals(64L, r.smb.barSize(Ich9Smbus.SMB_BASE_BAR));
        }
    }

    @Test
    void theRegistersDecodeWhileHostcHstEnIsSet() {
        try (Rig r = new Rig()) {
            configWrite(r.h, SMB, BAR4, 4, BASE);
            configWrite(r.h, SMB, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO);
            r.out(HST_CMD, 0x5a);
            assertEquals(0x5a, r.in(HST_CMD), "as in QEMU: decoded until HOSTC is first written");
            configWrite(r.h, SMB, Ich9Smbus.HOSTC, 1, 0);
            assertEquals(0xff, r.in(HST_CMD), "HST_EN clear");
            configWrite(r.h, SMB, Ich9Smbus.HOSTC, 1, Ich9Smbus.HOSTC_HST_EN);
            assertEquals(0x5a, r.in(HST_CMD));
            configWrite(r.h, SMB, Ich9Smbus.HOSTC, 4, Ich9Smbus.HOSTC_HST_EN | Ich9Smbus.HOSTC_I2C_EN);
            assertEquals(0x5a, r.in(HST_CMD), "QEMU 7.2 keeps decoding in I2C mode");
            configWrite(r.h, SMB, PciConfig.COMMAND, 2, 0);
            assertEquals(0xff, r.in(HST_CMD), "I/O decode off in COMMAND");
        }
    }

    @Test
    void aByteDataReadReturnsTheEepromByte() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN)) {
            r.out(HST_STS, 0xff);
            r.out(HST_ADD, 0x52 << 1 | 1);
            r.out(HST_CMD, 0x10);
            r.out(HST_CNT, CTL_START | PROT_BYTE_DATA << 2);
            assertEquals(STS_HOST_BUSY, r.in(HST_STS), "run at the status read, as in QEMU");
            assertEquals(STS_INTR, r.in(HST_STS));
            assertEquals(0x10 * 3 + 0x52, r.in(HST_DAT0));
            for (int i = 0; i < SmbTestBoard.EEPROMS; i++) {
                assertEquals(STS_INTR, r.run(0x50 + i, true, 0, PROT_QUICK, 0), "EEPROM at 0x" + (0x50 + i));
            }
            assertEquals(STS_DEV_ERR, r.run(0x58, true, 0, PROT_QUICK, 0), "nobody at 0x58");
        }
    }

    @Test
    void hostcI2cEnTakesBlockReadsToI2cModeAndSsresetClearsTheStatus() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN | Ich9Smbus.HOSTC_I2C_EN)) {
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(0x50, true, 0x40, PROT_BLOCK_DATA, 0),
                    "byte by byte: ICH9 starts with the block buffer off");
            assertEquals(32, r.in(HST_DAT0), "I2C mode: no count byte, the whole buffer");
            assertEquals(0x50, r.in(BLK_DAT), "and no command: the EEPROM reads from offset 0");

            configWrite(r.h, SMB, Ich9Smbus.HOSTC, 1, Ich9Smbus.HOSTC_HST_EN | Ich9Smbus.HOSTC_SSRESET);
            assertEquals(Ich9Smbus.HOSTC_HST_EN, configRead(r.h, SMB, Ich9Smbus.HOSTC, 1), "SSRESET clears itself");
            assertEquals(0, r.in(HST_STS));
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(0x50, true, 0x3c, PROT_BLOCK_DATA, 0));
            assertEquals(4, r.in(HST_DAT0), "SMBus mode again: command sent, the first byte (0x3c * 3 + 0x50) the count");
        }
    }

    @Test
    void completionWithIntrenAssertsIntaUntilTheStatusIsCleared() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN)) {
            assertEquals(STS_INTR, r.run(0x51, true, 0x01, PROT_BYTE_DATA, 0));
            assertFalse(r.inta(), "INTREN clear");
            assertEquals(STS_INTR, r.run(0x51, true, 0x01, PROT_BYTE_DATA, CTL_INTREN));
            assertTrue(r.inta());
            assertEquals(PciConfig.STATUS_INTERRUPT, configRead(r.h, SMB, PciConfig.STATUS, 2) & PciConfig.STATUS_INTERRUPT);
            configWrite(r.h, SMB, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO | PciConfig.COMMAND_INTX_DISABLE);
            assertFalse(r.inta(), "masked by INTx disable");
            configWrite(r.h, SMB, PciConfig.COMMAND, 2, PciConfig.COMMAND_IO);
            assertTrue(r.inta());
            r.out(HST_STS, STS_INTR);
            assertFalse(r.inta(), "status cleared");
        }
    }

    @Test
    void resetKeepsHostcAndTheRegistersAndDropsInta() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN)) {
            r.run(0x53, true, 0x04, PROT_BYTE_DATA, CTL_INTREN);
            assertTrue(r.inta());
            Reset.reset(r.h.machine(), ResetType.COLD);
            assertFalse(r.inta());
            assertEquals(PciConfig.BAR_SPACE_IO, configRead(r.h, SMB, BAR4, 4), "the BAR is unprogrammed");
            assertEquals(Ich9Smbus.HOSTC_HST_EN, configRead(r.h, SMB, Ich9Smbus.HOSTC, 1), "HOSTC survives, as in QEMU");
            r.program(Ich9Smbus.HOSTC_HST_EN);
            assertEquals(0x04 * 3 + 0x53, r.in(HST_DAT0), "so do the controller registers");
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheDeviceKeepsWorking() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN)) {
            Random rnd = new Random(7);
            for (int i = 0; i < 5000; i++) {
                int reg = rnd.nextInt(64);
                int size = 1 << rnd.nextInt(3);
                if (rnd.nextInt(50) == 0) {
                    configWrite(r.h, SMB, Ich9Smbus.HOSTC, 1, rnd.nextInt(256) | Ich9Smbus.HOSTC_HST_EN);
                } else if (rnd.nextBoolean()) {
                    r.h.io().write(BASE + reg, size, rnd.nextLong());
                } else {
                    r.h.io().read(BASE + reg, size);
                }
            }
            for (int reg = 0x40; reg < 0x100; reg += 4) configWrite(r.h, SMB, reg, 4, rnd.nextInt());
            r.program(Ich9Smbus.HOSTC_HST_EN | Ich9Smbus.HOSTC_SSRESET);
            r.out(HST_CNT, 0);
            assertEquals(STS_INTR, r.run(0x55, true, 0x06, PROT_BYTE_DATA, CTL_INTREN));
            assertEquals(r.eeprom(5).data[6] & 0xff, r.in(HST_DAT0));
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig().program(Ich9Smbus.HOSTC_HST_EN); Rig other = new Rig()) {
            r.run(0x54, true, 0x09, PROT_BYTE_DATA, CTL_INTREN);
            configWrite(r.h, SMB, Ich9Smbus.HOSTC, 1, Ich9Smbus.HOSTC_HST_EN | Ich9Smbus.HOSTC_I2C_EN);
            Ich9Smbus.State saved = r.smb.state();

            other.smb.restore(saved);
            assertEquals(saved, other.smb.state());
            assertTrue(other.inta(), "the INTx level comes back");
            assertEquals(0x09 * 3 + 0x54, (int) other.h.io().read(BASE + HST_DAT0, 1), "BAR mapped and decoding");
        }
    }
}
