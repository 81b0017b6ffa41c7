package org.jemu.plugin.i440fx.internal;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.pc.PcRamSplit;

/** Where the pc machine splits its RAM around the 32-bit PCI hole (QEMU 7.2's pc_init1 in hw/i386/pc_piix.c). */
final class PiixRamSplit {

    /** The traditional split, and max-ram-below-4g's meaning when 0. */
    static final long DEFAULT_MAX_BELOW_4G = 0xe000_0000L;
    /** With gigabyte_align (every pc machine since 2.0), a RAM that needs splitting splits at 3 GiB at most. */
    static final long GIGABYTE_ALIGNED_LOWMEM = 0xc000_0000L;

    private PiixRamSplit() {
    }

    /**
     * lowmem is max-ram-below-4g (0 meaning 3.5 GiB); if the RAM reaches it, lowmem is capped at 3 GiB
     * (gigabyte_align); RAM up to lowmem goes below 4 GiB, the rest above.
     */
    static PcRamSplit of(long ramSize, long maxRamBelow4g) {
        long max = maxRamBelow4g == 0 ? DEFAULT_MAX_BELOW_4G : maxRamBelow4g;
        long lowmem = max;
        if (ramSize >= max) lowmem = Math.min(lowmem, GIGABYTE_ALIGNED_LOWMEM);
        return PcRamSplit.at(ramSize, lowmem);
    }

    /** The board's BEFORE_DEVICES hook: splits and maps the machine's RAM and records the split on the machine. */
    static void layOutRam(BoardContext ctx) {
        of(ctx.config().ramSize(), ctx.machine().getLong("max-ram-below-4g")).install(ctx);
    }
}
