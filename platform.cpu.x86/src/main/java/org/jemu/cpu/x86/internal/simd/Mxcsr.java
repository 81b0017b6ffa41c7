package org.jemu.cpu.x86.internal.simd;

/**
 * The MXCSR register's fields (SDM vol. 1, 10.2.3): the six exception flags (bits 0-5), DAZ (6), the six exception
 * masks (7-12), the rounding control (13-14) and flush-to-zero (15). Bits 16-31 are reserved: loading a 1 there
 * (LDMXCSR, FXRSTOR) is #GP(0).
 */
public final class Mxcsr {
    private Mxcsr() {}

    /** Invalid operation, denormal operand, divide by zero, overflow, underflow, precision (flags; masks are << 7). */
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 0x10, PE = 0x20;
    /** All six exception flags. */
    public static final int FLAGS = 0x3F;
    /** The pre-computation exceptions (detected before the operation; an unmasked one suppresses the others). */
    public static final int PRE = IE | DE | ZE;
    public static final int DAZ = 0x40;
    public static final int MASK_SHIFT = 7;
    public static final int RC_SHIFT = 13;
    public static final int FZ = 0x8000;
    /** The power-on and reset value: all exceptions masked, round to nearest. */
    public static final int RESET = 0x1F80;
    /** The bits that may be set (MXCSR_MASK of the FXSAVE image: DAZ is supported). */
    public static final int WRITABLE = 0xFFFF;

    /** Rounding control values. */
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

    /** The exception flags whose mask bit is clear in {@code mxcsr}. */
    public static int unmasked(int mxcsr) {
        return ~(mxcsr >>> MASK_SHIFT) & FLAGS;
    }
}
