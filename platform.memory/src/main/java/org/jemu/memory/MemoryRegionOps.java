package org.jemu.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device's register callbacks (QEMU's MemoryRegionOps). Values are little-endian guest values in the low
 * {@code size} bytes. Offsets are relative to the region. Calls come under the global lock.
 */
@ConsumerType
public interface MemoryRegionOps {

    long read(long offset, int size);

    void write(long offset, int size, long value);

    /** What the guest may do; anything else is an access error. */
    default AccessConstraints valid() {
        return AccessConstraints.ANY;
    }

    /** What {@link #read}/{@link #write} handle; other valid accesses are split or combined into these. */
    default AccessConstraints impl() {
        return AccessConstraints.ANY;
    }

    /**
     * Like {@link #read} but may report failure; the default calls {@link #read} and reports OK.
     * {@code out[0]} receives the value.
     */
    default MemTxResult readWithResult(long offset, int size, long[] out) {
        out[0] = read(offset, size);
        return MemTxResult.OK;
    }

    /** Like {@link #write} but may report failure; the default calls {@link #write} and reports OK. */
    default MemTxResult writeWithResult(long offset, int size, long value) {
        write(offset, size, value);
        return MemTxResult.OK;
    }
}
