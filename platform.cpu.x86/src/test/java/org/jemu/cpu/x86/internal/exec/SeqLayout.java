package org.jemu.cpu.x86.internal.exec;

/**
 * The fixed addresses shared by the native runner ({@link NativeSeqRunner}) and jemu's long-mode test machine
 * ({@link LongModeMachine}) for the CPU differential tester: the sequence's code, its scratch data block and its
 * scratch stack live at the same (virtual = guest-physical) addresses on both sides, so that absolute and
 * RIP-relative addresses and pointer values in registers mean the same thing.
 */
final class SeqLayout {
    /** Code of one sequence (RWX natively); up to {@link #CODE_SIZE} bytes including the trailer. */
    static final long CODE = 0x1000_0000L;
    static final int CODE_SIZE = 0x1_0000;
    /** The scratch data block that memory operands and string instructions address. */
    static final long DATA = 0x1001_0000L;
    static final int DATA_SIZE = 1024;
    /** The scratch stack block; RSP starts in its middle. */
    static final long STACK = 0x1002_0000L;
    static final int STACK_SIZE = 512;
    static final long STACK_START = STACK + STACK_SIZE / 2;
    /** The value of the reserved base register: the middle of the data block. */
    static final long DATA_MID = DATA + DATA_SIZE / 2;

    private SeqLayout() {
    }

    /** splitmix64, the generator that fills the data and stack blocks from a seed (also in the C helper). */
    static long splitmix(long[] state) {
        long z = (state[0] += 0x9E37_79B9_7F4A_7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** The initial contents of the data block followed by the stack block for a memory seed. */
    static byte[] initialMemory(long seed) {
        byte[] b = new byte[DATA_SIZE + STACK_SIZE];
        long[] st = {seed};
        for (int i = 0; i < b.length; i += 8) {
            long v = splitmix(st);
            for (int k = 0; k < 8; k++) b[i + k] = (byte) (v >>> (8 * k));
        }
        return b;
    }
}
