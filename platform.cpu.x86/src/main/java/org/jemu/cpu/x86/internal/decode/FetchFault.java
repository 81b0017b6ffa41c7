package org.jemu.cpu.x86.internal.decode;

/**
 * Thrown by a {@link ByteSource} when an instruction byte cannot be fetched (page fault, bus error...).
 * The decoder lets it propagate unchanged; the CPU turns it into the architectural fault. Carries no stack trace,
 * so a source may cheaply create one per fault.
 */
public final class FetchFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public FetchFault(long address) {
        super("instruction fetch fault at 0x" + Long.toHexString(address), null, false, false);
        this.address = address;
    }

    /** The address passed to {@link ByteSource#fetch(long)} that failed. */
    public long address() { return address; }
}
