package org.jemu.cpu.x86.internal.mmu;

/**
 * Decoding of raw 8-byte segment and gate descriptors (SDM Vol. 3 3.4.5, 6.11, 7.2.2), as static functions on the
 * descriptor's 64-bit little-endian value so that nothing is allocated. 16-byte long-mode system descriptors (LDT,
 * TSS, call/interrupt/trap gates) pass their upper 8 bytes as {@code high}.
 */
public final class Descriptor {

    // type field (bits 43:40) of code/data descriptors
    public static final int TYPE_ACCESSED = 1;
    /** Data: writable. Code: readable. */
    public static final int TYPE_WR = 2;
    /** Data: expand-down. Code: conforming. */
    public static final int TYPE_EC = 4;
    public static final int TYPE_CODE = 8;

    // system descriptor types
    public static final int SYS_TSS16_AVAILABLE = 1;
    public static final int SYS_LDT = 2;
    public static final int SYS_TSS16_BUSY = 3;
    public static final int SYS_CALL_GATE16 = 4;
    public static final int SYS_TASK_GATE = 5;
    public static final int SYS_INT_GATE16 = 6;
    public static final int SYS_TRAP_GATE16 = 7;
    public static final int SYS_TSS_AVAILABLE = 9;
    public static final int SYS_TSS_BUSY = 11;
    public static final int SYS_CALL_GATE = 12;
    public static final int SYS_INT_GATE = 14;
    public static final int SYS_TRAP_GATE = 15;

    private Descriptor() {
    }

    /** Bits 31:0 of the base (bits 63:32 of a 16-byte system descriptor via {@link #base64}). */
    public static long base(long d) {
        return ((d >>> 16) & 0xff_ffffL) | (((d >>> 56) & 0xff) << 24);
    }

    /** The 64-bit base of a 16-byte LDT or TSS descriptor. */
    public static long base64(long d, long high) {
        return base(d) | ((high & 0xffff_ffffL) << 32);
    }

    /** The raw 20-bit limit field. */
    public static int rawLimit(long d) {
        return (int) ((d & 0xffff) | ((d >>> 32) & 0xf_0000L));
    }

    /** The limit in bytes: the raw limit, scaled to 4 KiB units with the low 12 bits set when G is set. */
    public static long limit(long d) {
        long raw = rawLimit(d);
        return granularity(d) ? (raw << 12) | 0xfff : raw;
    }

    public static int type(long d) {
        return (int) (d >>> 40) & 0xf;
    }

    /** S: code or data segment (true) or system descriptor (false). */
    public static boolean isCodeOrData(long d) {
        return (d & (1L << 44)) != 0;
    }

    public static int dpl(long d) {
        return (int) (d >>> 45) & 3;
    }

    public static boolean present(long d) {
        return (d & (1L << 47)) != 0;
    }

    public static boolean avl(long d) {
        return (d & (1L << 52)) != 0;
    }

    /** L: 64-bit code segment. */
    public static boolean longCode(long d) {
        return (d & (1L << 53)) != 0;
    }

    /** D/B: 32-bit default operand size (code), 32-bit stack / 4 GiB expand-down bound (data). */
    public static boolean big(long d) {
        return (d & (1L << 54)) != 0;
    }

    public static boolean granularity(long d) {
        return (d & (1L << 55)) != 0;
    }

    public static boolean isCode(long d) {
        return isCodeOrData(d) && (type(d) & TYPE_CODE) != 0;
    }

    public static boolean isData(long d) {
        return isCodeOrData(d) && (type(d) & TYPE_CODE) == 0;
    }

    public static boolean conforming(long d) {
        return isCode(d) && (type(d) & TYPE_EC) != 0;
    }

    public static boolean readable(long d) {
        return isData(d) || (type(d) & TYPE_WR) != 0;
    }

    public static boolean writable(long d) {
        return isData(d) && (type(d) & TYPE_WR) != 0;
    }

    public static boolean expandDown(long d) {
        return isData(d) && (type(d) & TYPE_EC) != 0;
    }

    public static boolean accessed(long d) {
        return (type(d) & TYPE_ACCESSED) != 0;
    }

    /** Whether a system descriptor is an available or busy TSS (16- or 32/64-bit). */
    public static boolean isTss(long d) {
        int t = type(d);
        return !isCodeOrData(d) && (t == SYS_TSS16_AVAILABLE || t == SYS_TSS16_BUSY || t == SYS_TSS_AVAILABLE
                || t == SYS_TSS_BUSY);
    }

    /** Whether a system descriptor is a call, interrupt, trap or task gate. */
    public static boolean isGate(long d) {
        int t = type(d);
        return !isCodeOrData(d) && ((t >= SYS_CALL_GATE16 && t <= SYS_TRAP_GATE16) || t == SYS_CALL_GATE
                || t == SYS_INT_GATE || t == SYS_TRAP_GATE);
    }

    /** The target code-segment selector of a call/interrupt/trap gate (the TSS selector of a task gate). */
    public static int gateSelector(long d) {
        return (int) (d >>> 16) & 0xffff;
    }

    /** The 32-bit entry offset of a gate (16-bit gates use the low half). */
    public static long gateOffset(long d) {
        return (d & 0xffff) | ((d >>> 32) & 0xffff_0000L);
    }

    /** The 64-bit entry offset of a long-mode gate. */
    public static long gateOffset64(long d, long high) {
        return gateOffset(d) | ((high & 0xffff_ffffL) << 32);
    }

    /** The parameter count (dwords or words to copy) of a 16/32-bit call gate. */
    public static int gateParamCount(long d) {
        return (int) (d >>> 32) & 0x1f;
    }

    /** The interrupt stack table index (0 = none) of a long-mode interrupt/trap gate. */
    public static int gateIst(long d) {
        return (int) (d >>> 32) & 7;
    }

    /** The type field of the upper half of a 16-byte descriptor, which must be 0 (else #GP). */
    public static int upperType(long high) {
        return (int) (high >>> 40) & 0x1f;
    }

    /**
     * Encodes a code/data or system descriptor (for tests and for building descriptors such as SYSCALL's flat
     * segments): {@code access} is bits 47:40 (P, DPL, S, type), {@code flags} bits 55:52 (G, D/B, L, AVL).
     */
    public static long encode(long base, int rawLimit, int access, int flags) {
        return (rawLimit & 0xffffL) | ((base & 0xff_ffffL) << 16) | ((access & 0xffL) << 40)
                | (((rawLimit >>> 16) & 0xfL) << 48) | ((flags & 0xfL) << 52) | (((base >>> 24) & 0xffL) << 56);
    }
}
