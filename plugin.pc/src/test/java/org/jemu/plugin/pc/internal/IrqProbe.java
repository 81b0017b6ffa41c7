package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.IrqLine;

/** An interrupt line for tests: its level, how often it was driven high and how many low-to-high edges it saw. */
final class IrqProbe implements IrqLine {
    boolean level;
    int raises;
    int edges;

    @Override
    public void set(boolean high) {
        if (high) {
            raises++;
            if (!level) edges++;
        }
        level = high;
    }

    /** Forgets the counts (the level stays). */
    void clear() {
        raises = 0;
        edges = 0;
    }
}
