package org.jemu.core.event.internal;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import org.jemu.core.event.IoHandler;
import org.jemu.core.event.IoWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A selector registration; the key's attachment is this watch. */
final class IoWatchImpl implements IoWatch {

    private static final Logger LOG = LoggerFactory.getLogger(IoWatchImpl.class);

    private final SelectionKey key;
    private final IoHandler handler;
    private final Runnable wakeup;

    IoWatchImpl(SelectionKey key, IoHandler handler, Runnable wakeup) {
        this.key = key;
        this.handler = handler;
        this.wakeup = wakeup;
    }

    @Override
    public SelectableChannel channel() {
        return key.channel();
    }

    @Override
    public void setInterest(boolean read, boolean write) {
        int ops = (read ? readOps() : 0) | (write ? SelectionKey.OP_WRITE & key.channel().validOps() : 0);
        try {
            key.interestOps(ops);
        } catch (CancelledKeyException e) {
            return;
        }
        // Interest changes take effect at the next select; make a waiting loop start one.
        wakeup.run();
    }

    private int readOps() {
        return key.channel().validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    @Override
    public void close() {
        key.cancel();
        wakeup.run();
    }

    /** Calls the handler for the ready operations; runs on the loop thread. */
    void dispatch() {
        try {
            if (key.isValid() && (key.readyOps() & readOps()) != 0) {
                handler.readable(this);
            }
            if (key.isValid() && key.isWritable()) {
                handler.writable(this);
            }
        } catch (CancelledKeyException e) {
            // Closed by its own handler: nothing left to report.
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.error("I/O handler {} failed", handler, e);
        }
    }

    int initialOps() {
        return readOps();
    }
}
