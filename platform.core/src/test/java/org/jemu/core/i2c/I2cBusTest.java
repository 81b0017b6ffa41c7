package org.jemu.core.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** The I2C bus and the SMBus target protocol, driven with the SMBus host transactions. */
class I2cBusTest {

    /** A system bus device owning bus "i2c". */
    static final class Host extends SysBusDevice {
        I2cBus bus;

        Host(ObjectType type) {
            super(type);
        }

        @Override
        protected void realize() {
            if (bus == null) bus = createBus(I2cBus.TYPE, "i2c", I2cBus.class);
        }
    }

    /** An SMBus target that records its hooks and answers reads with command + n. */
    static final class Recorder extends SmbusDevice {
        final List<String> calls = new ArrayList<>();
        int next;

        Recorder(ObjectType type) {
            super(type);
        }

        @Override
        protected void quickCommand(boolean read) {
            calls.add("quick " + (read ? "read" : "write"));
        }

        @Override
        protected void writeData(byte[] data, int length) {
            calls.add("write " + HexFormat.of().formatHex(data, 0, length));
            next = data[0] & 0xff;
        }

        @Override
        protected int receiveByte() {
            calls.add("receive");
            return next++;
        }
    }

    /** A plain I2C target that refuses every start condition. */
    static final class Refuser extends I2cSlave {
        final List<I2cEvent> events = new ArrayList<>();

        Refuser(ObjectType type) {
            super(type);
        }

        @Override
        protected boolean event(I2cEvent event) {
            events.add(event);
            return event != I2cEvent.START_SEND && event != I2cEvent.START_RECV;
        }

        @Override
        protected boolean send(int data) {
            return false;
        }

        @Override
        protected int receive() {
            return 0;
        }
    }

    static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("test-i2c-host").parent(SysBusDevice.TYPE).factory(Host::new).build());
            ctx.register(TypeInfo.builder("test-smbus-recorder").parent(SmbusDevice.TYPE).factory(Recorder::new).build());
            ctx.register(TypeInfo.builder("test-i2c-refuser").parent(I2cSlave.TYPE).factory(Refuser::new).build());
        }
    };

    private static MachineHarness machine() {
        return MachineHarness.builder().contribute(TYPES)
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("host", "test-i2c-host").on("main-system-bus"))
                        .device(DeviceSpec.of("rec", "test-smbus-recorder").on("i2c").with("address", 0x50))
                        .device(DeviceSpec.of("nak", "test-i2c-refuser").on("i2c").with("address", 0x51)).build(), null)
                .build();
    }

    private static I2cBus bus(MachineHarness h) {
        return (I2cBus) h.resolve("/machine/host/i2c");
    }

    private static Recorder recorder(MachineHarness h) {
        return (Recorder) h.resolve("/machine/rec");
    }

    @Test
    void readByteDataWritesTheCommandThenReadsFromTheTarget() {
        try (MachineHarness h = machine()) {
            assertEquals(0x12, SmbusMaster.readByte(bus(h), 0x50, 0x12));
            assertEquals(List.of("write 12", "receive"), recorder(h).calls);
            assertFalse(bus(h).busy());
        }
    }

    @Test
    void wordAndBlockTransactionsCarryTheirBytes() {
        try (MachineHarness h = machine()) {
            I2cBus bus = bus(h);
            assertEquals(0, SmbusMaster.writeWord(bus, 0x50, 0x20, 0xbeef));
            assertEquals(0, SmbusMaster.writeBlock(bus, 0x50, 0x30, new byte[] {1, 2, 3}, 3, true));
            assertEquals(0x4140, SmbusMaster.readWord(bus, 0x50, 0x40));
            byte[] block = new byte[4];
            assertEquals(4, SmbusMaster.readBlock(bus, 0x50, 0x04, block, true, true), "the first byte read is the count");
            assertArrayEquals(new byte[] {5, 6, 7, 8}, block);
            assertEquals(List.of("write 20efbe", "write 3003010203", "write 40", "receive", "receive", "write 04",
                    "receive", "receive", "receive", "receive", "receive"), recorder(h).calls);
        }
    }

    @Test
    void quickCommandsAndReceiveByteReachTheHooks() {
        try (MachineHarness h = machine()) {
            assertEquals(0, SmbusMaster.quickCommand(bus(h), 0x50, true));
            assertEquals(0, SmbusMaster.quickCommand(bus(h), 0x50, false));
            assertEquals(0, SmbusMaster.receiveByte(bus(h), 0x50));
            assertEquals(0, SmbusMaster.sendByte(bus(h), 0x50, 0x33));
            assertEquals(List.of("quick read", "quick write", "receive", "write 33"), recorder(h).calls);
        }
    }

    @Test
    void anAddressNobodyHasIsNotAcknowledged() {
        try (MachineHarness h = machine()) {
            assertEquals(-1, SmbusMaster.quickCommand(bus(h), 0x52, false));
            assertEquals(-1, SmbusMaster.readByte(bus(h), 0x52, 0));
            assertFalse(bus(h).busy());
            assertTrue(recorder(h).calls.isEmpty());
        }
    }

    @Test
    void aTargetRefusingTheStartEndsTheTransfer() {
        try (MachineHarness h = machine()) {
            Refuser nak = (Refuser) h.resolve("/machine/nak");
            assertEquals(-1, SmbusMaster.writeByte(bus(h), 0x51, 1, 2));
            assertEquals(List.of(I2cEvent.START_SEND, I2cEvent.FINISH), nak.events);
            assertFalse(bus(h).busy());
        }
    }

    @Test
    void theGeneralCallReachesEveryTargetAndReadsFloat() {
        try (MachineHarness h = machine()) {
            I2cBus bus = bus(h);
            assertTrue(bus.startSend(I2cBus.BROADCAST), "a refusing target does not fail a broadcast");
            bus.send(0x06);
            assertEquals(0xff, bus.recv());
            bus.endTransfer();
            assertEquals(List.of("write 06"), recorder(h).calls);
        }
    }

    @Test
    void outOfOrderConditionsConfuseTheTargetUntilTheStop() {
        try (MachineHarness h = machine()) {
            I2cBus bus = bus(h);
            Recorder rec = recorder(h);
            assertTrue(bus.startSend(0x50));
            assertTrue(bus.startRecv(0x50), "read after a write phase without a command byte");
            assertEquals(SmbusDevice.Mode.CONFUSED, rec.smbusState().mode());
            assertEquals(0xff, bus.recv());
            bus.nack();
            bus.endTransfer();
            assertEquals(SmbusDevice.Mode.IDLE, rec.smbusState().mode());
            for (int i = 0; i < 40; i++) bus.send(i); // outside a transfer: nobody listens
            assertEquals(0x07, SmbusMaster.readByte(bus, 0x50, 0x07), "the target works again");
        }
    }

    @Test
    void longWritesKeepTheFirstBytesAndStateRoundTrips() {
        try (MachineHarness h = machine()) {
            I2cBus bus = bus(h);
            Recorder rec = recorder(h);
            bus.startSend(0x50);
            for (int i = 0; i < 40; i++) bus.send(i);
            SmbusDevice.SmbusState mid = rec.smbusState();
            assertEquals(SmbusDevice.DATA_MAX, mid.length());
            bus.endTransfer();
            assertEquals("write ".length() + 2 * SmbusDevice.DATA_MAX, rec.calls.getFirst().length());

            rec.restoreSmbusState(mid);
            assertEquals(mid, rec.smbusState());
        }
    }

    @Test
    void anAddressBeyondSevenBitsFailsTheBuild() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> MachineHarness.builder().contribute(TYPES)
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("host", "test-i2c-host").on("main-system-bus"))
                        .device(DeviceSpec.of("rec", "test-smbus-recorder").on("i2c").with("address", 0x80)).build(), null)
                .build());
        assertTrue(e.getMessage().contains("address"), e.getMessage());
    }
}
