package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPUID leaves of jemu's CPU models, built from one table of features so that the leaves and what {@code -cpu
 * help} lists cannot disagree. Only implemented features are here (QEMU's qemu64 also claims DE, MCE, MCA, PSE36,
 * SSE3 and SVM; jemu leaves out what it does not model).
 */
public final class Cpuid {

    /** A feature flag: QEMU's name, the leaf/register/bit that advertises it. */
    record Feature(String name, int leaf, char register, int bit) {
    }

    static final List<Feature> FEATURES = List.of(
            new Feature("fpu", 1, 'd', 0),
            new Feature("pse", 1, 'd', 3),
            new Feature("tsc", 1, 'd', 4),
            new Feature("msr", 1, 'd', 5),
            new Feature("pae", 1, 'd', 6),
            new Feature("cx8", 1, 'd', 8),
            new Feature("apic", 1, 'd', 9),
            new Feature("sep", 1, 'd', 11),
            new Feature("mtrr", 1, 'd', 12),
            new Feature("pge", 1, 'd', 13),
            new Feature("cmov", 1, 'd', 15),
            new Feature("pat", 1, 'd', 16),
            new Feature("clflush", 1, 'd', 19),
            new Feature("mmx", 1, 'd', 23),
            new Feature("fxsr", 1, 'd', 24),
            new Feature("sse", 1, 'd', 25),
            new Feature("sse2", 1, 'd', 26),
            new Feature("cx16", 1, 'c', 13),
            new Feature("popcnt", 1, 'c', 23),
            new Feature("hypervisor", 1, 'c', 31),
            new Feature("syscall", 0x80000001, 'd', 11),
            new Feature("nx", 0x80000001, 'd', 20),
            new Feature("rdtscp", 0x80000001, 'd', 27),
            new Feature("lm", 0x80000001, 'd', 29),
            new Feature("lahf_lm", 0x80000001, 'c', 0),
            new Feature("abm", 0x80000001, 'c', 5));

    /** CPUID.1:EDX bit of the local APIC (cleared while the APIC is disabled in APIC_BASE). */
    static final int APIC_BIT = 9;

    /**
     * Family 15, model 107, stepping 1 (QEMU's qemu64 signature): stepping in bits 3:0, the model's low nibble (0xb)
     * in 7:4, family 0xf in 11:8 and the model's high nibble (6) as the extended model in 19:16.
     */
    static final int SIGNATURE = 0x00060fb1;
    /** The highest basic leaf QEMU's qemu64 reports (leaves 2 to 0xd answer zeros here: nothing they describe). */
    static final int MAX_BASIC_LEAF = 0xd;
    /** The highest extended leaf. */
    static final long MAX_EXTENDED_LEAF = 0x80000008L;
    /** Leaves 0x80000002-4: the brand string, NUL-padded to 48 bytes. */
    static final String BRAND = "QEMU Virtual CPU version 2.5+";
    /**
     * 0x80000005 (AMD L1 TLBs and caches) with QEMU's legacy AMD values: 255-entry 1-way 2M/4M and 4K TLBs,
     * 64 KiB 2-way L1 data and instruction caches with 64-byte lines.
     */
    static final long[] L1_CACHE_TLB = {0x01ff01ffL, 0x01ff01ffL, 0x40020140L, 0x40020140L};
    /**
     * 0x80000006 (AMD L2 TLB, L2 and L3 caches), QEMU's legacy AMD values: no 2M L2 TLB, 512-entry 4-way 4K L2 TLBs,
     * 512 KiB 16-way L2 and 16 MiB 16-way L3, 64-byte lines.
     */
    static final long[] L2_CACHE_TLB = {0, 0x42004200L, 0x02008140L, 0x00808140L};
    /** 0x80000008 EAX: 40 physical and 48 linear address bits (QEMU's TCG defaults). */
    static final long ADDRESS_SIZES = 0x3028;
    /** CLFLUSH line size 8 (x8 = 64 bytes) in EBX[15:8]. */
    static final int LEAF1_EBX = 0x800;

    private Cpuid() {
    }

    /** The flag names of the default model, in leaf order (what {@code -cpu help} shows). */
    public static List<String> flags() {
        List<String> names = new ArrayList<>();
        for (Feature f : FEATURES) names.add(f.name());
        return names;
    }

    /** "AuthenticAMD" in EBX, EDX, ECX order. */
    static final long VENDOR_EBX = 0x68747541L, VENDOR_EDX = 0x69746e65L, VENDOR_ECX = 0x444d4163L;

    /** Part {@code part} (0-2) of the brand string: 16 bytes as four little-endian registers. */
    private static long[] brand(int part) {
        byte[] b = java.util.Arrays.copyOf(BRAND.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 48);
        long[] r = new long[4];
        for (int i = 0; i < 16; i++) r[i / 4] |= (long) (b[part * 16 + i] & 0xff) << (8 * (i % 4));
        return r;
    }

    private static long bits(int leaf, char register) {
        long v = 0;
        for (Feature f : FEATURES) {
            if (f.leaf() == leaf && f.register() == register) v |= 1L << f.bit();
        }
        return v;
    }

    /**
     * EAX, EBX, ECX, EDX of {@code leaf} for the CPU with local APIC ID {@code apicId}; zeros for leaves beyond the
     * maximum, as AMD processors answer.
     */
    static long[] leaf(int leaf, int apicId) {
        return switch (leaf) {
            case 0 -> new long[] {MAX_BASIC_LEAF, VENDOR_EBX, VENDOR_ECX, VENDOR_EDX};
            case 1 -> new long[] {SIGNATURE, LEAF1_EBX | (long) (apicId & 0xff) << 24, bits(1, 'c'), bits(1, 'd')};
            case 0x80000000 -> new long[] {MAX_EXTENDED_LEAF, VENDOR_EBX, VENDOR_ECX, VENDOR_EDX};
            case 0x80000001 -> new long[] {SIGNATURE, 0, bits(0x80000001, 'c'), bits(0x80000001, 'd')};
            case 0x80000002, 0x80000003, 0x80000004 -> brand(leaf - 0x80000002);
            case 0x80000005 -> L1_CACHE_TLB.clone();
            case 0x80000006 -> L2_CACHE_TLB.clone();
            case 0x80000008 -> new long[] {ADDRESS_SIZES, 0, 0, 0};
            default -> new long[4];
        };
    }
}
