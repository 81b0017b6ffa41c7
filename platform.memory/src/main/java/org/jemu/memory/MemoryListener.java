package org.jemu.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows the flat view of one address space (QEMU's MemoryListener), e.g. an accelerator mirroring guest RAM into
 * its memory slots. Registered with {@link MemorySystem#addListener}; the current view is replayed as
 * {@link #regionAdd} at once. On each view change the system calls, inside {@link #begin()}/{@link #commit()}: first
 * every {@link #regionDel} (listeners in descending priority), then {@link #regionAdd}, {@link #regionNop},
 * {@link #logStart} (ascending priority) and {@link #logStop} (descending). Calls come under the global lock.
 */
@ConsumerType
public interface MemoryListener {

    /** Order among listeners: additions go to lower priorities first, deletions to higher priorities first. */
    default int priority() {
        return 0;
    }

    /** A batch of changes starts (called on every listener of the system). */
    default void begin() {
    }

    /** The batch is complete. */
    default void commit() {
    }

    /** A section appeared (or changed attributes: it was deleted first). */
    default void regionAdd(MemoryRegionSection section) {
    }

    /** A section disappeared. */
    default void regionDel(MemoryRegionSection section) {
    }

    /** A section is unchanged by this update. */
    default void regionNop(MemoryRegionSection section) {
    }

    /** Dirty logging started for some clients ({@link DirtyClient#bit()} masks). */
    default void logStart(MemoryRegionSection section, int oldMask, int newMask) {
    }

    /** Dirty logging stopped for some clients. */
    default void logStop(MemoryRegionSection section, int oldMask, int newMask) {
    }
}
