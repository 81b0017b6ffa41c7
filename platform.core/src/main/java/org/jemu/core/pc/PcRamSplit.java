package org.jemu.core.pc;

import org.jemu.core.machine.BoardContext;
import org.jemu.memory.MemoryRegion;

/**
 * A PC's RAM split around the 32-bit PCI hole and the mapping QEMU 7.2's pc_memory_init (hw/i386/pc.c) makes of it:
 * the RAM region stays whole and two aliases show it, "ram-below-4g" at 0 and "ram-above-4g" at 4 GiB (only when
 * there is RAM above). Where the split falls is the board's rule (i440FX and Q35 differ).
 *
 * @param below4g bytes mapped from address 0
 * @param above4g bytes mapped from 4 GiB
 */
public record PcRamSplit(long below4g, long above4g) {

    /** Where RAM above the PCI hole starts (x86ms->above_4g_mem_start). */
    public static final long ABOVE_4G_START = 4L << 30;

    /** The split that puts {@code lowmem} bytes below 4 GiB, or all of {@code ramSize} if it is smaller. */
    public static PcRamSplit at(long ramSize, long lowmem) {
        return ramSize >= lowmem ? new PcRamSplit(lowmem, ramSize - lowmem) : new PcRamSplit(ramSize, 0);
    }

    /** Maps {@code ram} into {@code systemMemory} through the two aliases. */
    public void map(MemoryRegion systemMemory, MemoryRegion ram) {
        systemMemory.addSubregion(0, MemoryRegion.alias("ram-below-4g", ram, 0, below4g));
        if (above4g > 0) {
            systemMemory.addSubregion(ABOVE_4G_START, MemoryRegion.alias("ram-above-4g", ram, below4g, above4g));
        }
    }

    /** For a BEFORE_DEVICES hook: maps the machine's RAM this way and records the split on the machine. */
    public void install(BoardContext ctx) {
        map(ctx.systemMemory(), ctx.machine().ram());
        ctx.machine().recordRamSplit(below4g, above4g);
    }
}
