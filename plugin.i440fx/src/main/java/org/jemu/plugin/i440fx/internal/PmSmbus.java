package org.jemu.plugin.i440fx.internal;

import java.util.Arrays;

import org.jemu.core.i2c.I2cBus;
import org.jemu.core.i2c.SmbusMaster;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMBus host controller registers of QEMU's hw/i2c/pm_smbus.c as PIIX4 has them (64 ports, byte accesses only):
 * host status (+0), host control (+2), host command (+3), host address (+4: target address in bits 7:1, read in bit 0),
 * data 0 (+5), data 1 (+6), block data (+7) and auxiliary control (+0xd: bit 1 block buffer, on from the start as
 * QEMU forces it for PIIX4). Transactions run on an {@link I2cBus} with {@link SmbusMaster}.
 *
 * <ul>
 * <li>Writing host control with START (bit 6, reads 0) runs the protocol in bits 4:2: quick, byte, byte data, word
 *     data, block data, I2C block read (process call and the reserved codes fail with DEV_ERR). As in QEMU, with
 *     INTREN clear the transaction is held with HOST_BUSY set and runs when the guest next reads the status register
 *     (that read still shows HOST_BUSY); with INTREN set it runs at once.</li>
 * <li>Status: INTR (bit 1) on success, DEV_ERR (bit 2) when the target does not acknowledge (no device at the
 *     address) or the protocol is invalid, FAILED (bit 4) after KILL (control bit 1); bits are write-1-to-clear,
 *     HOST_BUSY excepted. A transaction does not run while DEV_ERR is set.</li>
 * <li>Block transfers (count in data 0): with the block buffer (aux bit 1) the up to 32 bytes go through the block
 *     data port, an index advancing with each access and wrapping at 32 (a block write needs exactly data 0 bytes
 *     written before START, else DEV_ERR); without it, byte by byte, the guest clearing BYTE_DONE (bit 7) to move to
 *     the next byte and setting LAST_BYTE (control bit 5) before the last one of a read. The I2C block read (offset in
 *     data 1) is always byte by byte, holding the bus between bytes.</li>
 * </ul>
 *
 * <p>PIIX4 raises no SMBus interrupt in QEMU and has no I2C mode, so neither is here (ICH9's controller adds both).
 * Packet error checking (PEC) is not supported: the bit is stored only. Guest errors never throw.
 */
final class PmSmbus implements MemoryRegionOps {

    private static final Logger LOG = LoggerFactory.getLogger(PmSmbus.class);

    static final int SIZE = 64;
    static final int HST_STS = 0x00;
    static final int HST_CNT = 0x02;
    static final int HST_CMD = 0x03;
    static final int HST_ADD = 0x04;
    static final int HST_DAT0 = 0x05;
    static final int HST_DAT1 = 0x06;
    static final int BLK_DAT = 0x07;
    static final int AUX_CTL = 0x0d;

    static final int STS_HOST_BUSY = 0x01;
    static final int STS_INTR = 0x02;
    static final int STS_DEV_ERR = 0x04;
    static final int STS_FAILED = 0x10;
    static final int STS_BYTE_DONE = 0x80;

    static final int CTL_INTREN = 0x01;
    static final int CTL_KILL = 0x02;
    static final int CTL_LAST_BYTE = 0x20;
    static final int CTL_START = 0x40;
    static final int CTL_RETURN_MASK = 0x1f;

    static final int PROT_QUICK = 0;
    static final int PROT_BYTE = 1;
    static final int PROT_BYTE_DATA = 2;
    static final int PROT_WORD_DATA = 3;
    static final int PROT_BLOCK_DATA = 5;
    static final int PROT_I2C_BLOCK_READ = 6;

    static final int AUX_BLK = 0x02;
    static final int AUX_MASK = 0x03;
    static final int MAX_MSG = 32;

    /** The saved state (QEMU's pmsmb vmstate). */
    record State(int status, int control, int command, int address, int data0, int data1, int index, byte[] block,
            int auxControl, int blockData, boolean opDone, boolean inI2cBlockRead, boolean startOnStatusRead) {
        State {
            block = Arrays.copyOf(block, MAX_MSG);
        }

        @Override
        public byte[] block() {
            return block.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && status == s.status && control == s.control && command == s.command
                    && address == s.address && data0 == s.data0 && data1 == s.data1 && index == s.index
                    && auxControl == s.auxControl && blockData == s.blockData && opDone == s.opDone
                    && inI2cBlockRead == s.inI2cBlockRead && startOnStatusRead == s.startOnStatusRead
                    && Arrays.equals(block, s.block);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(block) * 31 + status * 7 + index;
        }
    }

    private final I2cBus bus;
    private final byte[] block = new byte[MAX_MSG];
    private int status;
    private int control;
    private int command;
    private int address;
    private int data0;
    private int data1;
    private int index;
    private int auxControl = AUX_BLK;
    private int blockData;
    private boolean opDone = true;
    private boolean inI2cBlockRead;
    private boolean startOnStatusRead;

    PmSmbus(I2cBus bus) {
        this.bus = bus;
    }

    private int protocol() {
        return (control >> 2) & 7;
    }

    private int target() {
        return address >> 1;
    }

    private boolean readBit() {
        return (address & 1) != 0;
    }

    /** QEMU's smb_transaction. */
    private void transaction() {
        if ((status & STS_DEV_ERR) != 0) {
            status |= STS_DEV_ERR;
            return;
        }
        boolean read = readBit();
        int ret;
        switch (protocol()) {
            case PROT_QUICK -> ret = SmbusMaster.quickCommand(bus, target(), read);
            case PROT_BYTE -> ret = read ? data8(SmbusMaster.receiveByte(bus, target()))
                    : SmbusMaster.sendByte(bus, target(), command);
            case PROT_BYTE_DATA -> ret = read ? data8(SmbusMaster.readByte(bus, target(), command))
                    : SmbusMaster.writeByte(bus, target(), command, data0);
            case PROT_WORD_DATA -> ret = read ? data16(SmbusMaster.readWord(bus, target(), command))
                    : SmbusMaster.writeWord(bus, target(), command, data1 << 8 | data0);
            case PROT_I2C_BLOCK_READ -> {
                i2cBlockRead();
                return;
            }
            case PROT_BLOCK_DATA -> {
                if (read) {
                    blockRead();
                } else {
                    blockWrite();
                }
                return;
            }
            default -> {
                LOG.debug("SMBus: guest error: protocol {} not supported", protocol());
                ret = -1;
            }
        }
        status |= ret < 0 ? STS_DEV_ERR : STS_INTR;
    }

    private int data8(int ret) {
        if (ret >= 0) data0 = ret & 0xff;
        return ret;
    }

    private int data16(int ret) {
        if (ret >= 0) {
            data1 = (ret >> 8) & 0xff;
            data0 = ret & 0xff;
        }
        return ret;
    }

    /** The I2C block read (Linux sets or clears the read bit; QEMU ignores it): offset in data 1, then byte by byte. */
    private void i2cBlockRead() {
        if (!bus.startSend(target()) || !bus.send(data1) || !bus.startRecv(target())) {
            status |= STS_DEV_ERR;
            return;
        }
        inI2cBlockRead = true;
        blockData = bus.recv();
        opDone = false;
        status |= STS_HOST_BUSY | STS_BYTE_DONE;
    }

    private void blockRead() {
        int ret = SmbusMaster.readBlock(bus, target(), command, block, true, true);
        if (ret < 0) {
            status |= STS_DEV_ERR;
            return;
        }
        index = 0;
        opDone = false;
        if ((auxControl & AUX_BLK) != 0) {
            status |= STS_INTR;
        } else {
            blockData = block[0] & 0xff;
            status |= STS_HOST_BUSY | STS_BYTE_DONE;
        }
        data0 = ret;
    }

    private void blockWrite() {
        if ((auxControl & AUX_BLK) != 0) {
            if (index != data0) {
                index = 0;
                status |= STS_DEV_ERR;
                return;
            }
            index = 0;
            if (SmbusMaster.writeBlock(bus, target(), command, block, data0, true) < 0) {
                status |= STS_DEV_ERR;
                return;
            }
            opDone = true;
            status = (status | STS_INTR) & ~STS_HOST_BUSY;
        } else {
            opDone = false;
            status |= STS_HOST_BUSY | STS_BYTE_DONE;
            block[0] = (byte) blockData;
            index = 0;
        }
    }

    private void startTransaction() {
        if ((control & CTL_INTREN) != 0) {
            transaction();
            startOnStatusRead = false;
        } else {
            status |= STS_HOST_BUSY;
            startOnStatusRead = true;
        }
    }

    private boolean byteByByte() {
        if (opDone) return false;
        return inI2cBlockRead || (auxControl & AUX_BLK) == 0;
    }

    /** Clearing BYTE_DONE in a byte-by-byte block transfer moves it on by one byte (QEMU's SMBHSTSTS write). */
    private void nextByte() {
        boolean read = readBit() || inI2cBlockRead;
        if (++index >= MAX_MSG) index = 0;
        if (!read && index == data0) {
            if (protocol() == PROT_I2C_BLOCK_READ
                    || SmbusMaster.writeBlock(bus, target(), command, block, data0, true) < 0) {
                status |= STS_DEV_ERR;
                return;
            }
            opDone = true;
            status = (status | STS_INTR) & ~STS_HOST_BUSY;
        } else if (!read) {
            block[index] = (byte) blockData;
            status |= STS_BYTE_DONE;
        } else if ((control & CTL_LAST_BYTE) != 0) {
            opDone = true;
            if (inI2cBlockRead) {
                inI2cBlockRead = false;
                blockData = bus.recv();
                bus.nack();
                bus.endTransfer();
            } else {
                blockData = block[index] & 0xff;
            }
            index = 0;
            status = (status | STS_INTR) & ~STS_HOST_BUSY;
        } else {
            blockData = inI2cBlockRead ? bus.recv() : block[index] & 0xff;
            status |= STS_BYTE_DONE;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value & 0xff;
        switch ((int) offset) {
            case HST_STS -> {
                boolean clearByteDone = (status & v & STS_BYTE_DONE) != 0;
                status &= ~(v & ~STS_HOST_BUSY);
                if (clearByteDone && byteByByte()) nextByte();
            }
            case HST_CNT -> {
                control = v & ~CTL_START;
                if ((v & CTL_START) != 0) {
                    if (!opDone) {
                        index = 0;
                        opDone = true;
                        if (inI2cBlockRead) {
                            inI2cBlockRead = false;
                            bus.endTransfer();
                        }
                    }
                    startTransaction();
                }
                if ((control & CTL_KILL) != 0) {
                    opDone = true;
                    index = 0;
                    status = (status | STS_FAILED) & ~STS_HOST_BUSY;
                }
            }
            case HST_CMD -> command = v;
            case HST_ADD -> address = v;
            case HST_DAT0 -> data0 = v;
            case HST_DAT1 -> data1 = v;
            case BLK_DAT -> {
                if (index >= MAX_MSG) index = 0;
                if ((auxControl & AUX_BLK) != 0) {
                    block[index++] = (byte) v;
                } else {
                    blockData = v;
                }
            }
            case AUX_CTL -> auxControl = v & AUX_MASK;
            default -> {
            }
        }
    }

    @Override
    public long read(long offset, int size) {
        return switch ((int) offset) {
            case HST_STS -> {
                int v = status;
                if (startOnStatusRead) {
                    startOnStatusRead = false;
                    status &= ~STS_HOST_BUSY;
                    transaction();
                }
                yield v;
            }
            case HST_CNT -> control & CTL_RETURN_MASK;
            case HST_CMD -> command;
            case HST_ADD -> address;
            case HST_DAT0 -> data0;
            case HST_DAT1 -> data1;
            case BLK_DAT -> readBlockData();
            case AUX_CTL -> auxControl;
            default -> 0;
        };
    }

    private int readBlockData() {
        if ((auxControl & AUX_BLK) == 0 || inI2cBlockRead) return blockData;
        if (index >= MAX_MSG) index = 0;
        int v = block[index++] & 0xff;
        if (!opDone && index == data0) {
            opDone = true;
            index = 0;
            status &= ~STS_HOST_BUSY;
        }
        return v;
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.exactly(1);
    }

    State state() {
        return new State(status, control, command, address, data0, data1, index, block, auxControl, blockData, opDone,
                inI2cBlockRead, startOnStatusRead);
    }

    void restore(State s) {
        status = s.status() & 0xff;
        control = s.control() & 0xff;
        command = s.command() & 0xff;
        address = s.address() & 0xff;
        data0 = s.data0() & 0xff;
        data1 = s.data1() & 0xff;
        index = Math.clamp(s.index(), 0, MAX_MSG);
        System.arraycopy(s.block(), 0, block, 0, MAX_MSG);
        auxControl = s.auxControl() & AUX_MASK;
        blockData = s.blockData() & 0xff;
        opDone = s.opDone();
        inI2cBlockRead = s.inI2cBlockRead();
        startOnStatusRead = s.startOnStatusRead();
    }
}
