package org.jemu.cpu.x86.internal.mmu;

/**
 * Linear-address memory as the segmentation code sees it: implicit supervisor-mode accesses (descriptor tables, the
 * TSS) that go through paging. Implemented by {@link Mmu}; tests use a fake.
 */
public interface LinearMemory {

    /** Reads {@code size} (1, 2, 4 or 8) bytes at {@code linear}, little-endian, zero-extended. */
    long readLinear(long linear, int size);

    /** Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code value} at {@code linear}, little-endian. */
    void writeLinear(long linear, int size, long value);
}
