package org.jemu.memory;

/** Who tracks writes to RAM (QEMU's DIRTY_MEMORY_* clients); each has its own 4 KiB-page bitmap. */
public enum DirtyClient {
    /** The display: which parts of video RAM to redraw. */
    DISPLAY,
    /** The code cache: which translated code became stale. */
    CODE,
    /** Live migration: which pages to send again. */
    MIGRATION;

    /** Bit of this client in region and block log masks. */
    public int bit() {
        return 1 << ordinal();
    }
}
