package org.jemu.core.i2c;

import java.util.Arrays;
import java.util.Objects;

import org.jemu.core.qdev.IrqLine;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register file of the Intel SMBus host controller that PIIX4 and ICH9 share (QEMU's hw/i2c/pm_smbus.c): the
 * operations of a {@value #SIZE}-port I/O region, byte accesses only, that the owning device maps where its
 * configuration says. Transactions run on an {@link I2cBus} with {@link SmbusMaster}.
 *
 * <p>Registers: host status ({@value #HST_STS}), host control ({@value #HST_CNT}), host command ({@value #HST_CMD}),
 * host address ({@value #HST_ADD}: target address in bits 7:1, read in bit 0), data 0 ({@value #HST_DAT0}), data 1
 * ({@value #HST_DAT1}), block data ({@value #BLK_DAT}) and auxiliary control ({@value #AUX_CTL}: bit 0 PEC, stored
 * only; bit 1 block buffer). Other offsets read 0 and ignore writes.
 *
 * <ul>
 * <li>Writing host control with START ({@value #CTL_START}, reads 0) runs the protocol in bits 4:2: quick, byte, byte
 *     data, word data, block data, I2C block read (process call and the reserved codes fail with DEV_ERR). As in QEMU,
 *     with INTREN clear the transaction is held with HOST_BUSY set and runs when the guest next reads the status
 *     register (that read still shows HOST_BUSY); with INTREN set it runs at once.</li>
 * <li>Status: INTR on success, DEV_ERR when the target does not acknowledge (no device at the address) or the
 *     protocol is invalid, FAILED after KILL; bits are write-1-to-clear, HOST_BUSY excepted. A transaction does not
 *     run while DEV_ERR is set. As in QEMU, KILL does not end the bus transfer an I2C block read holds (a
 *     {@linkplain #reset() soft reset} does).</li>
 * <li>Block transfers (count in data 0): with the block buffer (aux bit 1) the up to 32 bytes go through the block
 *     data port, an index advancing with each access and wrapping at 32 (a block write needs exactly data 0 bytes
 *     written before START, else DEV_ERR); without it, byte by byte, the guest clearing BYTE_DONE to move to the next
 *     byte and setting LAST_BYTE before the last one of a read. The I2C block read (offset in data 1, the read bit
 *     ignored as in QEMU) is always byte by byte, holding the bus between bytes.</li>
 * <li>I2C mode ({@link #setI2cEnabled}, ICH9's HOSTC.I2C_EN): block transfers carry no count byte and a block read
 *     sends no command; it reads 32 bytes.</li>
 * <li>Interrupt output (QEMU's set_irq): after every register access the controller drives it with "a status bit
 *     other than HOST_BUSY is set and INTREN is set". PIIX4 in QEMU has none ({@link #piix4}); ICH9 drives its
 *     function's INTx with it ({@link #ich9}).</li>
 * </ul>
 *
 * <p>Not supported: packet error checking (the PEC bits are stored only), SMBALERT, the host notify and target
 * (slave) registers, the ICH9 SMBus memory-mapped BARs. Guest errors never throw. Calls come under the global lock.
 */
@ProviderType
public final class SmbusHostController implements MemoryRegionOps {

    private static final Logger LOG = LoggerFactory.getLogger(SmbusHostController.class);

    /** The size of the I/O region, in ports. */
    public static final int SIZE = 64;
    /** Host status register. */
    public static final int HST_STS = 0x00;
    /** Host control register. */
    public static final int HST_CNT = 0x02;
    /** Host command register (the SMBus command byte). */
    public static final int HST_CMD = 0x03;
    /** Host address register: target address in bits 7:1, read in bit 0. */
    public static final int HST_ADD = 0x04;
    /** Host data 0 register (the data byte, the low byte of a word, the block count). */
    public static final int HST_DAT0 = 0x05;
    /** Host data 1 register (the high byte of a word, the I2C block read offset). */
    public static final int HST_DAT1 = 0x06;
    /** Block data register. */
    public static final int BLK_DAT = 0x07;
    /** Auxiliary control register. */
    public static final int AUX_CTL = 0x0d;

    /** Status: a transaction is in progress. */
    public static final int STS_HOST_BUSY = 0x01;
    /** Status: the transaction completed. */
    public static final int STS_INTR = 0x02;
    /** Status: the target did not acknowledge, or the command was invalid. */
    public static final int STS_DEV_ERR = 0x04;
    /** Status: the transaction was killed. */
    public static final int STS_FAILED = 0x10;
    /** Status: a byte of a byte-by-byte block transfer is done. */
    public static final int STS_BYTE_DONE = 0x80;

    /** Control: interrupt enable (and: run the transaction at START, not at the next status read). */
    public static final int CTL_INTREN = 0x01;
    /** Control: kill the transaction in progress. */
    public static final int CTL_KILL = 0x02;
    /** Control: the next byte of a byte-by-byte block read is the last one. */
    public static final int CTL_LAST_BYTE = 0x20;
    /** Control: start the transaction (reads 0). */
    public static final int CTL_START = 0x40;
    /** The control bits a read returns. */
    public static final int CTL_RETURN_MASK = 0x1f;

    /** Protocol (control bits 4:2): quick command. */
    public static final int PROT_QUICK = 0;
    /** Protocol: send or receive byte. */
    public static final int PROT_BYTE = 1;
    /** Protocol: write or read byte data. */
    public static final int PROT_BYTE_DATA = 2;
    /** Protocol: write or read word data. */
    public static final int PROT_WORD_DATA = 3;
    /** Protocol: block write or read. */
    public static final int PROT_BLOCK_DATA = 5;
    /** Protocol: I2C block read. */
    public static final int PROT_I2C_BLOCK_READ = 6;

    /** Auxiliary control: the 32-byte block buffer is on. */
    public static final int AUX_BLK = 0x02;
    /** The auxiliary control bits that are stored. */
    public static final int AUX_MASK = 0x03;
    /** The size of the block buffer. */
    public static final int MAX_MSG = 32;

    /**
     * The saved state (QEMU's vmstate "pmsmb"): the registers, the block buffer and its index, the byte-by-byte
     * transfer state and the I2C mode.
     */
    public record State(int status, int control, int command, int address, int data0, int data1, int index, byte[] block,
            int auxControl, int blockData, boolean opDone, boolean inI2cBlockRead, boolean startOnStatusRead,
            boolean i2cEnabled) {
        /** Copies {@code block}, padded or cut to {@value #MAX_MSG} bytes. */
        public State {
            block = Arrays.copyOf(block, MAX_MSG);
        }

        /** A copy of the block buffer. */
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
                    && i2cEnabled == s.i2cEnabled && Arrays.equals(block, s.block);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(block) * 31 + status * 7 + index;
        }
    }

    private final I2cBus bus;
    private final IrqLine interrupt;
    private final byte[] block = new byte[MAX_MSG];
    private int status;
    private int control;
    private int command;
    private int address;
    private int data0;
    private int data1;
    private int index;
    private int auxControl;
    private int blockData;
    private boolean opDone = true;
    private boolean inI2cBlockRead;
    private boolean startOnStatusRead;
    private boolean i2cEnabled;

    /**
     * A controller in its power-on state (QEMU's pm_smbus_init): registers 0, SMBus mode.
     *
     * @param bus the bus the transactions run on
     * @param blockBuffer whether the block buffer (aux control bit 1) is on from the start (QEMU's force_aux_blk)
     * @param interrupt the interrupt output, driven after every register access; {@link IrqLine#NONE} for none
     */
    public SmbusHostController(I2cBus bus, boolean blockBuffer, IrqLine interrupt) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.interrupt = Objects.requireNonNull(interrupt, "interrupt");
        auxControl = blockBuffer ? AUX_BLK : 0;
    }

    /** PIIX4's controller as QEMU has it: the block buffer on from the start, no interrupt output. */
    public static SmbusHostController piix4(I2cBus bus) {
        return new SmbusHostController(bus, true, IrqLine.NONE);
    }

    /** ICH9's controller as QEMU has it: the block buffer off until the guest sets it, interrupt on {@code interrupt}. */
    public static SmbusHostController ich9(I2cBus bus, IrqLine interrupt) {
        return new SmbusHostController(bus, false, interrupt);
    }

    /** The I2C mode (ICH9's HOSTC.I2C_EN): block transfers without the count byte, block reads without the command. */
    public void setI2cEnabled(boolean enabled) {
        i2cEnabled = enabled;
    }

    /** Whether the I2C mode is on. */
    public boolean i2cEnabled() {
        return i2cEnabled;
    }

    /**
     * The soft reset (QEMU's pm_smbus_reset, ICH9's HOSTC.SSRESET): status cleared, block index 0, no transfer in
     * progress; the other registers keep their values. Unlike QEMU, which leaves them, a transaction held for the next
     * status read is dropped and an I2C block read still holding the bus is ended; and the interrupt output is driven
     * at once (it drops, the status being clear), where QEMU waits for the next register access.
     */
    public void reset() {
        opDone = true;
        index = 0;
        status = 0;
        startOnStatusRead = false;
        if (inI2cBlockRead) {
            inI2cBlockRead = false;
            bus.endTransfer();
        }
        updateInterrupt();
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
        if ((status & STS_DEV_ERR) != 0) return;
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
        int ret = SmbusMaster.readBlock(bus, target(), command, block, !i2cEnabled, !i2cEnabled);
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
            if (SmbusMaster.writeBlock(bus, target(), command, block, data0, !i2cEnabled) < 0) {
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
                    || SmbusMaster.writeBlock(bus, target(), command, block, data0, !i2cEnabled) < 0) {
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
            case HST_CNT -> writeControl(v);
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
        updateInterrupt();
    }

    private void writeControl(int v) {
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

    @Override
    public long read(long offset, int size) {
        int v = switch ((int) offset) {
            case HST_STS -> {
                int s = status;
                if (startOnStatusRead) {
                    startOnStatusRead = false;
                    status &= ~STS_HOST_BUSY;
                    transaction();
                }
                yield s;
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
        updateInterrupt();
        return v;
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

    /** QEMU's smb_irq_value handed to set_irq. */
    private void updateInterrupt() {
        interrupt.set(interruptLevel());
    }

    /** Whether the interrupt output is asserted: a status bit other than HOST_BUSY is set and INTREN is set. */
    public boolean interruptLevel() {
        return (status & ~STS_HOST_BUSY) != 0 && (control & CTL_INTREN) != 0;
    }

    /** Byte accesses only, as in QEMU. */
    @Override
    public AccessConstraints valid() {
        return AccessConstraints.exactly(1);
    }

    /** The state, for saving. */
    public State state() {
        return new State(status, control, command, address, data0, data1, index, block, auxControl, blockData, opDone,
                inI2cBlockRead, startOnStatusRead, i2cEnabled);
    }

    /**
     * Restores what {@link #state()} saved (out-of-range values are masked or clamped). The interrupt output is not
     * driven: the owner restores its line with its own state.
     */
    public void restore(State s) {
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
        i2cEnabled = s.i2cEnabled();
    }
}
