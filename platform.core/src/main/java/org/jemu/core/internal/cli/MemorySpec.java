package org.jemu.core.internal.cli;

import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsSchema;

/**
 * {@code -m [size=]SIZE[,slots=N,maxmem=SIZE]}.
 *
 * @param size initial RAM in bytes, rounded up to 8 KiB like QEMU
 * @param slots memory hotplug slots, 0 if none
 * @param maxMem the hotplug limit in bytes, 0 if none
 */
public record MemorySpec(long size, int slots, long maxMem) {
    private static final long MIB = 1L << 20;
    private static final long ALIGN = 8192;

    static final OptsSchema SCHEMA = OptsSchema.of("m", "size")
            .size("size", "initial amount of guest memory (bare number: MiB)")
            .number("slots", "number of hotplug slots")
            .size("maxmem", "maximum amount of guest memory");

    static MemorySpec parse(Opts opts) throws CliException {
        String text = opts.string("size").orElseThrow(() -> CliException.of("m", "missing 'size' value"));
        if (text.isEmpty()) {
            throw CliException.of("m", "missing 'size' value");
        }
        long size;
        try {
            // As in QEMU, a number without suffix means MiB (for size only; maxmem stays in bytes).
            size = opts.size("size", 0, MIB);
        } catch (IllegalArgumentException e) {
            throw CliException.of("m", "invalid RAM size '" + text + "'");
        }
        if (size == 0) {
            throw CliException.of("m", "RAM size must be greater than zero");
        }
        if (size > Long.MAX_VALUE - ALIGN) {
            throw CliException.of("m", "RAM size '" + text + "' is too large");
        }
        size = (size + ALIGN - 1) / ALIGN * ALIGN;
        SCHEMA.validate(opts.without("size"));
        long slots = opts.number("slots", 0);
        long maxMem = opts.size("maxmem", 0);
        if (slots > 0 && !opts.has("maxmem")) {
            throw CliException.of("m", "memory slots were specified but maximum memory size (maxmem) was not");
        }
        if (opts.has("maxmem") && slots == 0) {
            throw CliException.of("m", "maxmem was specified, but no hotplug slots were specified");
        }
        if (opts.has("maxmem") && maxMem < size) {
            throw CliException.of("m", "maxmem (" + maxMem + ") must be at least the initial memory size (" + size + ")");
        }
        if (slots > 256) {
            throw CliException.of("m", "slots (" + slots + ") must not exceed 256");
        }
        return new MemorySpec(size, (int) slots, maxMem);
    }
}
