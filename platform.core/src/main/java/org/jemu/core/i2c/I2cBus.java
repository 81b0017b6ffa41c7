package org.jemu.core.i2c;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;

/**
 * An I2C bus (QEMU's I2CBus, type {@value #TYPE}), created by the host controller that drives it (an SMBus host such as
 * PIIX4's or ICH9's). Targets are {@link I2cSlave} devices plugged into it, found by their 7-bit {@code address}.
 *
 * <p>The host runs transfers with the operations of QEMU's hw/i2c/core.c: {@link #startTransfer} (a start condition;
 * called again inside a transfer it is a repeated start to the same targets), {@link #send}, {@link #recv},
 * {@link #nack} and {@link #endTransfer} (the stop condition). Address {@value #BROADCAST} (the general call)
 * addresses every target; {@link #recv} then reads 0xff, as nobody drives the bus alone. SMBus transactions built from
 * these steps are in {@link SmbusMaster}. Calls come under the global lock, from the host's register accesses.
 *
 * <p>The transfer in progress (which targets a start condition selected) is bus state, not saved with any device;
 * a snapshot taken in the middle of a transfer would lose it.
 */
public class I2cBus extends Bus {

    public static final String TYPE = "i2c-bus";
    /** The general call address: every target listens. */
    public static final int BROADCAST = 0x00;

    private final List<I2cSlave> current = new ArrayList<>();
    private boolean broadcast;

    public I2cBus(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Bus.TYPE).factory(I2cBus::new).description("I2C bus").build();
    }

    /** Whether a transfer is in progress (a start condition selected at least one target). */
    public final boolean busy() {
        return !current.isEmpty();
    }

    /**
     * A start condition for 7-bit {@code address}, reading ({@code recv}) or writing (QEMU's i2c_start_transfer). Outside
     * a transfer it selects the targets with that address (all of them for {@link #BROADCAST}); inside one it is a
     * repeated start to the targets already selected. Each gets {@link I2cEvent#START_RECV} or
     * {@link I2cEvent#START_SEND}.
     *
     * @return whether the transfer was acknowledged: false when no target has the address, or when one refuses the
     *         start (then a new transfer is ended again)
     */
    public final boolean startTransfer(int address, boolean recv) {
        int a = address & 0x7f;
        if (a == BROADCAST) broadcast = true;
        boolean scanned = false;
        if (current.isEmpty()) {
            for (Device d : devices()) {
                if (d instanceof I2cSlave s && d.isRealized() && (broadcast || s.address() == a)) current.add(s);
            }
            scanned = true;
        }
        if (current.isEmpty()) {
            broadcast = false;
            return false;
        }
        I2cEvent event = recv ? I2cEvent.START_RECV : I2cEvent.START_SEND;
        for (int i = 0; i < current.size(); i++) {
            if (!current.get(i).event(event) && !broadcast) {
                if (scanned) endTransfer();
                return false;
            }
        }
        return true;
    }

    /** {@link #startTransfer}{@code (address, false)}. */
    public final boolean startSend(int address) {
        return startTransfer(address, false);
    }

    /** {@link #startTransfer}{@code (address, true)}. */
    public final boolean startRecv(int address) {
        return startTransfer(address, true);
    }

    /** The stop condition (QEMU's i2c_end_transfer): every selected target gets {@link I2cEvent#FINISH}. */
    public final void endTransfer() {
        for (int i = 0; i < current.size(); i++) current.get(i).event(I2cEvent.FINISH);
        current.clear();
        broadcast = false;
    }

    /**
     * Sends one byte to the selected targets (QEMU's i2c_send); once one refuses it the rest do not see it.
     *
     * @return whether it was acknowledged (true outside a transfer, as in QEMU)
     */
    public final boolean send(int data) {
        boolean acked = true;
        for (int i = 0; i < current.size() && acked; i++) acked = current.get(i).send(data & 0xff);
        return acked;
    }

    /** Reads one byte from the selected target (QEMU's i2c_recv): 0xff outside a transfer or for a broadcast. */
    public final int recv() {
        if (current.isEmpty() || broadcast) return 0xff;
        return current.getFirst().receive() & 0xff;
    }

    /** The host does not acknowledge the byte it read (QEMU's i2c_nack): the targets get {@link I2cEvent#NACK}. */
    public final void nack() {
        for (int i = 0; i < current.size(); i++) current.get(i).event(I2cEvent.NACK);
    }
}
