package org.jemu.plugin.pc.internal;

import org.jemu.core.qdev.Device;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * The callbacks of a byte-wide port block (QEMU's MemoryRegionOps with {@code impl} 1..1): wider guest accesses are
 * split into byte accesses by the memory core, as on the ISA bus. For devices with more than one port block (a PIC's
 * command ports and its ELCR, the keyboard controller's data and command ports).
 */
record BytePorts(Reader reader, Writer writer) implements MemoryRegionOps {

    /** Reads the byte at {@code offset} of the block. */
    @FunctionalInterface
    interface Reader {
        int read(int offset);
    }

    /** Writes {@code value} (0..255) at {@code offset} of the block. */
    @FunctionalInterface
    interface Writer {
        void write(int offset, int value);
    }

    /** A region of {@code size} ports owned by {@code owner}, ready for {@code exposeIoPorts}. */
    static MemoryRegion region(Device owner, String name, int size, Reader reader, Writer writer) {
        return MemoryRegion.io(name, size, new BytePorts(reader, writer)).setOwner(owner);
    }

    /** The ops of a byte-wide port block. */
    static BytePorts of(Reader reader, Writer writer) {
        return new BytePorts(reader, writer);
    }

    /** The same registers seen {@code by} offsets further on (a block that starts past the device's base). */
    static BytePorts shifted(Reader reader, Writer writer, int by) {
        return new BytePorts(off -> reader.read(off + by), (off, v) -> writer.write(off + by, v));
    }

    @Override
    public long read(long offset, int size) {
        return reader.read((int) offset) & 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        writer.write((int) offset, (int) value & 0xff);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.exactly(1);
    }
}
