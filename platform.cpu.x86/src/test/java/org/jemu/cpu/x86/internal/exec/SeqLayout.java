package org.jemu.cpu.x86.internal.exec;

/**
 * The fixed addresses shared by the native runner ({@link NativeSeqRunner}) and jemu's long-mode test machine
 * ({@link LongModeMachine}) for the CPU differential tester: the sequence's code, its scratch data block and its
 * scratch stack live at the same (virtual = guest-physical) addresses on both sides, so that absolute and
 * RIP-relative addresses and pointer values in registers mean the same thing.
 */
final class SeqLayout {
    /** Start of the blocks: RAM in jemu, the RWX code mapping natively (up to {@link #DATA_MAP}). */
    static final long BASE = 0x1000_0000L;
    /** Code of one sequence; starts 128 bytes below a page boundary so that fetches cross pages. */
    static final long CODE = BASE + 0xf80;
    /** Start of the native read/write mapping of the data and stack blocks. */
    static final long DATA_MAP = BASE + 0xf000;
    /** The scratch data block that memory operands and string instructions address; its middle is a page boundary. */
    static final long DATA = 0x1000_fe00L;
    static final int DATA_SIZE = 1024;
    /** The scratch stack block; RSP starts in its middle, at a page boundary. */
    static final long STACK = 0x1001_ff00L;
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
