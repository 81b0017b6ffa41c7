package org.jemu.cpu.x86.internal.mmu;

/**
 * The hidden part of a segment register (or LDTR/TR): selector, base, limit in bytes and the descriptor attributes,
 * kept as bits 55:40 of the descriptor shifted down by 32 (QEMU's SegmentCache flags: type, S, DPL, P, AVL, L, D/B,
 * G in bits 8..23). A protected-mode null selector load leaves the attributes 0: the register is unusable and every
 * access through it faults. Mutable; one per register.
 */
public final class SegmentCache {

    static final int FLAG_ACCESSED = 1 << 8;
    static final int FLAG_W = 1 << 9;
    static final int FLAG_EC = 1 << 10;
    static final int FLAG_CODE = 1 << 11;
    static final int FLAG_S = 1 << 12;
    static final int FLAG_DPL_SHIFT = 13;
    static final int FLAG_P = 1 << 15;
    static final int FLAG_L = 1 << 21;
    static final int FLAG_B = 1 << 22;
    static final int FLAG_G = 1 << 23;
    /** Attributes of a segment after reset or a vm86 load, without DPL: present, read/write data, accessed. */
    static final int FLAGS_REAL = FLAG_P | FLAG_S | FLAG_W | FLAG_ACCESSED;

    private int selector;
    private long base;
    private long limit;
    private int flags;

    /** A register as after reset: selector 0, base 0, limit 0xffff, present read/write data. */
    public SegmentCache() {
        set(0, 0, 0xffff, FLAGS_REAL);
    }

    /** Sets every field (QEMU's cpu_x86_load_seg_cache); {@code flags} as described in the class comment. */
    public void set(int selector, long base, long limit, int flags) {
        this.selector = selector & 0xffff;
        this.base = base;
        this.limit = limit & 0xffff_ffffL;
        this.flags = flags;
    }

    /** Loads from a descriptor: base, scaled limit, attributes. */
    public void setFromDescriptor(int selector, long descriptor) {
        set(selector, Descriptor.base(descriptor), Descriptor.limit(descriptor), (int) (descriptor >>> 32) & 0x00f0_ff00);
    }

    public void setBase(long base) {
        this.base = base;
    }

    public int selector() {
        return selector;
    }

    public long base() {
        return base;
    }

    /** The limit in bytes (already scaled by G). */
    public long limit() {
        return limit;
    }

    public int flags() {
        return flags;
    }

    public int rpl() {
        return selector & 3;
    }

    public int dpl() {
        return (flags >>> FLAG_DPL_SHIFT) & 3;
    }

    public boolean present() {
        return (flags & FLAG_P) != 0;
    }

    /** Whether the register may be used for accesses (not loaded with a null selector in protected mode). */
    public boolean usable() {
        return (flags & FLAG_P) != 0;
    }

    public boolean isCode() {
        return (flags & (FLAG_S | FLAG_CODE)) == (FLAG_S | FLAG_CODE);
    }

    public boolean readable() {
        return !isCode() || (flags & FLAG_W) != 0;
    }

    public boolean writable() {
        return (flags & (FLAG_S | FLAG_CODE | FLAG_W)) == (FLAG_S | FLAG_W);
    }

    public boolean expandDown() {
        return (flags & (FLAG_S | FLAG_CODE | FLAG_EC)) == (FLAG_S | FLAG_EC);
    }

    public boolean conforming() {
        return isCode() && (flags & FLAG_EC) != 0;
    }

    /** D/B: 32-bit code or stack, 4 GiB upper bound of an expand-down segment. */
    public boolean big() {
        return (flags & FLAG_B) != 0;
    }

    /** L: 64-bit code segment. */
    public boolean longCode() {
        return (flags & FLAG_L) != 0;
    }

    public boolean granularity() {
        return (flags & FLAG_G) != 0;
    }

    /** The system type (LDT, TSS) of LDTR/TR. */
    public int type() {
        return (flags >>> 8) & 0xf;
    }

    /**
     * Whether {@code size} bytes at {@code offset} lie within the limit: expand-up {@code offset..offset+size-1 <=
     * limit}; expand-down {@code limit < offset} and the last byte at most 0xffff, or 0xffffffff with D/B set.
     */
    public boolean withinLimit(long offset, int size) {
        long last = offset + size - 1;
        if (expandDown()) {
            long upper = big() ? 0xffff_ffffL : 0xffff;
            return offset > limit && offset <= upper && last <= upper && last >= offset;
        }
        return offset >= 0 && last >= offset && last <= limit;
    }

    @Override
    public String toString() {
        return String.format("%04x base=%x limit=%x flags=%06x", selector, base, limit, flags);
    }
}
