package org.jemu.core.chardev.internal;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevEvent;
import org.jemu.core.chardev.ChardevFrontend;
import org.jemu.core.event.BottomHalf;
import org.jemu.core.event.MainLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Common backend part: the frontend and the input path. Input from any thread goes into an {@link InputQueue};
 * a bottom half moves it to the frontend on the loop thread, as much as {@code canReceive()} allows.
 */
abstract class AbstractChardev implements Chardev {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractChardev.class);

    protected final String id;
    protected final MainLoop loop;
    private final String backend;
    private final InputQueue input = new InputQueue();
    private final BottomHalf flush;
    private ChardevFrontend frontend; // guarded by the global lock
    protected volatile boolean closed;

    AbstractChardev(String id, String backend, MainLoop loop) {
        this.id = id;
        this.backend = backend;
        this.loop = loop;
        this.flush = loop.newBottomHalf(this::flush);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public void attach(ChardevFrontend fe) {
        try (var l = loop.globalLock().acquire()) {
            frontend = fe;
        }
        flush.schedule();
    }

    @Override
    public void detach() {
        try (var l = loop.globalLock().acquire()) {
            frontend = null;
        }
    }

    @Override
    public void acceptInputAgain() {
        flush.schedule();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    /**
     * Queues input for the frontend; blocks while the queue is full.
     *
     * @return false when the chardev was closed meanwhile
     */
    protected final boolean pushInput(byte[] buf, int off, int len) throws InterruptedException {
        if (len <= 0) {
            return !closed;
        }
        boolean queued = input.putBytes(buf, off, len);
        flush.schedule();
        return queued;
    }

    protected final void pushEvent(ChardevEvent event) {
        input.putEvent(event);
        flush.schedule();
    }

    /** Runs as a bottom half: on the loop thread with the global lock held. */
    private void flush() {
        ChardevFrontend fe = frontend;
        while (fe != null && !closed) {
            Object head = input.peek();
            if (head == null) {
                return;
            }
            try {
                if (head instanceof ChardevEvent event) {
                    input.popEvent();
                    fe.event(event);
                } else {
                    byte[] chunk = (byte[]) head;
                    int off = input.headOffset();
                    int n = Math.min(fe.canReceive(), chunk.length - off);
                    if (n <= 0) {
                        return; // the frontend calls acceptInputAgain() when it has room
                    }
                    input.consume(n);
                    fe.receive(chunk, off, n);
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.error("Chardev '{}': frontend failed to take input", id, e);
            }
            fe = frontend;
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        input.close();
        flush.delete();
        closeBackend();
    }

    /** Releases backend resources; called once. */
    protected abstract void closeBackend();

    @Override
    public String toString() {
        return "chardev " + id + " (" + backend + ")";
    }
}
