package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.InterruptController;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Intel 8259A programmable interrupt controller, QEMU's "isa-i8259" (hw/intc/i8259.c): a PC has two, the master
 * at 0x20 (INTR to the CPU) and the slave at 0xa0, whose output drives master pin 2.
 *
 * <p>Modelled: the ICW1-ICW4 initialization sequence (single/cascade, ICW4 present, LTIM), OCW1 (mask), OCW2
 * (non-specific, specific and rotating EOI, set priority, rotate in automatic EOI mode), OCW3 (IRR/ISR read select,
 * poll command, special mask mode), automatic EOI and special fully nested mode (ICW4), rotating priorities, edge and
 * level triggering (level when the ELCR bit at {@code elcr_addr}, writable bits {@code elcr_mask}, or ICW1's LTIM is
 * set), and the interrupt-acknowledge cycle ({@link #acknowledge()}) of the master, which fetches a cascaded vector
 * from its slave and answers the spurious vector (IRQ 7, or IRQ 15 for the slave) when the request went away.
 *
 * <p>The master reaches its slave through its {@code slave} link when a board sets it, otherwise through the one
 * slave 8259 on its own ISA bus (QEMU keeps the slave in a file-level variable for this). Reset: QEMU's (all
 * registers cleared, ELCR cleared, output low).
 *
 * <p>Not supported: 8080/8085 mode (ICW4 bit 0 clear behaves as 8086 mode, as in QEMU), buffered mode, and ICW3
 * (accepted and ignored: the cascade is the board's wiring).
 */
public final class I8259 extends Device implements InterruptController {

    public static final String TYPE = "isa-i8259";

    private static final Logger LOG = LoggerFactory.getLogger(I8259.class);

    /** Registers at offset 0: ICW1 when bit 4 is set, OCW3 when bit 3 is set, OCW2 otherwise. */
    private static final int ICW1 = 0x10;
    private static final int ICW1_IC4 = 0x01;
    private static final int ICW1_SNGL = 0x02;
    private static final int ICW1_LTIM = 0x08;
    private static final int OCW3 = 0x08;
    private static final int OCW3_POLL = 0x04;
    private static final int OCW3_RR = 0x02;
    private static final int OCW3_RIS = 0x01;
    private static final int OCW3_ESMM = 0x40;
    private static final int OCW3_SMM = 0x20;
    private static final int ICW4_AEOI = 0x02;
    private static final int ICW4_SFNM = 0x10;
    /** OCW2 commands (bits 7-5). */
    private static final int OCW2_ROTATE_AEOI_CLEAR = 0;
    private static final int OCW2_EOI = 1;
    private static final int OCW2_SPECIFIC_EOI = 3;
    private static final int OCW2_ROTATE_AEOI_SET = 4;
    private static final int OCW2_ROTATE_EOI = 5;
    private static final int OCW2_SET_PRIORITY = 6;
    private static final int OCW2_ROTATE_SPECIFIC_EOI = 7;
    /** Where the next write to offset 1 goes. */
    private static final int NORMAL = 0;
    private static final int EXPECT_ICW2 = 1;
    private static final int EXPECT_ICW3 = 2;
    private static final int EXPECT_ICW4 = 3;
    private static final int CASCADE_PIN = 2;
    private static final int SPURIOUS = 7;
    private static final long NO_PORT = 0xffffffffL;

    /** The guest-visible state (QEMU's PICCommonState fields), for save and restore. */
    public record State(int lastIrr, int irr, int imr, int isr, int priorityAdd, int irqBase, boolean readIsr,
                        boolean poll, boolean specialMask, int initState, boolean autoEoi, boolean rotateOnAutoEoi,
                        boolean specialFullyNested, boolean init4, boolean singleMode, int elcr, boolean ltim) {
    }

    private final IrqLine intr;
    private int lastIrr;
    private int irr;
    private int imr;
    private int isr;
    private int priorityAdd;
    private int irqBase;
    private boolean readIsr;
    private boolean poll;
    private boolean specialMask;
    private int initState;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialFullyNested;
    private boolean init4;
    private boolean singleMode;
    private int elcr;
    private boolean ltim;
    private I8259 slave;
    private boolean reportedNoSlave;

    public I8259(ObjectType type) {
        super(type);
        defineGpioIn("", 8, this::setIrq);
        intr = defineGpioOut("", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(I8259::new)
                .description("Intel 8259A interrupt controller")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false)
                        .property(PropertyDef.uint32("iobase").defaultValue(NO_PORT)
                                .description("command port (two ports); must be set"))
                        .property(PropertyDef.uint32("elcr_addr").defaultValue(NO_PORT)
                                .description("edge/level control register port, or 0xffffffff for none"))
                        .property(PropertyDef.uint8("elcr_mask").defaultValue(0xff)
                                .description("the ELCR bits the guest may set"))
                        .property(PropertyDef.bool("master").defaultValue(false)
                                .description("whether this is the master (its output is the CPU's INTR)"))
                        .property(PropertyDef.link("slave", TYPE).settableAfterRealize()
                                .description("master only: the cascaded slave (default: the slave 8259 on this ISA bus)")))
                .build();
    }

    @Override
    protected void realize() {
        long iobase = getLong("iobase");
        long elcrAddr = getLong("elcr_addr");
        if (iobase > 0xfffe) throw new RealizeException(describe() + ": iobase must be set to an I/O port (0 to 0xfffe)");
        if (elcrAddr != NO_PORT && elcrAddr > 0xffff) {
            throw new RealizeException(describe() + ": elcr_addr must be an I/O port (0 to 0xffff) or 0xffffffff");
        }
        exposeIoPorts(BytePorts.region(this, "pic", 2, this::readPort, this::writePort), iobase);
        if (elcrAddr != NO_PORT) {
            int mask = (int) getLong("elcr_mask");
            exposeIoPorts(BytePorts.region(this, "elcr", 1, o -> elcr, (o, v) -> elcr = v & mask), elcrAddr);
        }
    }

    @Override
    protected void unrealize() {
        slave = null;
    }

    @Override
    public void resetHold(ResetType type) {
        elcr = 0;
        ltim = false;
        initReset();
    }

    public boolean isMaster() {
        return getBool("master");
    }

    // ---- inputs and output ---------------------------------------------------------------------------------------

    /** Input pin {@code pin} changed level (QEMU's pic_set_irq). */
    private void setIrq(int pin, boolean level) {
        int mask = 1 << pin;
        if (levelTriggered(mask)) {
            irr = level ? irr | mask : irr & ~mask;
            lastIrr = level ? lastIrr | mask : lastIrr & ~mask;
        } else {
            if (level && (lastIrr & mask) == 0) irr |= mask;
            lastIrr = level ? lastIrr | mask : lastIrr & ~mask;
        }
        updateOutput();
    }

    private boolean levelTriggered(int mask) {
        return ltim || (elcr & mask) != 0;
    }

    /** The highest priority among {@code mask}'s bits, 0 (highest) to 7; 8 for none. */
    private int priority(int mask) {
        if (mask == 0) return 8;
        int p = 0;
        while ((mask & (1 << ((p + priorityAdd) & 7))) == 0) p++;
        return p;
    }

    /** The pin whose request should be delivered now, or -1 (QEMU's pic_get_irq). */
    private int pendingIrq() {
        int p = priority(irr & ~imr);
        if (p == 8) return -1;
        int inService = isr;
        if (specialMask) inService &= ~imr;
        if (specialFullyNested && isMaster()) inService &= ~(1 << CASCADE_PIN);
        return p < priority(inService) ? (p + priorityAdd) & 7 : -1;
    }

    private void updateOutput() {
        intr.set(pendingIrq() >= 0);
    }

    /** Moves {@code pin} from requested to in service (QEMU's pic_intack). */
    private void intack(int pin) {
        if (autoEoi) {
            if (rotateOnAutoEoi) priorityAdd = (pin + 1) & 7;
        } else {
            isr |= 1 << pin;
        }
        if (!levelTriggered(1 << pin)) irr &= ~(1 << pin);
        updateOutput();
    }

    /**
     * The INTA cycle (QEMU's pic_read_irq), for the master: the vector of the highest pending request, a cascaded
     * request answered by the slave; IRQ 7 of the controller whose request went away when none is left.
     */
    @Override
    public int acknowledge() {
        int pin = pendingIrq();
        if (pin < 0) return irqBase + SPURIOUS;
        int vector;
        I8259 cascaded = pin == CASCADE_PIN && !singleMode ? slave() : null;
        if (cascaded != null) {
            int slavePin = cascaded.pendingIrq();
            if (slavePin >= 0) {
                cascaded.intack(slavePin);
            } else {
                slavePin = SPURIOUS;
            }
            vector = cascaded.irqBase + slavePin;
        } else {
            vector = irqBase + pin;
        }
        intack(pin);
        return vector;
    }

    /** The slave this master cascades to: the link, else the slave 8259 on the same ISA bus. */
    private I8259 slave() {
        I8259 linked = getLink("slave", I8259.class);
        if (linked != null) return linked;
        if (slave != null && slave.isRealized()) return slave;
        slave = null;
        for (Device d : parentBus().devices()) {
            if (d instanceof I8259 p && p != this && !p.isMaster() && p.isRealized()) {
                slave = p;
                break;
            }
        }
        if (slave == null && !reportedNoSlave) {
            reportedNoSlave = true;
            LOG.warn("{}: a cascaded request was acknowledged but there is no slave 8259 to supply its vector", describe());
        }
        return slave;
    }

    // ---- registers -----------------------------------------------------------------------------------------------

    private int readPort(int offset) {
        if (poll) {
            poll = false;
            int pin = pendingIrq();
            if (pin < 0) return 0;
            intack(pin);
            return pin | 0x80;
        }
        if (offset == 0) return readIsr ? isr : irr;
        return imr;
    }

    private void writePort(int offset, int value) {
        if (offset == 0) {
            writeCommand(value);
            return;
        }
        switch (initState) {
            case NORMAL -> {
                imr = value;
                updateOutput();
            }
            case EXPECT_ICW2 -> {
                irqBase = value & 0xf8;
                initState = singleMode ? (init4 ? EXPECT_ICW4 : NORMAL) : EXPECT_ICW3;
            }
            case EXPECT_ICW3 -> initState = init4 ? EXPECT_ICW4 : NORMAL;
            default -> {
                specialFullyNested = (value & ICW4_SFNM) != 0;
                autoEoi = (value & ICW4_AEOI) != 0;
                initState = NORMAL;
            }
        }
    }

    private void writeCommand(int value) {
        if ((value & ICW1) != 0) {
            initReset();
            initState = EXPECT_ICW2;
            init4 = (value & ICW1_IC4) != 0;
            singleMode = (value & ICW1_SNGL) != 0;
            ltim = (value & ICW1_LTIM) != 0;
        } else if ((value & OCW3) != 0) {
            if ((value & OCW3_POLL) != 0) poll = true;
            if ((value & OCW3_RR) != 0) readIsr = (value & OCW3_RIS) != 0;
            if ((value & OCW3_ESMM) != 0) specialMask = (value & OCW3_SMM) != 0;
            updateOutput(); // special mask mode changes what may interrupt (QEMU waits for the next event)
        } else {
            writeOcw2(value);
        }
    }

    private void writeOcw2(int value) {
        int command = value >> 5;
        int pin = value & 7;
        switch (command) {
            case OCW2_ROTATE_AEOI_CLEAR, OCW2_ROTATE_AEOI_SET -> rotateOnAutoEoi = command == OCW2_ROTATE_AEOI_SET;
            case OCW2_EOI, OCW2_ROTATE_EOI -> {
                int p = priority(isr);
                if (p == 8) return;
                int highest = (p + priorityAdd) & 7;
                isr &= ~(1 << highest);
                if (command == OCW2_ROTATE_EOI) priorityAdd = (highest + 1) & 7;
                updateOutput();
            }
            case OCW2_SPECIFIC_EOI -> {
                isr &= ~(1 << pin);
                updateOutput();
            }
            case OCW2_SET_PRIORITY -> {
                priorityAdd = (pin + 1) & 7;
                updateOutput();
            }
            case OCW2_ROTATE_SPECIFIC_EOI -> {
                isr &= ~(1 << pin);
                priorityAdd = (pin + 1) & 7;
                updateOutput();
            }
            default -> { } // 2: no operation
        }
    }

    /** What ICW1 and reset clear (QEMU's pic_reset_common; ELCR and LTIM stay), then the output follows. */
    private void initReset() {
        lastIrr = 0;
        irr &= ltim ? 0xff : elcr;
        imr = 0;
        isr = 0;
        priorityAdd = 0;
        irqBase = 0;
        readIsr = false;
        poll = false;
        specialMask = false;
        initState = NORMAL;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNested = false;
        init4 = false;
        singleMode = false;
        updateOutput();
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    public State state() {
        return new State(lastIrr, irr, imr, isr, priorityAdd, irqBase, readIsr, poll, specialMask, initState, autoEoi,
                rotateOnAutoEoi, specialFullyNested, init4, singleMode, elcr, ltim);
    }

    /** Loads a saved state; the output follows it. */
    public void restore(State s) {
        lastIrr = s.lastIrr() & 0xff;
        irr = s.irr() & 0xff;
        imr = s.imr() & 0xff;
        isr = s.isr() & 0xff;
        priorityAdd = s.priorityAdd() & 7;
        irqBase = s.irqBase() & 0xf8;
        readIsr = s.readIsr();
        poll = s.poll();
        specialMask = s.specialMask();
        initState = Math.clamp(s.initState(), NORMAL, EXPECT_ICW4);
        autoEoi = s.autoEoi();
        rotateOnAutoEoi = s.rotateOnAutoEoi();
        specialFullyNested = s.specialFullyNested();
        init4 = s.init4();
        singleMode = s.singleMode();
        elcr = s.elcr() & 0xff;
        ltim = s.ltim();
        updateOutput();
    }
}
