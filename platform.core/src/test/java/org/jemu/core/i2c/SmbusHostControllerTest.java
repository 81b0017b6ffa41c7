package org.jemu.core.i2c;

import static org.jemu.core.i2c.SmbusHostController.AUX_BLK;
import static org.jemu.core.i2c.SmbusHostController.AUX_CTL;
import static org.jemu.core.i2c.SmbusHostController.BLK_DAT;
import static org.jemu.core.i2c.SmbusHostController.CTL_INTREN;
import static org.jemu.core.i2c.SmbusHostController.CTL_KILL;
import static org.jemu.core.i2c.SmbusHostController.CTL_LAST_BYTE;
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
import static org.jemu.core.i2c.SmbusHostController.PROT_I2C_BLOCK_READ;
import static org.jemu.core.i2c.SmbusHostController.PROT_QUICK;
import static org.jemu.core.i2c.SmbusHostController.PROT_WORD_DATA;
import static org.jemu.core.i2c.SmbusHostController.STS_BYTE_DONE;
import static org.jemu.core.i2c.SmbusHostController.STS_DEV_ERR;
import static org.jemu.core.i2c.SmbusHostController.STS_FAILED;
import static org.jemu.core.i2c.SmbusHostController.STS_HOST_BUSY;
import static org.jemu.core.i2c.SmbusHostController.STS_INTR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** The SMBus host controller registers (QEMU's pm_smbus) driving an EEPROM-like target on an I2C bus. */
class SmbusHostControllerTest {

    static final int EEPROM = 0x50;

    /** An EEPROM stand-in: byte i holds i * 3, the first written byte selects the offset; records what it is sent. */
    static final class Eeprom extends SmbusDevice {
        final byte[] data = new byte[256];
        final List<String> writes = new ArrayList<>();
        int offset;

        Eeprom(ObjectType type) {
            super(type);
            for (int i = 0; i < 256; i++) data[i] = (byte) (i * 3);
        }

        @Override
        protected void writeData(byte[] buf, int length) {
            writes.add(HexFormat.of().formatHex(buf, 0, length));
            offset = buf[0] & 0xff;
            for (int i = 1; i < length; i++) data[offset++ & 0xff] = buf[i];
        }

        @Override
        protected int receiveByte() {
            return data[offset++ & 0xff] & 0xff;
        }
    }

    static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("test-i2c-host").parent(org.jemu.core.qdev.SysBusDevice.TYPE)
                    .factory(I2cBusTest.Host::new).build());
            ctx.register(TypeInfo.builder("test-eeprom").parent(SmbusDevice.TYPE).factory(Eeprom::new).build());
        }
    };

    /** A bus with the EEPROM at 0x50 and a controller on it, PIIX4- or ICH9-style; records the interrupt output. */
    private static final class Rig implements AutoCloseable {
        final MachineHarness h = MachineHarness.builder().contribute(TYPES)
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("host", "test-i2c-host").on("main-system-bus"))
                        .device(DeviceSpec.of("eeprom", "test-eeprom").on("i2c").with("address", EEPROM)).build(), null)
                .build();
        final I2cBus bus = (I2cBus) h.resolve("/machine/host/i2c");
        final Eeprom eeprom = (Eeprom) h.resolve("/machine/eeprom");
        final List<Boolean> irqChanges = new ArrayList<>();
        boolean irq;
        final SmbusHostController smb;

        Rig(boolean ich9) {
            smb = ich9 ? SmbusHostController.ich9(bus, level -> {
                if (level != irq) irqChanges.add(level);
                irq = level;
            }) : SmbusHostController.piix4(bus);
        }

        int in(int reg) {
            return (int) smb.read(reg, 1);
        }

        void out(int reg, int value) {
            smb.write(reg, 1, value);
        }

        /** Status cleared, address, command, START with {@code protocol}; returns the status after completion. */
        int run(int address, boolean read, int command, int protocol, int control) {
            out(HST_STS, 0xff);
            out(HST_ADD, address << 1 | (read ? 1 : 0));
            out(HST_CMD, command);
            out(HST_CNT, CTL_START | protocol << 2 | control);
            int first = in(HST_STS);
            return (control & CTL_INTREN) != 0 ? first : in(HST_STS);
        }

        @Override
        public void close() {
            h.close();
        }
    }

    @Test
    void withoutIntrenTheTransactionRunsAtTheNextStatusRead() {
        try (Rig r = new Rig(false)) {
            r.out(HST_ADD, EEPROM << 1 | 1);
            r.out(HST_CMD, 0x21);
            r.out(HST_CNT, CTL_START | PROT_BYTE_DATA << 2);
            assertEquals(List.of(), r.eeprom.writes, "nothing on the bus yet");
            assertEquals(STS_HOST_BUSY, r.in(HST_STS), "the read that runs it still shows HOST_BUSY");
            assertEquals(STS_INTR, r.in(HST_STS));
            assertEquals(0x63, r.in(HST_DAT0));
            assertEquals(PROT_BYTE_DATA << 2, r.in(HST_CNT), "START reads 0");
            assertEquals(List.of("21"), r.eeprom.writes);
        }
    }

    @Test
    void byteAndWordTransactionsMoveTheirDataThroughTheDataRegisters() {
        try (Rig r = new Rig(false)) {
            assertEquals(STS_INTR, r.run(EEPROM, false, 0x10, PROT_BYTE, 0), "send byte: the command register's byte");
            assertEquals(STS_INTR, r.run(EEPROM, true, 0, PROT_BYTE, 0), "receive byte");
            assertEquals(0x30, r.in(HST_DAT0));
            r.out(HST_DAT0, 0x34);
            r.out(HST_DAT1, 0x12);
            assertEquals(STS_INTR, r.run(EEPROM, false, 0x40, PROT_WORD_DATA, CTL_INTREN));
            r.out(HST_DAT0, 0x77);
            assertEquals(STS_INTR, r.run(EEPROM, false, 0x42, PROT_BYTE_DATA, CTL_INTREN));
            r.out(HST_DAT0, 0);
            r.out(HST_DAT1, 0);
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x40, PROT_WORD_DATA, 0));
            assertEquals(0x34, r.in(HST_DAT0));
            assertEquals(0x12, r.in(HST_DAT1));
            assertEquals(STS_INTR, r.run(EEPROM, true, 0, PROT_QUICK, 0));
            assertEquals(List.of("10", "403412", "4277", "40"), r.eeprom.writes);
            assertEquals(0x77, r.eeprom.data[0x42]);
        }
    }

    @Test
    void aTransactionToAnAbsentAddressSetsDeviceErrorUntilCleared() {
        try (Rig r = new Rig(false)) {
            r.out(HST_ADD, 0x51 << 1);
            r.out(HST_CNT, CTL_START | CTL_INTREN | PROT_QUICK << 2);
            assertEquals(STS_DEV_ERR, r.in(HST_STS));
            r.out(HST_ADD, EEPROM << 1);
            r.out(HST_CNT, CTL_START | CTL_INTREN | PROT_QUICK << 2);
            assertEquals(STS_DEV_ERR, r.in(HST_STS), "no transaction runs while DEV_ERR is set");
            assertEquals(STS_INTR, r.run(EEPROM, false, 0, PROT_QUICK, CTL_INTREN), "cleared: acknowledged");
            assertEquals(STS_DEV_ERR, r.run(EEPROM, false, 0, 4, CTL_INTREN), "process call is not supported");
            assertEquals(STS_DEV_ERR, r.run(EEPROM, false, 0, 7, CTL_INTREN), "reserved protocol");
            assertFalse(r.bus.busy());
        }
    }

    @Test
    void piix4HasTheBlockBufferOnAndIch9Off() {
        try (Rig piix4 = new Rig(false); Rig ich9 = new Rig(true)) {
            assertEquals(AUX_BLK, piix4.in(AUX_CTL));
            assertEquals(0, ich9.in(AUX_CTL));
            ich9.out(AUX_CTL, 0xff);
            assertEquals(SmbusHostController.AUX_MASK, ich9.in(AUX_CTL));
        }
    }

    @Test
    void blockReadThroughTheBufferGivesTheCountThenTheBytes() {
        try (Rig r = new Rig(false)) {
            // the first byte read is the count (byte 0x02 holds 6)
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x02, PROT_BLOCK_DATA, CTL_INTREN));
            assertEquals(6, r.in(HST_DAT0));
            byte[] got = new byte[6];
            for (int i = 0; i < 6; i++) got[i] = (byte) r.in(BLK_DAT);
            assertArrayEquals(new byte[] {9, 12, 15, 18, 21, 24}, got);
        }
    }

    @Test
    void blockWriteThroughTheBufferNeedsExactlyTheCountWritten() {
        try (Rig r = new Rig(false)) {
            r.out(HST_DAT0, 3);
            r.out(BLK_DAT, 0xa1);
            r.out(BLK_DAT, 0xa2);
            assertEquals(STS_DEV_ERR, r.run(EEPROM, false, 0x80, PROT_BLOCK_DATA, CTL_INTREN), "two bytes, count 3");
            r.out(HST_STS, 0xff);
            for (int b : new int[] {0xb1, 0xb2, 0xb3}) r.out(BLK_DAT, b);
            assertEquals(STS_INTR, r.run(EEPROM, false, 0x80, PROT_BLOCK_DATA, CTL_INTREN));
            assertEquals(List.of("8003b1b2b3"), r.eeprom.writes, "command, count, bytes");
        }
    }

    @Test
    void byteByByteBlockReadAdvancesOnByteDoneAndEndsWithLastByte() {
        try (Rig r = new Rig(true)) {
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(EEPROM, true, 0x02, PROT_BLOCK_DATA, 0));
            assertEquals(6, r.in(HST_DAT0));
            assertEquals(0x09, r.in(BLK_DAT));
            int[] got = new int[5];
            for (int i = 0; i < 5; i++) {
                if (i == 4) r.out(HST_CNT, CTL_LAST_BYTE | PROT_BLOCK_DATA << 2);
                r.out(HST_STS, STS_BYTE_DONE);
                got[i] = r.in(BLK_DAT);
                assertEquals(i == 4 ? STS_INTR : STS_HOST_BUSY | STS_BYTE_DONE, r.in(HST_STS));
            }
            assertArrayEquals(new int[] {12, 15, 18, 21, 24}, got);
        }
    }

    @Test
    void byteByByteBlockWriteSendsAfterTheLastByte() {
        try (Rig r = new Rig(true)) {
            r.out(HST_DAT0, 3);
            r.out(BLK_DAT, 0xc1);
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(EEPROM, false, 0x90, PROT_BLOCK_DATA, 0));
            r.out(BLK_DAT, 0xc2);
            r.out(HST_STS, STS_BYTE_DONE);
            r.out(BLK_DAT, 0xc3);
            r.out(HST_STS, STS_BYTE_DONE);
            assertEquals(List.of(), r.eeprom.writes);
            r.out(HST_STS, STS_BYTE_DONE);
            assertEquals(STS_INTR, r.in(HST_STS));
            assertEquals(List.of("9003c1c2c3"), r.eeprom.writes);
        }
    }

    @Test
    void i2cBlockReadHoldsTheBusFromTheOffsetInData1() {
        try (Rig r = new Rig(true)) {
            r.out(HST_DAT1, 0x10);
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(EEPROM, false, 0, PROT_I2C_BLOCK_READ, 0),
                    "the read bit is ignored");
            assertTrue(r.bus.busy());
            assertEquals(0x30, r.in(BLK_DAT), "byte by byte");
            r.out(HST_STS, STS_BYTE_DONE);
            assertEquals(0x33, r.in(BLK_DAT));
            r.out(HST_CNT, CTL_LAST_BYTE | PROT_I2C_BLOCK_READ << 2);
            r.out(HST_STS, STS_BYTE_DONE);
            assertEquals(0x36, r.in(BLK_DAT));
            assertEquals(STS_INTR, r.in(HST_STS));
            assertFalse(r.bus.busy(), "stop condition after the last byte");
            assertEquals(List.of("10"), r.eeprom.writes);
        }
    }

    @Test
    void i2cModeBlockTransfersCarryNoCountAndReadsSendNoCommand() {
        try (Rig r = new Rig(true)) {
            r.smb.setI2cEnabled(true);
            r.out(AUX_CTL, AUX_BLK);
            r.out(HST_DAT0, 2);
            r.out(BLK_DAT, 0x08);
            r.out(BLK_DAT, 0x09);
            assertEquals(STS_INTR, r.run(EEPROM, false, 0x20, PROT_BLOCK_DATA, CTL_INTREN));
            assertEquals(List.of("200809"), r.eeprom.writes, "command and bytes, no count");
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x70, PROT_BLOCK_DATA, CTL_INTREN));
            assertEquals(32, r.in(HST_DAT0), "no count byte: the whole buffer");
            assertEquals(0x66, r.in(BLK_DAT), "no command sent: read on from where the write left the EEPROM (0x22)");
            assertEquals(0x69, r.in(BLK_DAT));
            assertEquals(List.of("200809"), r.eeprom.writes);
        }
    }

    @Test
    void theInterruptFollowsStatusAndIntren() {
        try (Rig r = new Rig(true)) {
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x01, PROT_BYTE_DATA, 0));
            assertEquals(List.of(), r.irqChanges, "INTREN clear: no interrupt");
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x01, PROT_BYTE_DATA, CTL_INTREN));
            assertTrue(r.irq, "completion with INTREN raises it");
            assertTrue(r.smb.interruptLevel());
            r.out(HST_STS, STS_INTR);
            assertFalse(r.irq, "clearing the status lowers it");
            assertEquals(STS_DEV_ERR, r.run(0x33, false, 0, PROT_QUICK, CTL_INTREN));
            assertTrue(r.irq, "an error raises it too");
            r.out(HST_CNT, 0);
            assertFalse(r.irq, "clearing INTREN masks it");
            assertEquals(List.of(true, false, true, false), r.irqChanges);
        }
    }

    @Test
    void killSetsFailedAndEndsAByteByByteTransfer() {
        try (Rig r = new Rig(true)) {
            assertEquals(STS_HOST_BUSY | STS_BYTE_DONE, r.run(EEPROM, true, 0x02, PROT_BLOCK_DATA, 0));
            r.out(HST_CNT, CTL_KILL);
            assertEquals(STS_FAILED | STS_BYTE_DONE, r.in(HST_STS), "HOST_BUSY cleared");
            r.out(HST_CNT, 0);
            r.out(HST_STS, STS_BYTE_DONE);
            assertEquals(STS_FAILED, r.in(HST_STS), "no byte follows");
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x05, PROT_BYTE_DATA, CTL_INTREN));
            assertEquals(15, r.in(HST_DAT0));
        }
    }

    @Test
    void softResetClearsTheStatusAndEndsAHeldI2cBlockRead() {
        try (Rig r = new Rig(true)) {
            r.out(HST_DAT0, 0x5a);
            r.run(EEPROM, true, 0, PROT_I2C_BLOCK_READ, CTL_INTREN);
            assertTrue(r.irq);
            assertTrue(r.bus.busy());
            r.smb.reset();
            assertEquals(0, r.in(HST_STS));
            assertFalse(r.irq);
            assertFalse(r.bus.busy());
            assertEquals(0x5a, r.in(HST_DAT0), "other registers keep their values");
            assertEquals(STS_INTR, r.run(EEPROM, true, 0x05, PROT_BYTE_DATA, CTL_INTREN));
        }
    }

    @Test
    void stateRoundTrips() {
        try (Rig r = new Rig(true)) {
            r.smb.setI2cEnabled(true);
            r.run(EEPROM, true, 0x02, PROT_BLOCK_DATA, 0);
            SmbusHostController.State saved = r.smb.state();
            try (Rig other = new Rig(true)) {
                other.smb.restore(saved);
                assertEquals(saved, other.smb.state());
                assertTrue(other.smb.i2cEnabled());
                assertEquals(r.in(BLK_DAT), other.in(BLK_DAT));
                assertEquals(r.in(HST_DAT0), other.in(HST_DAT0));
            }
        }
    }

    @Test
    void badProgrammingNeverThrowsAndTheControllerKeepsWorking() {
        for (boolean ich9 : new boolean[] {false, true}) {
            try (Rig r = new Rig(ich9)) {
                Random rnd = new Random(5);
                for (int i = 0; i < 20_000; i++) {
                    int reg = rnd.nextInt(SmbusHostController.SIZE);
                    if (reg == HST_ADD && rnd.nextBoolean()) {
                        r.out(reg, EEPROM << 1 | rnd.nextInt(2));
                    } else if (rnd.nextBoolean()) {
                        r.out(reg, rnd.nextInt(256));
                    } else {
                        r.in(reg);
                    }
                    if (rnd.nextInt(500) == 0) r.smb.setI2cEnabled(rnd.nextBoolean());
                    if (rnd.nextInt(2000) == 0) r.smb.reset();
                }
                r.smb.setI2cEnabled(false);
                r.smb.reset();
                r.out(HST_CNT, 0);
                assertEquals(STS_INTR, r.run(EEPROM, false, 0x07, PROT_BYTE, CTL_INTREN));
                assertEquals(STS_INTR, r.run(EEPROM, true, 0, PROT_BYTE, CTL_INTREN));
                assertEquals(r.eeprom.data[7] & 0xff, r.in(HST_DAT0), "the EEPROM answers from the offset just sent");
            }
        }
    }
}
