package org.jemu.core.chardev.internal;

import org.jemu.core.event.MainLoop;

/** Discards output and never has input. */
final class NullChardev extends AbstractChardev {

    NullChardev(String id, MainLoop loop) {
        super(id, "null", loop);
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        return len;
    }

    @Override
    protected void closeBackend() {
    }
}
