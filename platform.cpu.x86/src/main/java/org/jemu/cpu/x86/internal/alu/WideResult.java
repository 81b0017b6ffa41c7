package org.jemu.cpu.x86.internal.alu;

/**
 * Mutable holder for the two outputs of MUL/IMUL (low and high half of the product) and DIV/IDIV (quotient and remainder).
 * A CPU owns one instance and passes it to {@link MulDiv}, so those operations allocate nothing.
 */
public final class WideResult {
    /** MUL/IMUL: low half of the product (AL/AX/EAX/RAX). DIV/IDIV: quotient. Zero-extended to 64 bits. */
    public long lo;
    /** MUL/IMUL: high half of the product (AH/DX/EDX/RDX). DIV/IDIV: remainder. Zero-extended to 64 bits. */
    public long hi;
}
