package org.jemu.plugin.pc.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qdev.IrqLine;

/**
 * The byte queue of a PS/2 device towards its controller, with the device's "data ready" line (QEMU's PS2State queue,
 * hw/input/ps2.c): at most {@value #SIZE} bytes of input data, plus command replies that go in front of them
 * ({@link #reply}) and replace unread earlier replies ({@link #dropReplies}). Reading an empty queue returns the last
 * byte again, as QEMU does for EMM386.
 */
final class Ps2Queue {

    /** Queued input bytes the PS/2 protocol requires room for. */
    static final int SIZE = 16;
    private static final int BUFFER = 256;
    private static final int MASK = BUFFER - 1;

    /** The queue for save and restore: bytes in read order (the first {@code replies} of them command replies). */
    record State(List<Integer> bytes, int replies, int lastRead) {
    }

    private final IrqLine ready;
    private final byte[] data = new byte[BUFFER];
    private int rptr;
    private int wptr;
    /** End of the command replies in front of the queue, -1 when there are none. */
    private int cwptr = -1;
    private int count;

    Ps2Queue(IrqLine ready) {
        this.ready = ready;
    }

    /** Empties the queue (the line is left alone). */
    void clear() {
        rptr = 0;
        wptr = 0;
        cwptr = -1;
        count = 0;
    }

    /** Empties the queue and lowers the line (QEMU's ps2_reset). */
    void reset() {
        clear();
        ready.lower();
    }

    int size() {
        return count;
    }

    boolean hasRoom(int n) {
        return SIZE - count >= n;
    }

    /** Appends without signalling; the caller checked {@link #hasRoom} and calls {@link #signal} after. */
    void put(int b) {
        data[wptr] = (byte) b;
        wptr = (wptr + 1) & MASK;
        count++;
    }

    void signal() {
        ready.raise();
    }

    /** Appends one byte if there is room, and signals. */
    void queue(int b) {
        if (!hasRoom(1)) return;
        put(b);
        signal();
    }

    /** Appends {@code n} bytes (packed little-endian in {@code bytes}) if there is room for all, and signals. */
    void queue(int n, int bytes) {
        if (!hasRoom(n)) return;
        for (int i = 0; i < n; i++) put(bytes >>> 8 * i);
        signal();
    }

    /** Puts {@code n} command reply bytes (packed little-endian) in front of the queued data, and signals. */
    void reply(int n, int bytes) {
        rptr = (rptr - n) & MASK;
        cwptr = rptr;
        for (int i = 0; i < n; i++) {
            data[cwptr] = (byte) (bytes >>> 8 * i);
            cwptr = (cwptr + 1) & MASK;
            count++;
        }
        signal();
    }

    /** Drops command replies not read yet (a new command was written). */
    void dropReplies() {
        if (cwptr == -1) return;
        count -= (cwptr - rptr) & MASK;
        rptr = cwptr;
        cwptr = -1;
    }

    /** The next byte; the line drops, and rises again if more are left (QEMU's ps2_read_data). */
    int read() {
        if (count == 0) return data[(rptr - 1) & MASK] & 0xff;
        int value = data[rptr] & 0xff;
        rptr = (rptr + 1) & MASK;
        count--;
        if (rptr == cwptr) cwptr = -1;
        ready.lower();
        if (count != 0) ready.raise();
        return value;
    }

    State state() {
        List<Integer> bytes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) bytes.add(data[(rptr + i) & MASK] & 0xff);
        int replies = cwptr == -1 ? 0 : (cwptr - rptr) & MASK;
        return new State(List.copyOf(bytes), replies, data[(rptr - 1) & MASK] & 0xff);
    }

    /** Loads a saved queue (clipped to what the queue can hold); the line is left alone. */
    void restore(State s) {
        int replies = Math.clamp(s.replies(), 0, Math.min(s.bytes().size(), SIZE));
        int n = Math.min(s.bytes().size(), replies + SIZE);
        rptr = 1;
        data[0] = (byte) s.lastRead();
        for (int i = 0; i < n; i++) data[(rptr + i) & MASK] = (byte) (int) s.bytes().get(i);
        count = n;
        wptr = (rptr + n) & MASK;
        cwptr = replies == 0 ? -1 : (rptr + replies) & MASK;
    }
}
