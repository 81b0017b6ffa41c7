package org.jemu.plugin.pc.internal;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevEvent;
import org.jemu.core.chardev.ChardevFrontend;
import org.jemu.core.chardev.ChardevObject;
import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 16550A UART on a character device as QEMU's "isa-serial" (hw/char/serial.c, serial-isa.c): 8 ports at iobase
 * (RBR/THR/DLL, IER/DLM, IIR/FCR, LCR, MCR, LSR, MSR, SCR; DLAB in LCR bit 7 selects the divisor latch), interrupt
 * on unnamed GPIO output 0, which the board wires (QEMU's IRQ for index n is 4/3/4/3; the "irq" property only
 * records it). Port index n (default: the number of ports already on the bus, at most 4) gives the default iobase
 * 0x3f8/0x2f8/0x3e8/0x2e8; "chardev" names the backend (none: output dropped, no input).
 *
 * <p>As QEMU: 16-byte receive and transmit FIFOs (FCR bit 0), receive trigger levels 1/4/8/14, the character
 * timeout interrupt after four character times of virtual time (from the divisor of the 115200 Hz base clock and
 * the LCR frame), interrupt priorities line status, timeout, data, THRE, modem status; reading IIR with THRE as
 * the cause clears it and setting IER bit 1 re-arms it while THR is empty. Transmission is immediate: a byte
 * written to THR goes to the chardev at once (in loopback mode to the receiver). Input flows from the chardev
 * only as far as the FIFO has room (QEMU's can_receive: up to the trigger level, then one byte at a time); the
 * backend is asked for more whenever the guest reads RBR. A BREAK event from the backend receives a break.
 *
 * <p>Modem lines: without a tty backend the inputs read DCD, DSR and CTS asserted, as in QEMU. In loopback mode
 * (MCR bit 4) the outputs drive the inputs (DTR to DSR, RTS to CTS, OUT1 to RI, OUT2 to DCD) with the 16550's
 * delta bits and modem status interrupt, where QEMU only shows the looped lines. Not supported: parity, framing
 * and the FIFO error bit (the backend carries bytes only), sending a break to the backend, modem line control of
 * a host serial port, transmit pacing at the baud rate, and QEMU's "wakeup" property.
 */
public final class IsaSerial extends Device implements ChardevFrontend {

    public static final String TYPE = "isa-serial";

    private static final Logger LOG = LoggerFactory.getLogger(IsaSerial.class);

    static final int REG_RBR_THR = 0;
    static final int REG_IER = 1;
    static final int REG_IIR_FCR = 2;
    static final int REG_LCR = 3;
    static final int REG_MCR = 4;
    static final int REG_LSR = 5;
    static final int REG_MSR = 6;
    static final int REG_SCR = 7;

    static final int IER_RDI = 0x01;
    static final int IER_THRI = 0x02;
    static final int IER_RLSI = 0x04;
    static final int IER_MSI = 0x08;
    static final int IIR_NO_INT = 0x01;
    static final int IIR_ID = 0x06;
    static final int IIR_MSI = 0x00;
    static final int IIR_THRI = 0x02;
    static final int IIR_RDI = 0x04;
    static final int IIR_RLSI = 0x06;
    static final int IIR_CTI = 0x0c;
    static final int IIR_FIFO_ENABLED = 0xc0;
    static final int FCR_FE = 0x01;
    static final int FCR_RFR = 0x02;
    static final int FCR_XFR = 0x04;
    static final int FCR_KEPT = 0xc9;
    static final int LCR_DLAB = 0x80;
    static final int MCR_OUT2 = 0x08;
    static final int MCR_LOOP = 0x10;
    static final int LSR_DR = 0x01;
    static final int LSR_OE = 0x02;
    static final int LSR_BI = 0x10;
    static final int LSR_THRE = 0x20;
    static final int LSR_TEMT = 0x40;
    static final int LSR_INT_ANY = 0x1e;
    static final int MSR_DCTS = 0x01;
    static final int MSR_DDSR = 0x02;
    static final int MSR_TERI = 0x04;
    static final int MSR_DDCD = 0x08;
    static final int MSR_ANY_DELTA = 0x0f;
    static final int MSR_CTS = 0x10;
    static final int MSR_DSR = 0x20;
    static final int MSR_RI = 0x40;
    static final int MSR_DCD = 0x80;
    /** The input lines a backend without modem control shows. */
    static final int MSR_EXTERNAL = MSR_DCD | MSR_DSR | MSR_CTS;

    static final int FIFO_LENGTH = 16;
    static final int BAUD_BASE = 115200;
    static final int MAX_PORTS = 4;
    /** QEMU's -1 in its uint32 properties: "pick by index". */
    static final long UNSET = 0xffff_ffffL;

    /** The UART's registers and FIFOs (oldest byte first). */
    public record State(int rbr, int thr, int ier, int iir, int lcr, int mcr, int lsr, int msr, int scr, int fcr,
                        int divider, byte[] receiveFifo, byte[] transmitFifo, boolean thrPending,
                        boolean timeoutPending, long charTimeNs, long timeoutDeadlineNs) {
    }

    private final IrqLine irq;
    private Chardev backend;
    private Timer timeout;
    private int index;
    private final byte[] one = new byte[1];
    private int rbr, thr, ier, iir, lcr, mcr, lsr, msr, scr, fcr, divider;
    private final byte[] rx = new byte[FIFO_LENGTH];
    private int rxHead, rxCount;
    private final byte[] tx = new byte[FIFO_LENGTH];
    private int txHead, txCount;
    private int triggerLevel = 1;
    private boolean thrPending, timeoutPending;
    private long charTimeNs;

    public IsaSerial(ObjectType type) {
        super(type);
        irq = defineGpioOut("", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(IsaSerial::new)
                .description("16550A UART (COM port)")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.INPUT)
                        .property(PropertyDef.uint32("index").defaultValue(UNSET)
                                .description("COM port number 0-3 (default: the next one)"))
                        .property(PropertyDef.uint32("iobase").defaultValue(UNSET)
                                .validator(v -> (Long) v > 0xffff && (Long) v != UNSET ? "must be an I/O port (0 to 0xffff)" : null))
                        .property(PropertyDef.uint32("irq").defaultValue(UNSET)
                                .validator(v -> (Long) v > 15 && (Long) v != UNSET ? "must be an ISA IRQ (0 to 15)" : null)
                                .description("ISA IRQ, by default that of the index (the board wires output 0 to it)"))
                        .property(ChardevObject.linkProperty("chardev")))
                .build();
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Override
    protected void realize() {
        long idx = getLong("index");
        if (idx == UNSET) {
            idx = parentBus().devices().stream().filter(d -> d != this && d.isA(TYPE) && d.isRealized()).count();
        }
        if (idx >= MAX_PORTS) throw new RealizeException("Max. supported number of ISA serial ports is " + MAX_PORTS + ".");
        index = (int) idx;
        long base = getLong("iobase") == UNSET ? defaultIobase(index) : getLong("iobase");
        exposeIoPorts(MemoryRegion.io("serial", 8, BytePorts.of(off -> (int) read(off), (off, v) -> write(off, v))), base);
        timeout = system().newTimer(ClockType.VIRTUAL, t -> timeoutExpired());
        powerOn();
        ChardevObject c = getLink("chardev", ChardevObject.class);
        backend = c == null ? null : c.chardev();
        if (backend != null) backend.attach(this);
    }

    /** QEMU's isa_serial_io: COM1 to COM4. */
    static long defaultIobase(int index) {
        return switch (index) {
            case 0 -> 0x3f8;
            case 1 -> 0x2f8;
            case 2 -> 0x3e8;
            default -> 0x2e8;
        };
    }

    @Override
    protected void unrealize() {
        if (backend != null) backend.detach();
        backend = null;
        if (timeout != null) timeout.free();
        timeout = null;
    }

    @Override
    public void resetHold(ResetType type) {
        powerOn();
    }

    private void powerOn() {
        rbr = 0;
        ier = 0;
        iir = IIR_NO_INT;
        lcr = 0;
        lsr = LSR_TEMT | LSR_THRE;
        msr = MSR_EXTERNAL;
        divider = 0x0c;
        mcr = MCR_OUT2;
        scr = 0;
        fcr = 0;
        triggerLevel = 1;
        charTimeNs = (1_000_000_000L / 9600) * 10;
        timeoutPending = false;
        if (timeout != null) timeout.del();
        rxHead = rxCount = txHead = txCount = 0;
        thrPending = false;
        irq.lower();
    }

    // ---- registers ----------------------------------------------------------------------------------------

    long read(int reg) {
        switch (reg) {
            case REG_RBR_THR:
                return (lcr & LCR_DLAB) != 0 ? divider & 0xff : readRbr();
            case REG_IER:
                return (lcr & LCR_DLAB) != 0 ? (divider >> 8) & 0xff : ier;
            case REG_IIR_FCR: {
                int value = iir;
                if ((value & IIR_ID) == IIR_THRI) {
                    thrPending = false;
                    updateIrq();
                }
                return value;
            }
            case REG_LCR:
                return lcr;
            case REG_MCR:
                return mcr;
            case REG_LSR: {
                int value = lsr;
                if ((lsr & (LSR_BI | LSR_OE)) != 0) {
                    lsr &= ~(LSR_BI | LSR_OE);
                    updateIrq();
                }
                return value;
            }
            case REG_MSR: {
                int value = msr;
                if ((msr & MSR_ANY_DELTA) != 0) {
                    msr &= 0xf0;
                    updateIrq();
                }
                return value;
            }
            default:
                return scr;
        }
    }

    private int readRbr() {
        int value;
        if ((fcr & FCR_FE) != 0) {
            value = rxCount == 0 ? 0 : pop();
            if (rxCount == 0) lsr &= ~(LSR_DR | LSR_BI);
            else timeout.modNs(system().nowNs(ClockType.VIRTUAL) + charTimeNs * 4);
            timeoutPending = false;
        } else {
            value = rbr;
            lsr &= ~(LSR_DR | LSR_BI);
        }
        updateIrq();
        if ((mcr & MCR_LOOP) == 0 && backend != null) backend.acceptInputAgain();
        return value;
    }

    void write(int reg, int value) {
        value &= 0xff;
        switch (reg) {
            case REG_RBR_THR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = (divider & 0xff00) | value;
                    updateParameters();
                } else {
                    writeThr(value);
                }
            }
            case REG_IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = (divider & 0xff) | value << 8;
                    updateParameters();
                } else {
                    writeIer(value);
                }
            }
            case REG_IIR_FCR -> writeFcr(value);
            case REG_LCR -> {
                lcr = value;
                updateParameters();
            }
            case REG_MCR -> writeMcr(value);
            case REG_SCR -> scr = value;
            default -> LOG.debug("{}: guest error: write to read-only register {}", describe(), reg);
        }
    }

    private void writeThr(int value) {
        thr = value;
        if ((fcr & FCR_FE) != 0) {
            if (txCount == FIFO_LENGTH) { // a transmit overrun overwrites the oldest byte
                txHead = (txHead + 1) % FIFO_LENGTH;
                txCount--;
            }
            tx[(txHead + txCount++) % FIFO_LENGTH] = (byte) value;
        }
        thrPending = false;
        lsr &= ~(LSR_THRE | LSR_TEMT);
        updateIrq();
        transmit();
    }

    /** Empties THR (or the transmit FIFO) into the backend or, in loopback, the receiver (QEMU's serial_xmit). */
    private void transmit() {
        do {
            int tsr;
            if ((fcr & FCR_FE) != 0) {
                tsr = tx[txHead] & 0xff;
                txHead = (txHead + 1) % FIFO_LENGTH;
                if (--txCount == 0) lsr |= LSR_THRE;
            } else {
                tsr = thr;
                lsr |= LSR_THRE;
            }
            if ((lsr & LSR_THRE) != 0 && !thrPending) {
                thrPending = true;
                updateIrq();
            }
            one[0] = (byte) tsr;
            if ((mcr & MCR_LOOP) != 0) receive(one, 0, 1);
            else if (backend != null) backend.write(one, 0, 1);
        } while ((lsr & LSR_THRE) == 0);
        lsr |= LSR_TEMT;
    }

    private void writeIer(int value) {
        int changed = (ier ^ value) & 0x0f;
        ier = value & 0x0f;
        if ((changed & IER_THRI) != 0) thrPending = (ier & IER_THRI) != 0 && (lsr & LSR_THRE) != 0;
        if (changed != 0) updateIrq();
    }

    private void writeFcr(int value) {
        if (((value ^ fcr) & FCR_FE) != 0) value |= FCR_XFR | FCR_RFR;
        if ((value & FCR_RFR) != 0) {
            lsr &= ~(LSR_DR | LSR_BI);
            timeout.del();
            timeoutPending = false;
            rxHead = rxCount = 0;
        }
        if ((value & FCR_XFR) != 0) {
            lsr |= LSR_THRE;
            thrPending = true;
            txHead = txCount = 0;
        }
        applyFcr(value);
        updateIrq();
    }

    /** The FCR bits that stay (enable, DMA mode, trigger level) and what follows from them (QEMU's serial_write_fcr). */
    private void applyFcr(int value) {
        fcr = value & FCR_KEPT;
        if ((fcr & FCR_FE) != 0) {
            iir |= IIR_FIFO_ENABLED;
            triggerLevel = switch (fcr & 0xc0) {
                case 0x00 -> 1;
                case 0x40 -> 4;
                case 0x80 -> 8;
                default -> 14;
            };
        } else {
            iir &= ~IIR_FIFO_ENABLED;
        }
    }

    private void writeMcr(int value) {
        mcr = value & 0x1f;
        int lines = (mcr & MCR_LOOP) != 0
                ? (mcr & 0x0c) << 4 | (mcr & 0x02) << 3 | (mcr & 0x01) << 5
                : MSR_EXTERNAL;
        int old = msr & 0xf0;
        int delta = ((old ^ lines) & MSR_CTS) != 0 ? MSR_DCTS : 0;
        if (((old ^ lines) & MSR_DSR) != 0) delta |= MSR_DDSR;
        if ((old & MSR_RI) != 0 && (lines & MSR_RI) == 0) delta |= MSR_TERI;
        if (((old ^ lines) & MSR_DCD) != 0) delta |= MSR_DDCD;
        msr = lines | (msr & MSR_ANY_DELTA) | delta;
        if (delta != 0) updateIrq();
    }

    /** Character time from the divisor and the LCR frame (start, data, parity, stop bits), as QEMU computes it. */
    private void updateParameters() {
        if (divider == 0 || divider > BAUD_BASE) return;
        int frame = 1 + ((lcr & 0x08) != 0 ? 1 : 0) + (lcr & 0x03) + 5 + ((lcr & 0x04) != 0 ? 2 : 1);
        charTimeNs = (1_000_000_000L / (BAUD_BASE / divider)) * frame;
    }

    private void updateIrq() {
        int id = IIR_NO_INT;
        if ((ier & IER_RLSI) != 0 && (lsr & LSR_INT_ANY) != 0) id = IIR_RLSI;
        else if ((ier & IER_RDI) != 0 && timeoutPending) id = IIR_CTI;
        else if ((ier & IER_RDI) != 0 && (lsr & LSR_DR) != 0 && ((fcr & FCR_FE) == 0 || rxCount >= triggerLevel)) id = IIR_RDI;
        else if ((ier & IER_THRI) != 0 && thrPending) id = IIR_THRI;
        else if ((ier & IER_MSI) != 0 && (msr & MSR_ANY_DELTA) != 0) id = IIR_MSI;
        iir = id | (iir & 0xf0);
        irq.set(id != IIR_NO_INT);
    }

    private void timeoutExpired() {
        if (rxCount > 0) {
            timeoutPending = true;
            updateIrq();
        }
    }

    // ---- receive ------------------------------------------------------------------------------------------

    private int pop() {
        int b = rx[rxHead] & 0xff;
        rxHead = (rxHead + 1) % FIFO_LENGTH;
        rxCount--;
        return b;
    }

    private void put(int b) {
        if (rxCount == FIFO_LENGTH) { // a receive overrun keeps the FIFO and loses the byte
            lsr |= LSR_OE;
            return;
        }
        rx[(rxHead + rxCount++) % FIFO_LENGTH] = (byte) b;
    }

    @Override
    public int canReceive() {
        if ((fcr & FCR_FE) == 0) return (lsr & LSR_DR) != 0 ? 0 : 1;
        if (rxCount >= FIFO_LENGTH) return 0;
        return rxCount <= triggerLevel ? triggerLevel - rxCount : 1;
    }

    @Override
    public void receive(byte[] buf, int off, int len) {
        if (len <= 0) return;
        if ((fcr & FCR_FE) != 0) {
            for (int i = 0; i < len; i++) put(buf[off + i] & 0xff);
            lsr |= LSR_DR;
            timeout.modNs(system().nowNs(ClockType.VIRTUAL) + charTimeNs * 4);
        } else {
            if ((lsr & LSR_DR) != 0) lsr |= LSR_OE;
            rbr = buf[off] & 0xff;
            lsr |= LSR_DR;
        }
        updateIrq();
    }

    @Override
    public void event(ChardevEvent event) {
        if (event != ChardevEvent.BREAK) return;
        rbr = 0;
        if ((fcr & FCR_FE) != 0) put(0);
        lsr |= LSR_BI | LSR_DR;
        updateIrq();
    }

    // ---- state --------------------------------------------------------------------------------------------

    private static byte[] drain(byte[] ring, int head, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) out[i] = ring[(head + i) % FIFO_LENGTH];
        return out;
    }

    public State state() {
        return new State(rbr, thr, ier, iir, lcr, mcr, lsr, msr, scr, fcr, divider, drain(rx, rxHead, rxCount),
                drain(tx, txHead, txCount), thrPending, timeoutPending, charTimeNs,
                timeout == null ? -1 : timeout.expireTime());
    }

    public void restore(State s) {
        rbr = s.rbr();
        thr = s.thr();
        ier = s.ier();
        lcr = s.lcr();
        mcr = s.mcr();
        lsr = s.lsr();
        msr = s.msr();
        scr = s.scr();
        divider = s.divider();
        iir = s.iir();
        applyFcr(s.fcr());
        rxHead = txHead = 0;
        rxCount = Math.min(s.receiveFifo().length, FIFO_LENGTH);
        System.arraycopy(s.receiveFifo(), 0, rx, 0, rxCount);
        txCount = Math.min(s.transmitFifo().length, FIFO_LENGTH);
        System.arraycopy(s.transmitFifo(), 0, tx, 0, txCount);
        thrPending = s.thrPending();
        timeoutPending = s.timeoutPending();
        charTimeNs = s.charTimeNs();
        if (timeout != null) {
            if (s.timeoutDeadlineNs() >= 0) timeout.modNs(s.timeoutDeadlineNs());
            else timeout.del();
        }
        updateIrq();
    }
}
