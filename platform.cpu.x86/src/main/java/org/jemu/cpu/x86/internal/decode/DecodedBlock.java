package org.jemu.cpu.x86.internal.decode;

/**
 * A run of decoded instructions in compact form: {@link DecodedInsn#WORDS} longs per instruction in one
 * {@code long[]} (see {@link DecodedInsn#pack} for the layout), plus the guest address of the first one. The
 * execution engine keeps these per guest page/block and unpacks into one reusable {@link DecodedInsn}.
 */
public final class DecodedBlock {
    private final long start;
    private long[] words;
    private int count;
    private int bytes;

    public DecodedBlock(long start, int capacity) {
        this.start = start;
        this.words = new long[Math.max(1, capacity) * DecodedInsn.WORDS];
    }

    /** Decodes from {@code start} until an instruction that ends a block, {@code maxInsns}, or {@code maxBytes}. */
    public static DecodedBlock decode(ByteSource src, long start, int mode, int maxInsns, int maxBytes, DecodedInsn tmp) {
        DecodedBlock b = new DecodedBlock(start, Math.min(maxInsns, 32));
        long pc = start;
        while (b.count < maxInsns && b.bytes < maxBytes) {
            Decoder.decode(src, pc, mode, tmp);
            b.add(tmp);
            pc += tmp.length;
            if (tmp.endsBlock()) break;
        }
        return b;
    }

    /** Appends {@code insn}. */
    public void add(DecodedInsn insn) {
        if ((count + 1) * DecodedInsn.WORDS > words.length) words = java.util.Arrays.copyOf(words, words.length * 2);
        insn.pack(words, count * DecodedInsn.WORDS);
        count++;
        bytes += insn.length;
    }

    /** Reads instruction {@code i} back into {@code out}. */
    public DecodedInsn get(int i, DecodedInsn out) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
        out.unpack(words, i * DecodedInsn.WORDS);
        return out;
    }

    /** Guest address of the first instruction. */
    public long start() { return start; }

    public int size() { return count; }

    /** Total length in bytes of the instructions (the address after the block is start() + byteLength()). */
    public int byteLength() { return bytes; }

    /** The packed words (WORDS per instruction); for engines that read fields directly. */
    public long[] words() { return words; }
}
