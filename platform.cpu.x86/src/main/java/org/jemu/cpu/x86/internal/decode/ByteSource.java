package org.jemu.cpu.x86.internal.decode;

/**
 * Where the decoder reads instruction bytes. The decoder asks for {@code pc + i} for the i-th byte of an instruction
 * decoded at {@code pc}; what the address means (linear address, offset in a page...) is the caller's choice, and so is
 * any wrap-around (16-bit IP).
 */
@FunctionalInterface
public interface ByteSource {
    /** The byte at {@code address} as 0..255; throws {@link FetchFault} when it cannot be read. */
    int fetch(long address);

    /** A source over {@code bytes}, where {@code bytes[0]} is at address {@code base}; outside it faults. */
    static ByteSource of(byte[] bytes, long base) {
        return address -> {
            long i = address - base;
            if (i < 0 || i >= bytes.length) throw new FetchFault(address);
            return bytes[(int) i] & 0xFF;
        };
    }
}
