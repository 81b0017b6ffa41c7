package org.jemu.cpu.x86.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compares status flags and prints them by name ("CF ZF") on failure. */
final class FlagAssert {
    private FlagAssert() {
    }

    static String names(long flags) {
        StringBuilder sb = new StringBuilder();
        String[] n = {"CF", null, "PF", null, "AF", null, "ZF", "SF", null, null, null, "OF"};
        for (int i = 0; i < n.length; i++) {
            if (n[i] != null && (flags >>> i & 1) != 0) {
                sb.append(sb.isEmpty() ? "" : " ").append(n[i]);
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    /** Asserts that exactly {@code expected} of the six status flags are set. */
    static void assertFlags(long expected, LazyFlags f) {
        assertEquals(names(expected), names(f.flags()));
    }

    /** A flags object whose six status flags equal {@code flags}. */
    static LazyFlags with(long flags) {
        LazyFlags f = new LazyFlags();
        f.load(flags);
        return f;
    }
}
