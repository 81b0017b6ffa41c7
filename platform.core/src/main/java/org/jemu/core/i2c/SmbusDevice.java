package org.jemu.core.i2c;

import java.util.Arrays;
import java.util.HexFormat;

import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMBus target (QEMU's SMBusDevice, abstract type {@value #TYPE}, hw/i2c/smbus_slave.c): runs the SMBus protocol on
 * the I2C conditions and hands a subclass three things.
 * <ul>
 * <li>{@link #quickCommand(boolean)}: a transfer with no data bytes (SMBus quick command, read or write).</li>
 * <li>{@link #writeData(byte[], int)}: the bytes the host wrote in one write phase, the command byte first; called at
 *     the stop condition, or at a repeated start for a read (so the command selects what the read returns).</li>
 * <li>{@link #receiveByte()}: each byte the host reads.</li>
 * </ul>
 * At most {@value #DATA_MAX} bytes of one write phase are kept (QEMU's SMBUS_DATA_MAX_LEN: command, count and a
 * 32-byte block); further bytes are dropped. Out-of-order conditions (a read after an empty write, a start in the middle
 * of a transfer, a NACK outside a read) are guest errors: logged at debug level, the target is "confused" until the
 * stop condition, as in QEMU. Subclasses save the protocol state with {@link #smbusState()}; as in QEMU a
 * device reset does not touch it (the next stop condition returns the target to idle).
 */
public abstract class SmbusDevice extends I2cSlave {

    public static final String TYPE = "smbus-device";
    /** Bytes one write phase may carry. */
    public static final int DATA_MAX = 34;

    private static final Logger LOG = LoggerFactory.getLogger(SmbusDevice.class);

    /** Where the target is in a transfer (QEMU's SMBUS_IDLE ... SMBUS_CONFUSED). */
    public enum Mode { IDLE, WRITE_DATA, READ_DATA, DONE, CONFUSED }

    /** The protocol state: mode and the bytes of the current write phase. */
    public record SmbusState(Mode mode, byte[] data, int length) {
        public SmbusState {
            data = Arrays.copyOf(data, DATA_MAX);
            if (length < 0 || length > DATA_MAX) throw new IllegalArgumentException("length " + length + " is not 0.." + DATA_MAX);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SmbusState s && mode == s.mode && length == s.length && Arrays.equals(data, s.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * mode.hashCode() + length) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SmbusState[" + mode + ", " + HexFormat.of().formatHex(data, 0, length) + "]";
        }
    }

    private final byte[] buffer = new byte[DATA_MAX];
    private Mode mode = Mode.IDLE;
    private int length;

    protected SmbusDevice(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type (registered by the runtime). */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(I2cSlave.TYPE).abstractType().description("base of SMBus targets").build();
    }

    /** A transfer without data bytes ended; {@code read} is its direction bit. Default: nothing. */
    protected void quickCommand(boolean read) {
    }

    /**
     * The host wrote {@code length} (1..{@value #DATA_MAX}) bytes, {@code data[0]} being the command. The array is the
     * device's buffer: read it, do not keep it. Default: nothing.
     */
    protected void writeData(byte[] data, int length) {
    }

    /** The next byte the host reads. Default: 0xff. */
    protected int receiveByte() {
        return 0xff;
    }

    @Override
    protected final boolean event(I2cEvent event) {
        switch (event) {
            case START_SEND -> {
                if (mode == Mode.IDLE) {
                    mode = Mode.WRITE_DATA;
                } else {
                    confused("write start in state " + mode);
                }
            }
            case START_RECV -> {
                if (mode == Mode.IDLE) {
                    mode = Mode.READ_DATA;
                } else if (mode == Mode.WRITE_DATA && length > 0) {
                    writeData(buffer, length);
                    mode = Mode.READ_DATA;
                } else {
                    confused("read start in state " + mode + (mode == Mode.WRITE_DATA ? " without a command byte" : ""));
                }
            }
            case FINISH -> {
                if (length == 0) {
                    if (mode == Mode.WRITE_DATA || mode == Mode.READ_DATA) quickCommand(mode == Mode.READ_DATA);
                } else if (mode == Mode.WRITE_DATA) {
                    writeData(buffer, length);
                } else if (mode == Mode.READ_DATA) {
                    LOG.debug("{}: stop condition in the middle of a read", describe());
                }
                mode = Mode.IDLE;
                length = 0;
            }
            case NACK -> {
                if (mode == Mode.READ_DATA) {
                    mode = Mode.DONE;
                } else if (mode != Mode.DONE) {
                    confused("NACK in state " + mode);
                }
            }
        }
        return true;
    }

    @Override
    protected final boolean send(int data) {
        if (mode != Mode.WRITE_DATA) {
            LOG.debug("{}: guest error: byte 0x{} written in state {}", describe(), Integer.toHexString(data), mode);
        } else if (length >= DATA_MAX) {
            LOG.debug("{}: guest error: more than {} bytes written, 0x{} dropped", describe(), DATA_MAX, Integer.toHexString(data));
        } else {
            buffer[length++] = (byte) data;
        }
        return true;
    }

    @Override
    protected final int receive() {
        if (mode == Mode.READ_DATA) return receiveByte() & 0xff;
        confused("read in state " + mode);
        return 0xff;
    }

    private void confused(String what) {
        LOG.debug("{}: guest error: SMBus {}", describe(), what);
        mode = Mode.CONFUSED;
    }

    /** The protocol state, for saving. */
    public final SmbusState smbusState() {
        return new SmbusState(mode, buffer, length);
    }

    /** Restores what {@link #smbusState()} saved. */
    public final void restoreSmbusState(SmbusState s) {
        mode = s.mode();
        length = s.length();
        System.arraycopy(s.data(), 0, buffer, 0, DATA_MAX);
    }
}
