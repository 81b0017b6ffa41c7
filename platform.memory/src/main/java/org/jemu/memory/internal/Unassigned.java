package org.jemu.memory.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts and logs accesses that reach no backing (holes, reservations): one per memory system. */
public final class Unassigned {

    private static final Logger LOG = LoggerFactory.getLogger("org.jemu.memory.unassigned");

    private final AtomicLong count = new AtomicLong();

    public void hit(String space, long address, long size, boolean write) {
        count.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            LOG.debug("unassigned {} of {} bytes at 0x{} in {}", write ? "write" : "read", size,
                    Long.toHexString(address), space);
        }
    }

    public long count() {
        return count.get();
    }
}
