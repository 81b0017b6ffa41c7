package org.jemu.memory;

/** The outcome of a memory transaction (QEMU's MemTxResult). Dispatch never throws for a bad guest address. */
public enum MemTxResult {
    /** The access completed. */
    OK,
    /** Nothing claims (part of) the address range, or an IOMMU refused to translate it. */
    DECODE_ERROR,
    /** Something claims the range but refused the access (invalid size or alignment, a device error). */
    ACCESS_ERROR
}
