package org.jemu.core.chardev.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output to one socket client: a bounded queue emptied by a virtual thread, so writers never wait for the peer.
 * Beyond the bound, bytes are dropped.
 */
final class SocketOutput {

    private static final Logger LOG = LoggerFactory.getLogger(SocketOutput.class);
    static final int LIMIT = 1024 * 1024;

    private final String id;
    private final SocketChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean closed;
    private boolean warned;

    SocketOutput(String id, SocketChannel channel) {
        this.id = id;
        this.channel = channel;
        Thread.ofVirtual().name("chardev-" + id + "-out").start(this::drain);
    }

    /** @return how many bytes were queued */
    int offer(byte[] buf, int off, int len) {
        lock.lock();
        try {
            if (closed) {
                return len;
            }
            int n = Math.min(len, LIMIT - pendingBytes);
            if (n < len && !warned) {
                warned = true;
                LOG.warn("Chardev '{}': client does not keep up; dropping output", id);
            }
            if (n > 0) {
                pending.add(ByteBuffer.wrap(Arrays.copyOfRange(buf, off, off + n)));
                pendingBytes += n;
                ready.signal();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        try {
            while (true) {
                ByteBuffer next;
                lock.lock();
                try {
                    while (pending.isEmpty() && !closed) {
                        ready.await();
                    }
                    if (closed) {
                        return;
                    }
                    next = pending.peek();
                } finally {
                    lock.unlock();
                }
                int n = next.remaining();
                while (next.hasRemaining()) {
                    channel.write(next);
                }
                lock.lock();
                try {
                    pending.poll();
                    pendingBytes -= n;
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            LOG.debug("Chardev '{}': write to client failed: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            pending.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
