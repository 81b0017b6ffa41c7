package org.jemu.plugin.pc.internal;

import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;

/** Byte-wide port registers from two lambdas (QEMU's impl size 1: wider accesses split into bytes). */
final class BytePorts {

    /** Reads a byte register at an offset of the region. */
    @FunctionalInterface
    interface Reader {
        long read(long offset);
    }

    /** Writes a byte register at an offset of the region. */
    @FunctionalInterface
    interface Writer {
        void write(long offset, long value);
    }

    private BytePorts() {
    }

    static MemoryRegionOps of(Reader r, Writer w) {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return r.read(offset);
            }

            @Override
            public void write(long offset, int size, long value) {
                w.write(offset, value);
            }

            @Override
            public AccessConstraints valid() {
                return AccessConstraints.ANY;
            }

            @Override
            public AccessConstraints impl() {
                return AccessConstraints.exactly(1);
            }
        };
    }

    /** The same registers seen {@code by} offsets further on (a region that starts past the device's base). */
    static MemoryRegionOps shifted(Reader r, Writer w, long by) {
        return of(off -> r.read(off + by), (off, v) -> w.write(off + by, v));
    }
}
