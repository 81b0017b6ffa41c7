package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.IrqLine;

/**
 * A PS/2 mouse behind the i8042's auxiliary port (QEMU's "ps2-mouse", hw/input/ps2.c): its commands (reset, defaults,
 * sample rate, resolution, scaling, status request, stream and remote modes, poll, wrap mode, enable and disable
 * reporting, get ID), the IntelliMouse (ID 3) and IntelliMouse Explorer (ID 4) detection by sample-rate sequences,
 * and movement packets. Horizontal wheel reports (QEMU's IMEX extension) are not supported.
 */
final class Ps2Mouse {

    private static final int SET_SCALE11 = 0xe6;
    private static final int SET_SCALE21 = 0xe7;
    private static final int SET_RES = 0xe8;
    private static final int GET_SCALE = 0xe9;
    private static final int SET_STREAM = 0xea;
    private static final int POLL = 0xeb;
    private static final int RESET_WRAP = 0xec;
    private static final int SET_WRAP = 0xee;
    private static final int SET_REMOTE = 0xf0;
    private static final int GET_TYPE = 0xf2;
    private static final int SET_SAMPLE = 0xf3;
    private static final int ENABLE_DEV = 0xf4;
    private static final int DISABLE_DEV = 0xf5;
    private static final int SET_DEFAULT = 0xf6;
    private static final int RESET = 0xff;
    private static final int ACK = 0xfa;
    private static final int REPLY_POR = 0xaa;
    private static final int STATUS_REMOTE = 0x40;
    private static final int STATUS_ENABLED = 0x20;
    private static final int STATUS_SCALE21 = 0x10;
    private static final int TYPE_PS2 = 0;
    private static final int TYPE_IMPS2 = 3;
    private static final int TYPE_IMEX = 4;
    private static final int NO_COMMAND = -1;

    /** The mouse for save and restore. */
    record State(Ps2Queue.State queue, int writeCmd, int status, int resolution, int sampleRate, boolean wrap,
                 int type, int detectState, int dx, int dy, int dz, int buttons) {
    }

    private final Ps2Queue queue;
    private int writeCmd = NO_COMMAND;
    private int status;
    private int resolution;
    private int sampleRate;
    private boolean wrap;
    private int type;
    private int detectState;
    private int dx;
    private int dy;
    private int dz;
    private int buttons;

    Ps2Mouse(IrqLine dataReady) {
        queue = new Ps2Queue(dataReady);
    }

    /** Power-on state (QEMU's ps2_mouse_reset); the data line drops. */
    void reset() {
        writeCmd = NO_COMMAND;
        queue.reset();
        status = 0;
        resolution = 0;
        sampleRate = 0;
        wrap = false;
        type = TYPE_PS2;
        detectState = 0;
        dx = 0;
        dy = 0;
        dz = 0;
        buttons = 0;
    }

    int read() {
        return queue.read();
    }

    boolean hasData() {
        return queue.size() != 0;
    }

    /**
     * Movement from the host: {@code dx} right, {@code dy} down (screen direction), {@code dz} wheel steps towards
     * the user, {@code buttons} the {@link I8042}{@code .BUTTON_*} bits held now. Ignored while reporting is disabled; in stream mode
     * packets go out at once (several if the motion exceeds a packet's range), in remote mode they wait for a poll.
     */
    void move(int dx, int dy, int dz, int buttons) {
        if ((status & STATUS_ENABLED) == 0) return;
        this.dx += dx;
        this.dy -= dy;
        this.dz += dz;
        this.buttons = buttons & 0x1f;
        if ((status & STATUS_REMOTE) != 0) return;
        while (sendPacket()) {
            if (this.dx == 0 && this.dy == 0 && this.dz == 0) break;
        }
    }

    /** One movement packet from the accumulated motion, if it fits (QEMU's ps2_mouse_send_packet). */
    private boolean sendPacket() {
        int size = type == TYPE_PS2 ? 3 : 4;
        if (!queue.hasRoom(size)) return false;
        int x = Math.clamp(dx, -127, 127);
        int y = Math.clamp(dy, -127, 127);
        queue.put(0x08 | (x < 0 ? 0x10 : 0) | (y < 0 ? 0x20 : 0) | buttons & 0x07);
        queue.put(x);
        queue.put(y);
        if (type == TYPE_IMPS2) {
            int z = Math.clamp(dz, -127, 127);
            queue.put(z);
            dz -= z;
        } else if (type == TYPE_IMEX) {
            int z = Math.clamp(dz, -7, 7);
            queue.put(z & 0x0f | (buttons & 0x18) << 1);
            dz -= z;
        } else {
            dz = 0;
        }
        queue.signal();
        dx -= x;
        dy -= y;
        return true;
    }

    /** A byte from the controller (after command 0xD4; QEMU's ps2_write_mouse). */
    void write(int value) {
        int command = writeCmd;
        writeCmd = NO_COMMAND;
        if (command == SET_SAMPLE) {
            sampleRate = value;
            detectWheel(value);
            queue.queue(ACK);
        } else if (command == SET_RES) {
            resolution = value;
            queue.queue(ACK);
        } else if (wrap && value != RESET_WRAP && value != RESET) {
            queue.queue(value);
        } else {
            command(value);
        }
    }

    private void command(int value) {
        switch (value) {
            case RESET_WRAP -> {
                if (!wrap) return; // not a command outside wrap mode: no reply, as in QEMU
                wrap = false;
                queue.queue(ACK);
            }
            case SET_SCALE11 -> ack(status & ~STATUS_SCALE21);
            case SET_SCALE21 -> ack(status | STATUS_SCALE21);
            case SET_STREAM -> ack(status & ~STATUS_REMOTE);
            case SET_REMOTE -> ack(status | STATUS_REMOTE);
            case ENABLE_DEV -> ack(status | STATUS_ENABLED);
            case DISABLE_DEV -> ack(status & ~STATUS_ENABLED);
            case SET_WRAP -> {
                wrap = true;
                queue.queue(ACK);
            }
            case GET_TYPE -> queue.queue(2, ACK | type << 8);
            case SET_RES, SET_SAMPLE -> {
                writeCmd = value;
                queue.queue(ACK);
            }
            case GET_SCALE -> queue.queue(4, ACK | status << 8 | (resolution & 0xff) << 16 | (sampleRate & 0xff) << 24);
            case POLL -> {
                queue.queue(ACK);
                sendPacket();
            }
            case SET_DEFAULT -> {
                defaults();
                queue.queue(ACK);
            }
            case RESET -> {
                defaults();
                wrap = false;
                type = TYPE_PS2;
                queue.clear();
                queue.queue(3, ACK | REPLY_POR << 8 | type << 16);
            }
            default -> { } // unknown commands get no reply, as in QEMU
        }
    }

    private void ack(int newStatus) {
        status = newStatus;
        queue.queue(ACK);
    }

    private void defaults() {
        sampleRate = 100;
        resolution = 2;
        status = 0;
    }

    /** Sample rates 200, 100, 80 select the IntelliMouse; 200, 200, 80 the IntelliMouse Explorer. */
    private void detectWheel(int rate) {
        detectState = switch (detectState) {
            case 1 -> rate == 100 ? 2 : rate == 200 ? 3 : 0;
            case 2, 3 -> {
                if (rate == 80) type = detectState == 2 ? TYPE_IMPS2 : TYPE_IMEX;
                yield 0;
            }
            default -> rate == 200 ? 1 : 0;
        };
    }

    State state() {
        return new State(queue.state(), writeCmd, status, resolution, sampleRate, wrap, type, detectState, dx, dy, dz,
                buttons);
    }

    void restore(State s) {
        queue.restore(s.queue());
        writeCmd = s.writeCmd();
        status = s.status() & (STATUS_REMOTE | STATUS_ENABLED | STATUS_SCALE21);
        resolution = s.resolution() & 0xff;
        sampleRate = s.sampleRate() & 0xff;
        wrap = s.wrap();
        type = s.type() == TYPE_IMPS2 || s.type() == TYPE_IMEX ? s.type() : TYPE_PS2;
        detectState = Math.clamp(s.detectState(), 0, 3);
        dx = s.dx();
        dy = s.dy();
        dz = s.dz();
        buttons = s.buttons() & 0x1f;
    }
}
