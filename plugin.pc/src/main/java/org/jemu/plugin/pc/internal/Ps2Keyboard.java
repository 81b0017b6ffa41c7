package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.IrqLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PS/2 (MF2) keyboard behind the i8042 (QEMU's "ps2-kbd", hw/input/ps2.c): its commands, its command replies,
 * scan code sets, and the controller's set 2 to set 1 translation (done here, as in QEMU, when the controller's command
 * byte asks for it).
 *
 * <p>Keys arrive as scan code set 2 bytes ({@link #putKeycode}, make codes, {@code 0xE0}/{@code 0xE1} prefixes and
 * {@code 0xF0} break prefixes). In set 2 they go out as they are, or translated to set 1 when translation is on; in
 * set 1 the keyboard sends set 1 codes itself. Set 3 can be selected and reported, but key input in set 3 is not
 * supported (dropped, logged once). Typematic repeat is not generated (the host repeats keys); the rate byte is
 * acknowledged and ignored, as in QEMU.
 */
final class Ps2Keyboard {

    private static final Logger LOG = LoggerFactory.getLogger(Ps2Keyboard.class);

    private static final int CMD_SET_LEDS = 0xed;
    private static final int CMD_ECHO = 0xee;
    private static final int CMD_SCANCODE = 0xf0;
    private static final int CMD_GET_ID = 0xf2;
    private static final int CMD_SET_RATE = 0xf3;
    private static final int CMD_ENABLE = 0xf4;
    private static final int CMD_RESET_DISABLE = 0xf5;
    private static final int CMD_RESET_ENABLE = 0xf6;
    private static final int CMD_SET_TYPEMATIC = 0xfa;
    private static final int CMD_SET_MAKE_BREAK = 0xfc;
    private static final int CMD_RESET = 0xff;
    private static final int REPLY_POR = 0xaa;
    private static final int REPLY_ID = 0xab;
    private static final int REPLY_ACK = 0xfa;
    private static final int REPLY_RESEND = 0xfe;
    /** The MF2 keyboard's ID bytes after 0xAB: translated, untranslated. */
    private static final int ID_TRANSLATED = 0x41;
    private static final int ID_RAW = 0x83;
    private static final int BREAK_PREFIX = 0xf0;
    private static final int NO_COMMAND = -1;

    /** The 8042's scan code translation (set 2 to set 1) for codes 0x00-0x87; codes above map to themselves. */
    private static final int[] TRANSLATE = {
        0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
        0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
        0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
        0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
        0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
        0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
        0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
        0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
        0x80, 0x81, 0x82, 0x41, 0x54, 0x85, 0x86, 0x87,
    };

    /** The keyboard for save and restore. */
    record State(Ps2Queue.State queue, int writeCmd, boolean scanEnabled, boolean translate, int scancodeSet,
                 int leds, boolean translateRelease, boolean set1Release) {
    }

    private final Ps2Queue queue;
    private int writeCmd = NO_COMMAND;
    private boolean scanEnabled = true;
    private boolean translate;
    private int scancodeSet = 2;
    private int leds;
    /** A break prefix was swallowed by the controller's translation, or by the keyboard's own set 1 conversion. */
    private boolean translateRelease;
    private boolean set1Release;
    private boolean reportedSet3;

    Ps2Keyboard(IrqLine dataReady) {
        queue = new Ps2Queue(dataReady);
    }

    /** Set 2 code {@code code} (0..0xff) translated to set 1 (one byte). */
    static int translate(int code) {
        return code < TRANSLATE.length ? TRANSLATE[code] : code;
    }

    /** Power-on state (QEMU's ps2_kbd_reset); the data line drops. */
    void reset() {
        writeCmd = NO_COMMAND;
        queue.reset();
        scanEnabled = true;
        translate = false;
        scancodeSet = 2;
        translateRelease = false;
        set1Release = false;
    }

    int read() {
        return queue.read();
    }

    boolean hasData() {
        return queue.size() != 0;
    }

    /** The LED byte the guest last set (bit 0 scroll lock, 1 num lock, 2 caps lock). */
    int leds() {
        return leds;
    }

    /** The controller's command byte bit 6 (QEMU's ps2_keyboard_set_translation). */
    void setTranslation(boolean on) {
        translate = on;
    }

    /** One byte of a key's scan code in set 2, from the host. Dropped while scanning is disabled. */
    void putKeycode(int set2) {
        if (!scanEnabled) return;
        int code = set2 & 0xff;
        if (scancodeSet == 3) {
            if (!reportedSet3) {
                reportedSet3 = true;
                LOG.debug("PS/2 keyboard: key input in scan code set 3 is not supported; keys are dropped");
            }
            return;
        }
        if (scancodeSet == 1) {
            if (code == BREAK_PREFIX) {
                set1Release = true;
                return;
            }
            code = translate(code) | (set1Release ? 0x80 : 0);
            set1Release = false;
        }
        sendToController(code);
    }

    private void sendToController(int code) {
        if (!translate) {
            queue.queue(code);
        } else if (code == BREAK_PREFIX) {
            translateRelease = true;
        } else {
            queue.queue(translate(code) | (translateRelease ? 0x80 : 0));
            translateRelease = false;
        }
    }

    /** A byte from the controller (QEMU's ps2_write_keyboard): a command, or a command's parameter. */
    void write(int value) {
        queue.dropReplies();
        int command = writeCmd;
        writeCmd = NO_COMMAND;
        switch (command) {
            case CMD_SET_MAKE_BREAK, CMD_SET_RATE -> queue.reply(1, REPLY_ACK);
            case CMD_SET_LEDS -> {
                leds = value;
                queue.reply(1, REPLY_ACK);
            }
            case CMD_SCANCODE -> {
                if (value == 0) {
                    queue.reply(2, REPLY_ACK | (translate ? translate(scancodeSet) : scancodeSet) << 8);
                } else if (value >= 1 && value <= 3) {
                    scancodeSet = value;
                    queue.reply(1, REPLY_ACK);
                } else {
                    queue.reply(1, REPLY_RESEND);
                }
            }
            default -> command(value);
        }
    }

    private void command(int value) {
        switch (value) {
            case 0x00 -> queue.reply(1, REPLY_ACK);
            case 0x05 -> queue.reply(1, REPLY_RESEND);
            case CMD_GET_ID -> queue.reply(3, REPLY_ACK | REPLY_ID << 8 | (translate ? ID_TRANSLATED : ID_RAW) << 16);
            case CMD_ECHO -> queue.reply(1, CMD_ECHO);
            case CMD_ENABLE -> {
                scanEnabled = true;
                queue.reply(1, REPLY_ACK);
            }
            case CMD_SCANCODE, CMD_SET_LEDS, CMD_SET_RATE, CMD_SET_MAKE_BREAK -> {
                writeCmd = value;
                queue.reply(1, REPLY_ACK);
            }
            case CMD_RESET_DISABLE, CMD_RESET_ENABLE -> {
                resetKeyboard();
                scanEnabled = value == CMD_RESET_ENABLE;
                queue.reply(1, REPLY_ACK);
            }
            case CMD_RESET -> {
                resetKeyboard();
                queue.reply(2, REPLY_ACK | REPLY_POR << 8);
            }
            case CMD_SET_TYPEMATIC -> queue.reply(1, REPLY_ACK);
            default -> queue.reply(1, REPLY_RESEND);
        }
    }

    /** The keyboard's own reset (QEMU's ps2_reset_keyboard): defaults, empty queue, LEDs off. */
    private void resetKeyboard() {
        scanEnabled = true;
        scancodeSet = 2;
        queue.clear();
        leds = 0;
    }

    State state() {
        return new State(queue.state(), writeCmd, scanEnabled, translate, scancodeSet, leds, translateRelease, set1Release);
    }

    void restore(State s) {
        queue.restore(s.queue());
        writeCmd = s.writeCmd();
        scanEnabled = s.scanEnabled();
        translate = s.translate();
        scancodeSet = Math.clamp(s.scancodeSet(), 1, 3);
        leds = s.leds() & 0xff;
        translateRelease = s.translateRelease();
        set1Release = s.set1Release();
    }
}
