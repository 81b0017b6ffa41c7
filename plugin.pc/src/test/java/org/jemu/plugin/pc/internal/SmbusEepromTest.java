package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.i2c.I2cBus;
import org.jemu.core.i2c.SmbusMaster;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** "smbus-eeprom" on an I2C bus of a test host, driven with SMBus host transactions. */
class SmbusEepromTest {

    /** A system bus device owning bus "i2c", as an SMBus host controller does. */
    static final class I2cHost extends SysBusDevice {
        I2cBus bus;

        I2cHost(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            if (bus == null) bus = createBus(I2cBus.TYPE, "i2c", I2cBus.class);
        }
    }

    static final ModuleInit HOST = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("test-i2c-host").parent(SysBusDevice.TYPE).factory(I2cHost::new).build());
        }
    };

    /** Two EEPROMs at 0x50 (zero) and 0x51 (contents given). */
    private static MachineHarness machine(String data) {
        MachineHarness h = MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices(), HOST)
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("host", "test-i2c-host").on("main-system-bus"))
                        .device(DeviceSpec.of("spd0", SmbusEeprom.TYPE).on("i2c").with("address", 0x50))
                        .device(DeviceSpec.of("spd1", SmbusEeprom.TYPE).on("i2c").with("address", 0x51).with("data", data))
                        .build(), null)
                .build();
        Reset.reset(h.machine(), ResetType.COLD);
        return h;
    }

    private static I2cBus bus(MachineHarness h) {
        return (I2cBus) h.resolve("/machine/host/i2c");
    }

    @Test
    void contentsAreZeroUnlessTheBoardGivesThem() {
        try (MachineHarness h = machine("80081234")) {
            assertEquals(0, SmbusMaster.readByte(bus(h), 0x50, 0));
            assertEquals(0, SmbusMaster.readByte(bus(h), 0x50, 0xff));
            assertEquals(0x80, SmbusMaster.readByte(bus(h), 0x51, 0));
            assertEquals(0x3412, SmbusMaster.readWord(bus(h), 0x51, 2));
            assertEquals(0, SmbusMaster.readByte(bus(h), 0x51, 4), "bytes after the given ones are zero");
        }
    }

    @Test
    void readsAfterTheOffsetAreSequentialAndWrapAt256() {
        try (MachineHarness h = machine("00112233")) {
            I2cBus bus = bus(h);
            assertEquals(0x11, SmbusMaster.readByte(bus, 0x51, 1));
            assertEquals(0x22, SmbusMaster.receiveByte(bus, 0x51));
            assertEquals(0x33, SmbusMaster.receiveByte(bus, 0x51));

            assertEquals(0, SmbusMaster.writeByte(bus, 0x51, 0xff, 0xee));
            assertEquals(0x00, SmbusMaster.receiveByte(bus, 0x51), "the write left the offset at 0xff + 1 = 0");
            assertEquals(0xee, SmbusMaster.readByte(bus, 0x51, 0xff));
            assertEquals(0x00, SmbusMaster.receiveByte(bus, 0x51), "the read at 0xff wrapped the offset to 0");
            assertEquals(0x11, SmbusMaster.receiveByte(bus, 0x51));
        }
    }

    @Test
    void writesStoreFromTheOffsetAndBlockReadsReturnThem() {
        try (MachineHarness h = machine("")) {
            I2cBus bus = bus(h);
            assertEquals(0, SmbusMaster.writeBlock(bus, 0x50, 0x10, new byte[] {1, 2, 3}, 3, false));
            assertEquals(0x0201, SmbusMaster.readWord(bus, 0x50, 0x10));
            byte[] block = new byte[4];
            assertEquals(4, SmbusMaster.readBlock(bus, 0x50, 0x10, block, false, true));
            assertArrayEquals(new byte[] {1, 2, 3, 0}, block);
            assertEquals(0, SmbusMaster.readByte(bus, 0x51, 0x10), "the other EEPROM is untouched");
        }
    }

    @Test
    void resetRestoresTheInitialContentsAndOffset() {
        try (MachineHarness h = machine("a5")) {
            I2cBus bus = bus(h);
            SmbusMaster.writeByte(bus, 0x51, 0, 0x5a);
            SmbusMaster.readByte(bus, 0x51, 0x40);
            Reset.reset(h.machine(), ResetType.COLD);
            assertEquals(0xa5, SmbusMaster.receiveByte(bus, 0x51));
        }
    }

    @Test
    void stateRoundTrips() {
        try (MachineHarness h = machine("")) {
            SmbusEeprom e = (SmbusEeprom) h.resolve("/machine/spd0");
            SmbusMaster.writeByte(bus(h), 0x50, 7, 0x77);
            SmbusEeprom.State saved = e.state();
            assertTrue(saved.accessed());
            Reset.reset(h.machine(), ResetType.COLD);
            e.restore(saved);
            assertEquals(saved, e.state());
            assertEquals(0x77, SmbusMaster.readByte(bus(h), 0x50, 7));
        }
    }

    @Test
    void badContentsFailTheBuildNamingTheProperty() {
        for (String bad : new String[] {"abc", "zz", "00".repeat(257)}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> machine(bad).close());
            assertTrue(e.getMessage().contains("data"), e.getMessage());
        }
    }
}
