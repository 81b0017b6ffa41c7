package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The i8042 keyboard controller with a PS/2 keyboard and mouse, QEMU's "i8042" (hw/input/pckbd.c with
 * extended-state=on): data port 0x60, status/command port 0x64; unnamed GPIO outputs 0 (keyboard, IRQ 1) and 1 (mouse,
 * IRQ 12), enabled by command byte bits 0 and 1; output {@code "a20"[0]} follows output port bit 1.
 *
 * <p>Controller commands: read/write command byte (0x20/0x60; bit 6 turns set 2 to set 1 translation on), self test
 * (0xAA, answers 0x55), interface tests (0xAB, 0xA9, answer 0), disable/enable keyboard and mouse interfaces
 * (0xAD/0xAE, 0xA7/0xA8), read input port (0xC0), read/write output port (0xD0/0xD1: bit 1 A20, bit 0 clear resets
 * the machine), write keyboard/mouse output buffer (0xD2/0xD3), write to the mouse (0xD4), A20 off/on (0xDD/0xDF),
 * pulse output port (0xF0-0xFF: bit 0 clear resets the machine). Other commands are ignored and logged at debug level
 * as guest errors. Controller replies have their own output buffer slot, ahead of device data (QEMU's extended state;
 * the {@code extended-state} property is not offered because it is always on). Status bit 3 tells whether the last
 * write went to the command port. The devices' own behaviour is in {@link Ps2Keyboard} and {@link Ps2Mouse}.
 *
 * <p>Host input: {@link #keyboardInput} (scan code set 2 bytes) and {@link #mouseInput} (relative motion, buttons),
 * called with the global lock held, as device register accesses are.
 *
 * <p>Not supported: QEMU's {@code kbd-throttle} (the 1 ms pause between keyboard bytes), the password and keylock
 * features of real controllers, and the MMIO variant ("i8042-mmio").
 */
public final class I8042 extends Device {

    public static final String TYPE = "i8042";

    /** Mouse button bits for {@link #mouseInput}: left, right, middle, and the IntelliMouse Explorer's 4th and 5th. */
    public static final int BUTTON_LEFT = 0x01;
    public static final int BUTTON_RIGHT = 0x02;
    public static final int BUTTON_MIDDLE = 0x04;
    public static final int BUTTON_SIDE = 0x08;
    public static final int BUTTON_EXTRA = 0x10;

    private static final Logger LOG = LoggerFactory.getLogger(I8042.class);
    private static final int DATA_PORT = 0x60;
    private static final int COMMAND_PORT = 0x64;

    private static final int CCMD_READ_MODE = 0x20;
    private static final int CCMD_WRITE_MODE = 0x60;
    private static final int CCMD_MOUSE_DISABLE = 0xa7;
    private static final int CCMD_MOUSE_ENABLE = 0xa8;
    private static final int CCMD_TEST_MOUSE = 0xa9;
    private static final int CCMD_SELF_TEST = 0xaa;
    private static final int CCMD_KBD_TEST = 0xab;
    private static final int CCMD_KBD_DISABLE = 0xad;
    private static final int CCMD_KBD_ENABLE = 0xae;
    private static final int CCMD_READ_INPORT = 0xc0;
    private static final int CCMD_READ_OUTPORT = 0xd0;
    private static final int CCMD_WRITE_OUTPORT = 0xd1;
    private static final int CCMD_WRITE_OBUF = 0xd2;
    private static final int CCMD_WRITE_AUX_OBUF = 0xd3;
    private static final int CCMD_WRITE_MOUSE = 0xd4;
    private static final int CCMD_DISABLE_A20 = 0xdd;
    private static final int CCMD_ENABLE_A20 = 0xdf;
    private static final int CCMD_PULSE_BITS_3_0 = 0xf0;
    private static final int SELF_TEST_OK = 0x55;
    private static final int INTERFACE_OK = 0x00;
    /** Input port: keyboard not inhibited. */
    private static final int INPORT = 0x80;

    private static final int STAT_OBF = 0x01;
    private static final int STAT_SELFTEST = 0x04;
    private static final int STAT_CMD = 0x08;
    private static final int STAT_UNLOCKED = 0x10;
    private static final int STAT_MOUSE_OBF = 0x20;

    private static final int MODE_KBD_INT = 0x01;
    private static final int MODE_MOUSE_INT = 0x02;
    private static final int MODE_DISABLE_KBD = 0x10;
    private static final int MODE_DISABLE_MOUSE = 0x20;
    private static final int MODE_KCC = 0x40;

    private static final int OUT_RESET = 0x01;
    private static final int OUT_A20 = 0x02;
    private static final int OUT_OBF = 0x10;
    private static final int OUT_MOUSE_OBF = 0x20;
    /** Bits QEMU keeps set in its default output port value. */
    private static final int OUT_ONES = 0xcc;

    /** Who has data for the output buffer. */
    private static final int PENDING_CTRL_KBD = 0x04;
    private static final int PENDING_CTRL_AUX = 0x08;
    private static final int PENDING_KBD = 0x10;
    private static final int PENDING_AUX = 0x20;
    /** Where the byte in the output buffer comes from. */
    private static final int OBSRC_KBD = 0x01;
    private static final int OBSRC_MOUSE = 0x02;
    private static final int OBSRC_CTRL = 0x04;

    /** The controller with its two devices, for save and restore. */
    public record State(int writeCmd, int status, int mode, int outport, int pending, int obsrc, int obdata, int cbdata,
                        Ps2Keyboard.State keyboard, Ps2Mouse.State mouse) {
    }

    private final IrqLine kbdIrq;
    private final IrqLine mouseIrq;
    private final IrqLine a20;
    private final Ps2Keyboard keyboard = new Ps2Keyboard(level -> setPending(PENDING_KBD, level));
    private final Ps2Mouse mouse = new Ps2Mouse(level -> setPending(PENDING_AUX, level));
    private int writeCmd;
    private int status = STAT_CMD | STAT_UNLOCKED;
    private int mode = MODE_KBD_INT | MODE_MOUSE_INT;
    private int outport = OUT_RESET | OUT_A20 | OUT_ONES;
    private int pending;
    private int obsrc;
    private int obdata;
    private int cbdata;

    public I8042(ObjectType type) {
        super(type);
        IrqLine[] irqs = defineGpioOut("", 2);
        kbdIrq = irqs[0];
        mouseIrq = irqs[1];
        a20 = defineGpioOut("a20", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(I8042::new)
                .description("i8042 PS/2 keyboard and mouse controller")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.INPUT).set(USER_CREATABLE, false))
                .build();
    }

    @Override
    protected void realize() {
        exposeIoPorts(BytePorts.region(this, "i8042-data", 1, o -> readData(), (o, v) -> writeData(v)), DATA_PORT);
        exposeIoPorts(BytePorts.region(this, "i8042-cmd", 1, o -> status, (o, v) -> writeCommand(v)), COMMAND_PORT);
    }

    /** QEMU's kbd_reset and the PS/2 devices' resets: interrupts off, buffers empty, A20 bit set (line untouched). */
    @Override
    public void resetHold(ResetType type) {
        keyboard.reset();
        mouse.reset();
        mode = MODE_KBD_INT | MODE_MOUSE_INT;
        status = STAT_CMD | STAT_UNLOCKED;
        outport = OUT_RESET | OUT_A20 | OUT_ONES;
        pending = 0;
        writeCmd = 0;
        deassertIrq();
    }

    // ---- host input --------------------------------------------------------------------------------------------------

    /**
     * One byte of a key's scan code in set 2 (make code, {@code 0xE0}/{@code 0xE1} prefix or {@code 0xF0} break
     * prefix), as a keyboard sends it; the guest receives it in the scan code set it selected, translated to set 1 if
     * the command byte asks for it.
     */
    public void keyboardInput(int set2Byte) {
        keyboard.putKeycode(set2Byte);
    }

    /**
     * Mouse motion and buttons: {@code dx} right, {@code dy} down (screen direction), {@code dz} wheel steps towards
     * the user, {@code buttons} the {@code BUTTON_*} bits held now. Dropped while the guest has reporting disabled.
     */
    public void mouseInput(int dx, int dy, int dz, int buttons) {
        mouse.move(dx, dy, dz, buttons);
    }

    /** The keyboard LEDs the guest set: bit 0 scroll lock, 1 num lock, 2 caps lock. */
    public int keyboardLeds() {
        return keyboard.leds();
    }

    // ---- output buffer and interrupts ---------------------------------------------------------------------------------

    /** What may fill the output buffer: device data only while its interface is enabled. */
    private int pending() {
        int p = pending;
        if ((mode & MODE_DISABLE_KBD) != 0) p &= ~PENDING_KBD;
        if ((mode & MODE_DISABLE_MOUSE) != 0) p &= ~PENDING_AUX;
        return p;
    }

    private void updateIrqLines() {
        boolean full = (status & STAT_OBF) != 0;
        boolean fromMouse = (status & STAT_MOUSE_OBF) != 0;
        kbdIrq.set(full && !fromMouse && (mode & MODE_KBD_INT) != 0 && (mode & MODE_DISABLE_KBD) == 0);
        mouseIrq.set(full && fromMouse && (mode & MODE_MOUSE_INT) != 0);
    }

    private void deassertIrq() {
        status &= ~(STAT_OBF | STAT_MOUSE_OBF);
        outport &= ~(OUT_OBF | OUT_MOUSE_OBF);
        updateIrqLines();
    }

    /** Fills the output buffer from the highest-priority source: controller replies, keyboard, mouse. */
    private void updateIrq() {
        int p = pending();
        status &= ~(STAT_OBF | STAT_MOUSE_OBF);
        outport &= ~(OUT_OBF | OUT_MOUSE_OBF);
        if (p != 0) {
            status |= STAT_OBF;
            outport |= OUT_OBF;
            boolean fromMouse = (p & PENDING_CTRL_KBD) == 0
                    && ((p & PENDING_CTRL_AUX) != 0 || (p & PENDING_KBD) == 0);
            if (fromMouse) {
                status |= STAT_MOUSE_OBF;
                outport |= OUT_MOUSE_OBF;
            }
            obsrc = (p & (PENDING_CTRL_KBD | PENDING_CTRL_AUX)) != 0 ? OBSRC_CTRL
                    : (p & PENDING_KBD) != 0 ? OBSRC_KBD : OBSRC_MOUSE;
        }
        updateIrqLines();
    }

    /** Refills the output buffer only when it is empty (QEMU's kbd_safe_update_irq). */
    private void safeUpdateIrq() {
        if ((status & STAT_OBF) != 0) return;
        if (pending() != 0) updateIrq();
    }

    private void setPending(int source, boolean level) {
        pending = level ? pending | source : pending & ~source;
        safeUpdateIrq();
    }

    /** A controller reply, as if it came from the keyboard or, with {@code aux}, the mouse. */
    private void reply(int value, boolean aux) {
        cbdata = value & 0xff;
        pending = pending & ~(PENDING_CTRL_KBD | PENDING_CTRL_AUX) | (aux ? PENDING_CTRL_AUX : PENDING_CTRL_KBD);
        safeUpdateIrq();
    }

    private int takeReply() {
        pending &= ~(PENDING_CTRL_KBD | PENDING_CTRL_AUX);
        if (pending() != 0) updateIrq();
        return cbdata;
    }

    // ---- registers -----------------------------------------------------------------------------------------------

    private int readData() {
        if ((status & STAT_OBF) != 0) {
            deassertIrq();
            obdata = switch (obsrc) {
                case OBSRC_KBD -> keyboard.read();
                case OBSRC_MOUSE -> mouse.read();
                case OBSRC_CTRL -> takeReply();
                default -> obdata;
            };
        }
        return obdata;
    }

    private void writeCommand(int value) {
        status |= STAT_CMD;
        int command = value;
        if ((command & CCMD_PULSE_BITS_3_0) == CCMD_PULSE_BITS_3_0) {
            // pulse output port bits 3-0 low where the command's bits are 0; only bit 0 (reset) does anything
            if ((command & OUT_RESET) == 0) system().requestReset();
            return;
        }
        switch (command) {
            case CCMD_READ_MODE -> reply(mode, false);
            case CCMD_WRITE_MODE, CCMD_WRITE_OBUF, CCMD_WRITE_AUX_OBUF, CCMD_WRITE_MOUSE, CCMD_WRITE_OUTPORT ->
                    writeCmd = command;
            case CCMD_MOUSE_DISABLE -> mode |= MODE_DISABLE_MOUSE;
            case CCMD_MOUSE_ENABLE -> {
                mode &= ~MODE_DISABLE_MOUSE;
                safeUpdateIrq();
            }
            case CCMD_TEST_MOUSE, CCMD_KBD_TEST -> reply(INTERFACE_OK, false);
            case CCMD_SELF_TEST -> {
                status |= STAT_SELFTEST;
                reply(SELF_TEST_OK, false);
            }
            case CCMD_KBD_DISABLE -> mode |= MODE_DISABLE_KBD;
            case CCMD_KBD_ENABLE -> {
                mode &= ~MODE_DISABLE_KBD;
                safeUpdateIrq();
            }
            case CCMD_READ_INPORT -> reply(INPORT, false);
            case CCMD_READ_OUTPORT -> reply(outport, false);
            case CCMD_ENABLE_A20 -> {
                a20.raise();
                outport |= OUT_A20;
            }
            case CCMD_DISABLE_A20 -> {
                a20.lower();
                outport &= ~OUT_A20;
            }
            default -> LOG.debug("{}: guest error: unsupported controller command 0x{}", describe(),
                    Integer.toHexString(command));
        }
    }

    private void writeData(int value) {
        status &= ~STAT_CMD;
        int command = writeCmd;
        writeCmd = 0;
        switch (command) {
            case 0 -> {
                keyboard.write(value);
                mode &= ~MODE_DISABLE_KBD; // sending to the keyboard enables its interface
                safeUpdateIrq();
            }
            case CCMD_WRITE_MODE -> {
                mode = value;
                keyboard.setTranslation((mode & MODE_KCC) != 0);
                updateIrqLines();
                safeUpdateIrq();
            }
            case CCMD_WRITE_OBUF -> reply(value, false);
            case CCMD_WRITE_AUX_OBUF -> reply(value, true);
            case CCMD_WRITE_OUTPORT -> writeOutport(value);
            case CCMD_WRITE_MOUSE -> {
                mouse.write(value);
                mode &= ~MODE_DISABLE_MOUSE; // sending to the mouse enables its interface
                safeUpdateIrq();
            }
            default -> { } // writeCmd only ever holds the commands above
        }
    }

    private void writeOutport(int value) {
        outport = value;
        a20.set((value & OUT_A20) != 0);
        if ((value & OUT_RESET) == 0) system().requestReset();
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    public State state() {
        return new State(writeCmd, status, mode, outport, pending, obsrc, obdata, cbdata, keyboard.state(), mouse.state());
    }

    /** Loads a saved state; the interrupt lines follow it (the A20 line is left as it is). */
    public void restore(State s) {
        keyboard.restore(s.keyboard());
        mouse.restore(s.mouse());
        writeCmd = s.writeCmd() & 0xff;
        status = s.status() & 0xff;
        mode = s.mode() & 0xff;
        outport = s.outport() & 0xff;
        pending = s.pending() & (PENDING_CTRL_KBD | PENDING_CTRL_AUX | PENDING_KBD | PENDING_AUX);
        obsrc = s.obsrc();
        obdata = s.obdata() & 0xff;
        cbdata = s.cbdata() & 0xff;
        updateIrqLines();
    }
}
