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
            new Feature("syscall", 0x80000001, 'd', 11),
            new Feature("nx", 0x80000001, 'd', 20),
            new Feature("rdtscp", 0x80000001, 'd', 27),
            new Feature("lm", 0x80000001, 'd', 29),
            new Feature("lahf_lm", 0x80000001, 'c', 0),
            new Feature("abm", 0x80000001, 'c', 5));

    /** CPUID.1:EDX bit of the local APIC (cleared while the APIC is disabled in APIC_BASE). */
    static final int APIC_BIT = 9;

    /** Family 15, model 107, stepping 1 (QEMU's qemu64 signature). */
    static final int SIGNATURE = 0x000f06b1;
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
            case 0 -> new long[] {1, 0x68747541L, 0x444d4163L, 0x69746e65L}; // "AuthenticAMD"
            case 1 -> new long[] {SIGNATURE, LEAF1_EBX | (long) (apicId & 0xff) << 24, bits(1, 'c'), bits(1, 'd')};
            case 0x80000000 -> new long[] {0x80000001L, 0, 0, 0};
            case 0x80000001 -> new long[] {SIGNATURE, 0, bits(0x80000001, 'c'), bits(0x80000001, 'd')};
            default -> new long[4];
        };
    }
}
