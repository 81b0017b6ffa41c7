package org.jemu.plugin.q35.internal;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.memory.MemoryRegion;

/**
 * How the q35 machine splits its RAM around the 32-bit PCI hole, and the mapping QEMU 7.2's pc_memory_init
 * (hw/i386/pc.c) makes of it: the RAM region stays whole and two aliases show it, "ram-below-4g" at 0 and
 * "ram-above-4g" at 4 GiB (only when there is RAM above).
 *
 * @param below4g bytes mapped from address 0
 * @param above4g bytes mapped from 4 GiB
 */
record PcRamSplit(long below4g, long above4g) {

    /** Where RAM above the PCI hole starts (x86ms->above_4g_mem_start). */
    static final long ABOVE_4G_START = 4L << 30;
    /** Below this much RAM, all of it fits under the PCI hole and MMCONFIG (2.75 GiB)... */
    static final long FITS_BELOW = 0xb000_0000L;
    /** ...otherwise RAM splits at 2 GiB, keeping 1 GiB-aligned guest addresses 1 GiB-aligned in the host. */
    static final long SPLIT_LOWMEM = 0x8000_0000L;

    /**
     * QEMU 7.2's pc_q35_init (hw/i386/pc_q35.c): lowmem is 2 GiB if the RAM reaches 2.75 GiB, else 2.75 GiB; a
     * non-zero max-ram-below-4g caps it (0 meaning 4 GiB: no cap); RAM up to lowmem goes below 4 GiB, the rest above.
     */
    static PcRamSplit of(long ramSize, long maxRamBelow4g) {
        long lowmem = ramSize >= FITS_BELOW ? SPLIT_LOWMEM : FITS_BELOW;
        if (maxRamBelow4g != 0) lowmem = Math.min(lowmem, maxRamBelow4g);
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
