package org.jemu.cpu.x86.internal.exec;

/**
 * What the SSE/MMX unit needs of the x87 unit: the MMX registers, which alias the low 64 bits of the x87 physical
 * registers R0-R7, and the x87 part of the 512-byte FXSAVE image. Implemented by the x87 unit's state.
 */
interface X87Sharing {

    /** MMX register {@code i} (0-7): the significand of physical register R{@code i}. */
    long mmx(int i);

    /**
     * Writes MMX register {@code i}: significand = {@code value}, sign and exponent all ones, as hardware does; also
     * the MMX transition ({@link #mmxTransition()}).
     */
    void setMmx(int i, long value);

    /** What every MMX instruction does to the x87 state: TOP = 0 and all tags valid. */
    void mmxTransition();

    /** EMMS: all tags empty. */
    void emms();

    /**
     * Stores the x87 part of an FXSAVE image into {@code image} (512 bytes): FCW, FSW, the abridged tag byte, FOP,
     * FIP/FCS and FDP/FDS (bytes 0-23; the 64-bit layout when {@code rexW}) and ST0-ST7 in bytes 32-159. Bytes 24-31
     * (MXCSR, MXCSR_MASK) and 160 onwards belong to the SSE unit.
     */
    void fxsave(byte[] image, boolean rexW);

    /** Loads the x87 part of an FXSAVE image (see {@link #fxsave}); the caller has checked alignment and MXCSR. */
    void fxrstor(byte[] image, boolean rexW);

    /**
     * What an MMX instruction does first, like a waiting x87 instruction: raises the pending unmasked x87 exception
     * (#MF as a {@code CpuException}, or the external FERR# route when CR0.NE is clear) if there is one.
     */
    default void waitCheck() {
    }
}
