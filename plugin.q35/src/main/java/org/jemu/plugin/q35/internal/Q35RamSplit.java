package org.jemu.plugin.q35.internal;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.pc.PcRamSplit;

/** Where the q35 machine splits its RAM around the 32-bit PCI hole (QEMU 7.2's pc_q35_init in hw/i386/pc_q35.c). */
final class Q35RamSplit {

    /** Below this much RAM, all of it fits under the PCI hole and MMCONFIG (2.75 GiB)... */
    static final long FITS_BELOW = 0xb000_0000L;
    /** ...otherwise RAM splits at 2 GiB, keeping 1 GiB-aligned guest addresses 1 GiB-aligned in the host. */
    static final long SPLIT_LOWMEM = 0x8000_0000L;

    private Q35RamSplit() {
    }

    /**
     * lowmem is 2 GiB if the RAM reaches 2.75 GiB, else 2.75 GiB; a non-zero max-ram-below-4g caps it (0 meaning
     * 4 GiB: no cap); RAM up to lowmem goes below 4 GiB, the rest above.
     */
    static PcRamSplit of(long ramSize, long maxRamBelow4g) {
        long lowmem = ramSize >= FITS_BELOW ? SPLIT_LOWMEM : FITS_BELOW;
        if (maxRamBelow4g != 0) lowmem = Math.min(lowmem, maxRamBelow4g);
        return PcRamSplit.at(ramSize, lowmem);
    }

    /** The board's BEFORE_DEVICES hook: splits and maps the machine's RAM and records the split on the machine. */
    static void layOutRam(BoardContext ctx) {
        of(ctx.config().ramSize(), ctx.machine().getLong("max-ram-below-4g")).install(ctx);
    }
}
