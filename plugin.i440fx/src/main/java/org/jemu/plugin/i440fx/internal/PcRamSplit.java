package org.jemu.plugin.i440fx.internal;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.memory.MemoryRegion;

/**
 * How the pc machine splits its RAM around the 32-bit PCI hole, and the mapping QEMU 7.2's pc_memory_init
 * (hw/i386/pc.c) makes of it: the RAM region stays whole and two aliases show it, "ram-below-4g" at 0 and
 * "ram-above-4g" at 4 GiB (only when there is RAM above).
 *
 * @param below4g bytes mapped from address 0
 * @param above4g bytes mapped from 4 GiB
 */
record PcRamSplit(long below4g, long above4g) {

    /** Where RAM above the PCI hole starts (x86ms->above_4g_mem_start). */
    static final long ABOVE_4G_START = 4L << 30;
    /** The traditional split, and max-ram-below-4g's meaning when 0. */
    static final long DEFAULT_MAX_BELOW_4G = 0xe000_0000L;
    /** With gigabyte_align (every pc machine since 2.0), a RAM that needs splitting splits at 3 GiB at most. */
    static final long GIGABYTE_ALIGNED_LOWMEM = 0xc000_0000L;

    /**
     * QEMU 7.2's pc_init1 (hw/i386/pc_piix.c): lowmem is max-ram-below-4g (0 meaning 3.5 GiB); if the RAM reaches
     * it, lowmem is capped at 3 GiB (gigabyte_align); RAM up to lowmem goes below 4 GiB, the rest above.
     */
    static PcRamSplit of(long ramSize, long maxRamBelow4g) {
        long max = maxRamBelow4g == 0 ? DEFAULT_MAX_BELOW_4G : maxRamBelow4g;
        long lowmem = max;
        if (ramSize >= max) lowmem = Math.min(lowmem, GIGABYTE_ALIGNED_LOWMEM);
        return ramSize >= lowmem ? new PcRamSplit(lowmem, ramSize - lowmem) : new PcRamSplit(ramSize, 0);
    }

    /** Maps {@code ram} into {@code systemMemory} through the two aliases. */
    void map(MemoryRegion systemMemory, MemoryRegion ram) {
        systemMemory.addSubregion(0, MemoryRegion.alias("ram-below-4g", ram, 0, below4g));
        if (above4g > 0) {
            systemMemory.addSubregion(ABOVE_4G_START, MemoryRegion.alias("ram-above-4g", ram, below4g, above4g));
        }
    }

    /** The board's BEFORE_DEVICES hook: splits and maps the machine's RAM and records the split on the machine. */
    static void layOutRam(BoardContext ctx) {
        Machine m = ctx.machine();
        PcRamSplit split = of(ctx.config().ramSize(), m.getLong("max-ram-below-4g"));
        split.map(ctx.systemMemory(), m.ram());
        m.recordRamSplit(split.below4g(), split.above4g());
    }
}
