package org.jemu.core.i2c;

/**
 * The SMBus transactions a host controller runs on an {@link I2cBus} (QEMU's hw/i2c/smbus_master.c), each a complete
 * transfer from start to stop. Results follow QEMU: a byte or word read returns the value (0..0xff, 0..0xffff), a
 * write or quick command returns 0, a block read the count of bytes read; -1 means the target did not acknowledge
 * its address (no target, or it refused), and the bus is idle again.
 */
public final class SmbusMaster {

    /** Largest SMBus block. */
    public static final int BLOCK_MAX = 32;

    private SmbusMaster() {
    }

    /** Quick command: the address with the direction bit {@code read}, no data. */
    public static int quickCommand(I2cBus bus, int address, boolean read) {
        if (!bus.startTransfer(address, read)) return -1;
        bus.endTransfer();
        return 0;
    }

    /** Send byte: one data byte, no command. */
    public static int sendByte(I2cBus bus, int address, int data) {
        if (!bus.startSend(address)) return -1;
        bus.send(data);
        bus.endTransfer();
        return 0;
    }

    /** Receive byte: one byte read without a command. */
    public static int receiveByte(I2cBus bus, int address) {
        if (!bus.startRecv(address)) return -1;
        int data = bus.recv();
        bus.nack();
        bus.endTransfer();
        return data;
    }

    /** Write byte data: command, then one byte. */
    public static int writeByte(I2cBus bus, int address, int command, int data) {
        if (!bus.startSend(address)) return -1;
        bus.send(command);
        bus.send(data);
        bus.endTransfer();
        return 0;
    }

    /** Read byte data: command written, repeated start, one byte read. */
    public static int readByte(I2cBus bus, int address, int command) {
        if (!bus.startSend(address)) return -1;
        bus.send(command);
        if (!bus.startRecv(address)) {
            bus.endTransfer();
            return -1;
        }
        int data = bus.recv();
        bus.nack();
        bus.endTransfer();
        return data;
    }

    /** Write word data: command, then the low and the high byte. */
    public static int writeWord(I2cBus bus, int address, int command, int data) {
        if (!bus.startSend(address)) return -1;
        bus.send(command);
        bus.send(data & 0xff);
        bus.send((data >> 8) & 0xff);
        bus.endTransfer();
        return 0;
    }

    /** Read word data: command written, repeated start, low then high byte read. */
    public static int readWord(I2cBus bus, int address, int command) {
        if (!bus.startSend(address)) return -1;
        bus.send(command);
        if (!bus.startRecv(address)) {
            bus.endTransfer();
            return -1;
        }
        int data = bus.recv();
        data |= bus.recv() << 8;
        bus.nack();
        bus.endTransfer();
        return data;
    }

    /**
     * Block read into {@code data} (QEMU's smbus_read_block): with {@code sendCommand} the command is written first
     * and the read follows a repeated start; with {@code receiveLength} the first byte read is the count (a count
     * above {@code data.length} reads nothing), else {@code data.length} bytes are read.
     *
     * @return the count of bytes read, or -1
     */
    public static int readBlock(I2cBus bus, int address, int command, byte[] data, boolean receiveLength, boolean sendCommand) {
        if (sendCommand) {
            if (!bus.startSend(address)) return -1;
            bus.send(command);
        }
        if (!bus.startRecv(address)) {
            if (sendCommand) bus.endTransfer();
            return -1;
        }
        int count = receiveLength ? bus.recv() : data.length;
        if (count > data.length) count = 0;
        for (int i = 0; i < count; i++) data[i] = (byte) bus.recv();
        bus.nack();
        bus.endTransfer();
        return count;
    }

    /**
     * Block write (QEMU's smbus_write_block): command, with {@code sendLength} the count, then {@code length} bytes of
     * {@code data} (at most {@value #BLOCK_MAX}).
     *
     * @return 0, or -1
     */
    public static int writeBlock(I2cBus bus, int address, int command, byte[] data, int length, boolean sendLength) {
        int n = Math.min(Math.min(length, BLOCK_MAX), data.length);
        if (!bus.startSend(address)) return -1;
        bus.send(command);
        if (sendLength) bus.send(n);
        for (int i = 0; i < n; i++) bus.send(data[i] & 0xff);
        bus.endTransfer();
        return 0;
    }
}
