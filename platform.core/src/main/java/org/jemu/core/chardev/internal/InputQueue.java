package org.jemu.core.chardev.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jemu.core.chardev.ChardevEvent;

/**
 * Input and events in arrival order, filled by reader threads and drained on the loop thread. Readers block
 * while the byte limit is reached, which pushes back on a socket peer instead of losing data.
 */
final class InputQueue {

    static final int LIMIT = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private int headOffset;
    private int bytes;
    private boolean closed;

    /** @return false if closed before everything was queued */
    boolean putBytes(byte[] buf, int off, int len) throws InterruptedException {
        lock.lock();
        try {
            while (bytes >= LIMIT && !closed) {
                space.await();
            }
            if (closed) {
                return false;
            }
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            items.add(copy);
            bytes += len;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void putEvent(ChardevEvent event) {
        lock.lock();
        try {
            if (!closed) {
                items.add(event);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the head item (a ChardevEvent or a byte[] whose unread part starts at {@link #headOffset()}) */
    Object peek() {
        lock.lock();
        try {
            return items.peek();
        } finally {
            lock.unlock();
        }
    }

    int headOffset() {
        lock.lock();
        try {
            return headOffset;
        } finally {
            lock.unlock();
        }
    }

    /** Removes an event at the head. */
    void popEvent() {
        lock.lock();
        try {
            items.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks n bytes of the head chunk as delivered. */
    void consume(int n) {
        lock.lock();
        try {
            byte[] head = (byte[]) items.peek();
            headOffset += n;
            bytes -= n;
            if (headOffset >= head.length) {
                items.poll();
                headOffset = 0;
            }
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            items.clear();
            bytes = 0;
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
